// `path:line:col: severity KLL001 message`, then a code frame: the source lines of the
// range with a caret underline, as golangci-lint and ruff print them.
import { costHeadline, runSizingNotes, type CliFinding, type RunReport } from '../report';

const MAX_FRAME_LINES = 3;

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The underline keeps tabs where the source has them so carets line up in any tab width. */
function underline(src: string, from: number, to: number): string {
  let pad = '';
  for (let i = 0; i < from; i++) pad += src[i] === '\t' ? '\t' : ' ';
  return pad + '^'.repeat(Math.max(1, to - from));
}

export function codeFrame(f: CliFinding, lines: string[]): string[] {
  const last = Math.min(f.endLine, f.line + MAX_FRAME_LINES - 1);
  const width = String(last).length;
  const out: string[] = [];
  const gutter = (n?: number) => ` ${(n === undefined ? '' : String(n)).padStart(width)} | `;
  for (let ln = f.line; ln <= last; ln++) {
    const src = (lines[ln - 1] ?? '').replace(/^\uFEFF/, '');
    const from = ln === f.line ? f.column - 1 : src.length - src.trimStart().length;
    const to = ln === f.endLine ? f.endColumn - 1 : src.length;
    out.push((gutter(ln) + src).trimEnd());
    out.push(gutter() + underline(src, from, to));
  }
  if (f.endLine > last) out.push(gutter() + '...');
  return out;
}

export function formatText(report: RunReport, opts: { summary?: boolean } = {}): string {
  const out: string[] = [];
  const split = new Map<string, string[]>();
  for (const f of report.findings) {
    out.push(`${f.path}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${f.message}`);
    const cost = costHeadline(f);
    if (cost) out.push(`  cost: ${cost}`);
    const text = report.sources.get(f.path);
    if (text === undefined) continue;
    let lines = split.get(f.path);
    if (!lines) split.set(f.path, (lines = splitLines(text)));
    out.push(...codeFrame(f, lines));
  }
  // In a file the run's notes and summary close the text; on standard output they go to standard error (output.ts).
  if (opts.summary) out.push(...runSizingNotes(report).map(sizingNoteLine), summaryLine(report));
  return out.length ? out.join('\n') + '\n' : '';
}

/** `note: …`: a run-wide note (no file), printed once after the findings. */
export function sizingNoteLine(message: string): string {
  return `note: ${message}`;
}

export function summaryLine(report: RunReport): string {
  const n = report.findings.length;
  // `32 findings in 7 of 264 files`: the files with findings out of the files linted.
  const withFindings = new Set(report.findings.map((f) => f.path)).size;
  const of = n && withFindings !== report.files ? `${withFindings} of ` : '';
  const bits = [`${n} finding${n === 1 ? '' : 's'} in ${of}${report.files} file${report.files === 1 ? '' : 's'}`];
  if (report.suppressed) bits.push(`${report.suppressed} suppressed`);
  if (report.baselined) bits.push(`${report.baselined} in baseline`);
  const skipped = report.notes.filter((x) => !x.error && x.kind !== 'fix' && x.kind !== 'program').length;
  if (skipped) bits.push(`${skipped} skipped`);
  const errors = report.notes.filter((x) => x.error).length;
  if (errors) bits.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return bits.join(', ');
}
