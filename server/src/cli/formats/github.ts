// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
// Escaping follows the runner's rules (actions/toolkit command.ts): in the message `%`, CR
// and LF; in properties also `:` and `,`.
import type { Severity } from '../../engine/types';
import { costHeadline, type RunReport } from '../report';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function formatGithub(report: RunReport): string {
  const out: string[] = [];
  for (const f of report.findings) {
    const props = [
      ['file', f.path],
      ['line', String(f.line)],
      ['col', String(f.column)],
      ['endLine', String(f.endLine)],
      ['endColumn', String(f.endColumn)],
      ['title', `${f.rule} ${f.name}`],
    ];
    const cost = costHeadline(f);
    const message = cost ? `${f.message} (${cost})` : f.message;
    out.push(`::${COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}::${escapeData(message)}`);
  }
  // Files that could not be read fail the run (exit 2); say which on the summary page.
  for (const n of report.notes) if (n.error) out.push(`::error file=${escapeProperty(n.path)}::${escapeData(n.message)}`);
  return out.length ? out.join('\n') + '\n' : '';
}
