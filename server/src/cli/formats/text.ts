import type { RunReport } from '../report';

/** `path:line:col: severity KLL001 message`, one line each, then a summary line on stderr's side. */
export function formatText(report: RunReport): string {
  const out = report.findings.map((f) => `${f.path}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${f.message}`);
  return out.length ? out.join('\n') + '\n' : '';
}

export function summaryLine(report: RunReport): string {
  const n = report.findings.length;
  const bits = [`${n} finding${n === 1 ? '' : 's'} in ${report.files} file${report.files === 1 ? '' : 's'}`];
  if (report.suppressed) bits.push(`${report.suppressed} suppressed`);
  const skipped = report.notes.filter((x) => !x.error).length;
  if (skipped) bits.push(`${skipped} skipped`);
  const errors = report.notes.filter((x) => x.error).length;
  if (errors) bits.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return bits.join(', ');
}
