// The report as one self-contained HTML page: inline CSS and an inline SVG bar chart, no
// scripts, nothing fetched. Meant to be read at a glance: the biggest bar is the call to fix.
import { measuredPhrase } from '../../measure/measured';
import { grouped } from '../../sizing';
import { bytesText, latencyText, profileLine, timesText, type CostReport, type ReportCall } from './model';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COLORS: Record<ReportCall['source'], string> = { etcd: '#d9480f', cache: '#1971c2', local: '#868e96', unknown: '#ced4da' };
const SOURCE_NAMES: Record<ReportCall['source'], string> = { etcd: 'read from etcd', cache: 'served from the apiserver cache', local: 'local informer cache', unknown: 'cost unknown' };

const MAX_BARS = 15;

function chart(r: CostReport): string {
  const calls = r.calls.filter((c) => c.known).slice(0, MAX_BARS);
  if (!calls.length) return '<p>No call could be sized.</p>';
  const max = Math.max(...calls.map((c) => c.perRun.bytesProcessed), 1);
  const labelW = 330;
  const barW = 420;
  const rowH = 26;
  const h = calls.length * rowH + 10;
  const rows = calls.map((c, i) => {
    const y = i * rowH + 4;
    const w = Math.max(2, (c.perRun.bytesProcessed / max) * barW);
    // The file's name is enough next to the bar; the table and the tooltip have the path.
    const label = `${c.path.split('/').pop()}:${c.line} ${c.label}`;
    const shown = label.length > 46 ? label.slice(0, 45) + '…' : label;
    const value = `${bytesText(c.perRun.bytesProcessed)}${c.times > 1 ? ` (${bytesText(c.perCall!.bytesProcessed)} ${timesText(c)})` : ''}`;
    return (
      `<g><title>${esc(`${c.path}:${c.line}: ${c.headline}`)}</title>` +
      `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" class="lbl">${esc(shown)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="3" fill="${COLORS[c.source]}"/>` +
      `<text x="${labelW + w + 6}" y="${y + 16}" class="val">${esc(value)}</text></g>`
    );
  });
  return `<svg class="chart" viewBox="0 0 ${labelW + barW + 230} ${h}" width="100%" role="img" aria-label="Bytes the apiserver processes per run, by call">${rows.join('')}</svg>`;
}

function legend(): string {
  return (['etcd', 'cache', 'unknown'] as const).map((k) => `<span class="key"><i style="background:${COLORS[k]}"></i>${SOURCE_NAMES[k]}</span>`).join('');
}

export function formatReportHtml(r: CostReport, version: string): string {
  const startup = r.programs.filter((p) => p.startup).sort((a, b) => b.startup!.bytesProcessed - a.startup!.bytesProcessed)[0];
  const cards = [
    ['API calls', `${r.totals.calls}`, `${r.totals.known} sized`],
    ['Processed per run', `≈${bytesText(r.totals.bytesProcessed)}`, 'by the apiserver'],
    ['Read from etcd', `≈${bytesText(r.totals.etcdBytes)}`, 'per run'],
    startup
      ? ['Per-node start-up', `≈${bytesText(startup.startup!.bytesProcessed)}`, `${esc(startup.name)} on ${grouped(startup.startup!.nodes)} nodes`]
      : ['Per-node agents', 'none', 'no NODE_NAME read seen'],
  ];
  const callRows = r.calls
    .map(
      (c, i) =>
        `<tr class="${c.source}"><td class="n">${i + 1}</td><td><code>${esc(c.path)}:${c.line}</code><br><b>${esc(c.label)}</b>${c.rules.length ? ` <span class="rule">${c.rules.join(' ')}</span>` : ''}${c.findings.map((f) => `<div class="why">${esc(f.rule)}: ${esc(f.message)}</div>`).join('')}</td>` +
        `<td class="n">${c.known ? bytesText(c.perCall!.bytesProcessed) : '?'}</td><td class="n">${timesText(c)}</td><td class="n"><b>${c.known ? bytesText(c.perRun.bytesProcessed) : '?'}</b></td>` +
        `<td class="n">${esc(latencyText(c))}</td><td>${esc(c.servedFrom)}${c.timesReasons.length ? `<div class="why">${esc(c.timesReasons.join('; '))}</div>` : ''}${c.known ? '' : `<div class="why">${esc(c.headline)}</div>`}${c.measured ? `<div class="why">${esc(measuredPhrase(c.measured))}</div>` : ''}</td></tr>`,
    )
    .join('\n');
  const fileRows = r.files.map((f) => `<tr><td><code>${esc(f.name)}</code></td><td class="n">${f.calls}</td><td class="n">${bytesText(f.bytesProcessed)}</td></tr>`).join('\n');
  const progRows = r.programs
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.isMain ? 'package main' : `package ${p.packageName}`)}</td><td class="n">${p.calls}</td><td class="n">${bytesText(p.bytesProcessed)}</td>` +
        `<td>${p.startup ? `≈${bytesText(p.startup.bytesProcessed)} on ${grouped(p.startup.nodes)} nodes<div class="why">${esc(p.perNodeEvidence ?? '')}</div>` : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kube-list-lint ${esc(version)}">
<title>kube-list-lint report</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;margin:0;background:#f8f9fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.sub{color:#495057;margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:12px 14px}
.card .k{color:#495057;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:24px;font-weight:650;margin:2px 0}.card .d{color:#6c757d;font-size:12px}
.panel{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:14px 16px;margin-top:14px}
.chart .lbl{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#343a40}.chart .val{font-size:12px;fill:#212529;font-weight:600}
.key{margin-right:16px;font-size:12px;color:#495057}.key i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:6px 8px;border-bottom:1px solid #e9ecef;vertical-align:top;text-align:left}
th{font-size:12px;color:#495057;text-transform:uppercase;letter-spacing:.03em;background:#f1f3f5}
td.n,th.n{text-align:right;white-space:nowrap}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
tr.etcd td:first-child{border-left:4px solid ${COLORS.etcd}}tr.cache td:first-child{border-left:4px solid ${COLORS.cache}}tr.unknown td:first-child{border-left:4px solid ${COLORS.unknown}}tr.local td:first-child{border-left:4px solid ${COLORS.local}}
.rule{font-size:11px;background:#fff4e6;color:#d9480f;border-radius:3px;padding:0 4px}.why{color:#6c757d;font-size:12px}
footer{color:#6c757d;font-size:12px;margin-top:24px}
</style></head>
<body><main>
<h1>kube-list-lint report</h1>
<p class="sub">Profile ${esc(profileLine(r))}. Bytes are what the apiserver processes: the JSON size of every object it reads or scans.</p>
<div class="cards">${cards.map(([k, v, d]) => `<div class="card"><div class="k">${k}</div><div class="v">${v}</div><div class="d">${d}</div></div>`).join('')}</div>
<div class="panel"><h2 style="margin-top:0">Bytes processed per run, biggest first</h2>${chart(r)}<div>${legend()}</div></div>
<h2>Every LIST and GET, ranked</h2>
<table><thead><tr><th class="n">#</th><th>call</th><th class="n">per call</th><th class="n">times</th><th class="n">per run</th><th class="n">latency</th><th>served from</th></tr></thead>
<tbody>
${callRows}
</tbody></table>
<h2>Files</h2>
<table><thead><tr><th>file</th><th class="n">calls</th><th class="n">per run</th></tr></thead><tbody>
${fileRows}
</tbody></table>
<h2>Programs</h2>
<table><thead><tr><th>folder</th><th>package</th><th class="n">calls</th><th class="n">per run</th><th>per-node start-up</th></tr></thead><tbody>
${progRows}
</tbody></table>
${r.notes.map((n) => `<p class="why">${esc(n)}</p>`).join('\n')}
<footer>Generated by kube-list-lint ${esc(version)}. Estimates from the sizing model (docs/sizing.md): calibrated on measured clusters, not measured on yours.</footer>
</main></body></html>
`;
}
