// The report as a terminal table, in the spirit of seed 001 §4.3: what each call makes the
// apiserver process, ranked, then the totals per file and per program.
import { measuredFigures } from '../../measure/measured';
import { grouped } from '../../sizing';
import { bytesText, latencyText, profileLine, timesText, type CostReport } from './model';

function table(rows: string[][], right: Set<number>): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

export function formatReportText(r: CostReport): string {
  const out: string[] = [`kube-list-lint report · profile ${profileLine(r)}`, ''];
  // With the config's audit report: what the audit measured, next to the model's figures.
  const measured = r.calls.some((c) => c.measured);
  const rows = [['#', 'per call', 'times', 'per run', 'latency', 'served from', ...(measured ? ['measured'] : []), 'call']];
  r.calls.forEach((c, i) => {
    rows.push([
      String(i + 1),
      c.known ? bytesText(c.perCall!.bytesProcessed) : '?',
      timesText(c),
      c.known ? bytesText(c.perRun.bytesProcessed) : '?',
      latencyText(c),
      c.servedFrom,
      ...(measured ? [c.measured ? measuredFigures(c.measured) : ''] : []),
      `${c.path}:${c.line} ${c.label}${c.rules.length ? ` [${c.rules.join(',')}]` : ''}`,
    ]);
  });
  out.push(...table(rows, new Set([0, 1, 2, 3, 4])), '');
  out.push('Bytes are what the apiserver processes (JSON size of every object it reads or scans); per run = per call × times.');
  out.push('', 'Files');
  out.push(...table([['file', 'calls', 'per run'], ...r.files.map((f) => [f.name, String(f.calls), bytesText(f.bytesProcessed)])], new Set([1, 2])).map((l) => '  ' + l));
  out.push('', 'Programs');
  for (const p of r.programs) {
    const kind = p.isMain ? 'package main' : `package ${p.packageName} (not a program)`;
    out.push(`  ${p.name} (${kind}): ${p.calls} call${p.calls === 1 ? '' : 's'}, ${bytesText(p.bytesProcessed)} per run`);
    if (p.startup) {
      out.push(
        `    per-node agent (${p.perNodeEvidence}): start-up on all ${grouped(p.startup.nodes)} nodes ≈ ${bytesText(p.startup.bytesProcessed)} processed, ≈ ${bytesText(p.startup.etcdBytes)} read from etcd`,
      );
    }
  }
  const unknown = r.calls.filter((c) => !c.known);
  if (unknown.length) {
    out.push('', `Cost unknown (${unknown.length})`);
    for (const c of unknown) out.push(`  ${c.path}:${c.line} ${c.label}: ${c.headline}`);
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push('', `Total: ${r.totals.calls} calls (${r.totals.known} sized), ≈${bytesText(r.totals.bytesProcessed)} processed per run, ≈${bytesText(r.totals.etcdBytes)} read from etcd.`);
  return out.join('\n') + '\n';
}
