// The report as Markdown (a pull-request comment, a wiki page).
import { measuredFigures } from '../../measure/measured';
import { grouped } from '../../sizing';
import { bytesText, latencyText, profileLine, timesText, type CostReport } from './model';

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function formatReportMarkdown(r: CostReport): string {
  const out: string[] = ['# kube-list-lint report', '', `Profile ${esc(profileLine(r))}.`, ''];
  const measured = r.calls.some((c) => c.measured);
  out.push(`| # | call | per call | times | per run | latency | served from |${measured ? ' measured |' : ''} rules |`, `|---:|---|---:|---:|---:|---:|---|${measured ? '---|' : ''}---|`);
  r.calls.forEach((c, i) => {
    out.push(
      `| ${i + 1} | \`${esc(c.path)}:${c.line}\` ${c.label} | ${c.known ? bytesText(c.perCall!.bytesProcessed) : '?'} | ${timesText(c)} | ${c.known ? bytesText(c.perRun.bytesProcessed) : '?'} | ${latencyText(c)} | ${esc(c.servedFrom)} |${measured ? ` ${c.measured ? measuredFigures(c.measured) : ''} |` : ''} ${c.rules.join(', ')} |`,
    );
  });
  out.push('', 'Bytes: what the apiserver processes (JSON size of every object it reads or scans). Per run = per call × times.', '');
  out.push('## Files', '', '| file | calls | per run |', '|---|---:|---:|');
  for (const f of r.files) out.push(`| \`${esc(f.name)}\` | ${f.calls} | ${bytesText(f.bytesProcessed)} |`);
  out.push('', '## Programs', '', '| folder | package | calls | per run | per-node start-up |', '|---|---|---:|---:|---|');
  for (const p of r.programs) {
    const startup = p.startup ? `≈${bytesText(p.startup.bytesProcessed)} on ${grouped(p.startup.nodes)} nodes (${esc(p.perNodeEvidence ?? '')})` : '';
    out.push(`| \`${esc(p.name)}\` | ${p.packageName} | ${p.calls} | ${bytesText(p.bytesProcessed)} | ${startup} |`);
  }
  const found = r.calls.filter((c) => c.findings.length);
  if (found.length) {
    out.push('', '## Findings', '');
    for (const c of found) for (const f of c.findings) out.push(`- \`${esc(c.path)}:${c.line}\` ${c.label}: **${f.rule}** ${esc(f.message)}`);
  }
  const withWhy = r.calls.filter((c) => c.timesReasons.length || !c.known);
  if (withWhy.length) {
    out.push('', '## Why these multipliers', '');
    for (const c of withWhy) out.push(`- \`${esc(c.path)}:${c.line}\` ${c.label}: ${esc(c.known ? c.timesReasons.join('; ') : c.headline)}`);
  }
  for (const n of r.notes) out.push('', `> ${n}`);
  out.push('', `**Total:** ${r.totals.calls} calls (${r.totals.known} sized), ≈${bytesText(r.totals.bytesProcessed)} processed per run, ≈${bytesText(r.totals.etcdBytes)} read from etcd.`);
  return out.join('\n') + '\n';
}
