// The Prometheus text exposition format (version 0.0.4, what `kubectl get --raw /metrics`
// prints), sample lines only: `name{label="value",...} value [timestamp]`. Hand-written
// rather than a dependency (docs/measure.md, "Why a small parser"): a malformed line is
// reported with its number and the rest of the file is still read. Pure: text in, samples out.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** One-based line number. */
  line: number;
}

export interface ParsedMetrics {
  samples: Sample[];
  /** `metrics.txt:12: expected ...`-style problems, without the file name: `line 12: ...`. */
  problems: { line: number; message: string }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** `+Inf`, `-Inf`, `NaN` and Go's float syntax, as the format allows. */
function parseValue(s: string): number | undefined {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** Parses one sample line; a string is what is wrong with it. */
export function parseSampleLine(text: string, line: number): Sample | string {
  const m = NAME.exec(text);
  if (!m) return 'expected a metric name';
  const name = m[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (text[i] === '{') {
    i++;
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === '}') {
        i++;
        break;
      }
      const ln = LABEL_NAME.exec(text.slice(i));
      if (!ln) return `expected a label name at column ${i + 1}`;
      i += ln[0].length;
      if (text[i] !== '=' || text[i + 1] !== '"') return `expected ="value" after label ${ln[0]}`;
      i += 2;
      let value = '';
      for (;;) {
        const c = text[i];
        if (c === undefined) return `unterminated value of label ${ln[0]}`;
        i++;
        if (c === '"') break;
        if (c === '\\') {
          const e = text[i++];
          value += e === 'n' ? '\n' : e === '\\' ? '\\' : e === '"' ? '"' : `\\${e ?? ''}`;
        } else value += c;
      }
      labels[ln[0]] = value;
      while (text[i] === ' ') i++;
      if (text[i] === ',') i++;
      else if (text[i] !== '}') return `expected , or } after label ${ln[0]}`;
    }
  }
  const rest = text.slice(i).trim().split(/[ \t]+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '') return 'expected a value after the labels';
  const value = parseValue(rest[0]);
  if (value === undefined) return `expected a number, got ${JSON.stringify(rest[0].slice(0, 20))}`;
  if (rest.length === 2 && !/^-?\d+$/.test(rest[1])) return `expected a timestamp in milliseconds, got ${JSON.stringify(rest[1].slice(0, 20))}`;
  return { name, labels, value, line };
}

/**
 * The samples of the metrics `wanted` names (every sample when omitted). Lines of other
 * metrics are not parsed, so a problem elsewhere in a 30,000-line /metrics does not matter;
 * a malformed line of a wanted metric is reported and skipped.
 */
export function parseMetrics(text: string, wanted?: ReadonlySet<string>): ParsedMetrics {
  const samples: Sample[] = [];
  const problems: ParsedMetrics['problems'] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const t = lines[n].replace(/\r$/, '').trim();
    if (t === '' || t.startsWith('#')) continue;
    if (wanted) {
      const name = NAME.exec(t)?.[0];
      if (name === undefined || !wanted.has(name)) continue;
    }
    const s = parseSampleLine(t, n + 1);
    if (typeof s === 'string') problems.push({ line: n + 1, message: s });
    else samples.push(s);
  }
  return { samples, problems };
}
