// Measured figures for the editor and `report`: the call sites of an `audit --format json`
// report, as plain data, and how a finding finds its site. Pure (no fs): the caller reads
// the file the config's `audit:` names (docs/measure.md, "In the editor").
import { fmtBytes, fmtSeconds, grouped } from '../sizing';

/** What the audit measured for one call site. */
export interface MeasuredSite {
  /** Relative to the report's code root, forward slashes. */
  path: string;
  /** One-based, at the time of the audit. */
  line: number;
  function: string;
  /** The call's source text with whitespace folded (as `Finding.callText`). */
  callText: string;
  /** `LIST pods`, `informer of pods (LIST + WATCH)`. */
  label: string;
  verb: 'list' | 'get' | 'watch';
  /** An informer (its LISTs and WATCHes together) or a raw watch. */
  how?: 'watch' | 'informer';
  requests: number;
  perHour?: number;
  seconds: number;
  p50?: number;
  p99?: number;
  bytes?: number;
  confidence: 'high' | 'medium' | 'low';
  /** Other call sites make the same request shape: the requests are split evenly among them. */
  shared: boolean;
}

export interface MeasuredReport {
  /** The folder site paths are relative to: absolute, or relative to the report file's folder. */
  codeRoot: string;
  /** The logs' time window. */
  window?: { from: string; to: string; hours: number };
  /** The logs read. */
  logs: string[];
  sites: MeasuredSite[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** An `audit --format json` report -> its measured sites, or what is wrong with it. */
export function measuredReportOf(doc: unknown): MeasuredReport | string {
  const d = doc as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || d.kind !== 'audit-report') return 'expected the JSON of `kube-list-lint audit --format json` (kind: audit-report)';
  if (d.schemaVersion !== 1) return `expected audit-report schemaVersion 1, got ${JSON.stringify(d.schemaVersion)}`;
  if (!Array.isArray(d.sites)) return 'expected sites: a list';
  const sites: MeasuredSite[] = [];
  for (const [i, x] of (d.sites as Record<string, unknown>[]).entries()) {
    if (!x || !isStr(x.path) || !isNum(x.line) || !isStr(x.callText) || !isNum(x.requests) || !isNum(x.seconds)) return `sites[${i}]: expected path, line, callText, requests and seconds`;
    const verb = x.verb === 'get' || x.verb === 'watch' ? x.verb : 'list';
    const how = x.how === 'watch' || x.how === 'informer' ? x.how : undefined;
    const confidence = x.confidence === 'high' || x.confidence === 'medium' ? x.confidence : 'low';
    sites.push({
      path: x.path,
      line: x.line,
      function: isStr(x.function) ? x.function : '',
      callText: x.callText,
      label: isStr(x.label) ? x.label : `${verb.toUpperCase()} ?`,
      verb,
      ...(how ? { how } : {}),
      requests: x.requests,
      ...(isNum(x.perHour) ? { perHour: x.perHour } : {}),
      seconds: x.seconds,
      ...(isNum(x.p50) ? { p50: x.p50 } : {}),
      ...(isNum(x.p99) ? { p99: x.p99 } : {}),
      ...(isNum(x.bytes) ? { bytes: x.bytes } : {}),
      confidence,
      shared: x.shared === true,
    });
  }
  const w = d.window as Record<string, unknown> | undefined;
  const window = w && isStr(w.from) && isStr(w.to) && isNum(w.hours) ? { from: w.from, to: w.to, hours: w.hours } : undefined;
  const logs = Array.isArray(d.logs) ? (d.logs as Record<string, unknown>[]).map((l) => l?.path).filter(isStr) : [];
  return { codeRoot: isStr(d.codeRoot) ? d.codeRoot : '.', ...(window ? { window } : {}), logs, sites };
}

/**
 * The measured site of a call in one file: same function and call text (code above it may
 * have moved it), the nearest to its old line when the same call appears twice. A call whose
 * text changed since the audit has no measured figures: they were for other code.
 */
export function measuredSiteFor(sites: readonly MeasuredSite[], call: { enclosingFunction: string; callText: string; line: number }): MeasuredSite | undefined {
  let best: MeasuredSite | undefined;
  for (const s of sites) {
    if (s.function !== call.enclosingFunction || s.callText !== call.callText) continue;
    if (!best || Math.abs(s.line - call.line) < Math.abs(best.line - call.line)) best = s;
  }
  return best;
}

const count = (n: number) => grouped(Math.round(n));

type Rate = Pick<MeasuredSite, 'verb' | 'how' | 'requests' | 'perHour'>;

/** `1,840 LISTs/hour`, `12 GETs` when the log has no time window, `30 requests/hour` of an informer (LISTs and WATCHes). */
export function measuredRate(m: Rate): string {
  const what = m.how === 'informer' ? 'requests' : m.verb === 'watch' ? 'WATCHes' : `${m.verb.toUpperCase()}s`;
  return m.perHour !== undefined ? `${count(m.perHour)} ${what}/hour` : `${count(m.requests)} ${what}`;
}

/** `1,840 LISTs/hour, p99 4.2 s`. */
export function measuredFigures(m: Rate & Pick<MeasuredSite, 'p99'>): string {
  return `${measuredRate(m)}${m.p99 !== undefined ? `, p99 ${fmtSeconds(m.p99)}` : ''}`;
}

/** `measured: 1,840 LISTs/hour, p99 4.2 s`: the lens's words, and the first of the CLI's. */
export function measuredPhrase(m: Rate & Pick<MeasuredSite, 'p99'>): string {
  return `measured: ${measuredFigures(m)}`;
}

/** The hover's `Measured` section: the figures, how sure the match is, and where they come from. */
export function measuredMarkdown(m: MeasuredSite, report: Pick<MeasuredReport, 'window' | 'logs'>, reportFile: string): string {
  const perHour = report.window && report.window.hours > 0 ? report.window.hours : undefined;
  // A watch is held open by design: no latency, and its seconds are not summed.
  const watch = m.verb === 'watch';
  const rows = [
    ['requests', `${measuredRate(m)}${m.perHour !== undefined ? ` (${count(m.requests)} in the log)` : ''}`],
    ['latency', m.p50 !== undefined ? `p50 ${fmtSeconds(m.p50)}, p99 ${fmtSeconds(m.p99 ?? m.p50)}` : watch ? 'held open: none' : 'not in the log'],
    ...(watch ? [] : [['apiserver time', `${fmtSeconds(m.seconds)}${perHour ? ` (${fmtSeconds(m.seconds / perHour)}/hour)` : ''}`]]),
    ...(m.bytes !== undefined ? [['returned', fmtBytes(m.bytes)]] : []),
  ];
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  const match =
    `Matched with ${m.confidence} confidence` +
    (m.shared ? '; other call sites make the same request, and the requests are split evenly among them' : '') +
    '.';
  const when = report.window ? ` from ${report.window.from.slice(0, 16).replace('T', ' ')} to ${report.window.to.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${table}\n\n${match} Audit log${report.logs.length === 1 ? '' : 's'} ${report.logs.map((l) => `\`${l}\``).join(', ')}${when}, via \`${reportFile}\`.`;
}
