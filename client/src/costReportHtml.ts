// The cost report's model and HTML, pure (no vscode import) so tests render it directly.
// The page runs under a CSP that allows nothing remote: one nonce'd style block, one nonce'd
// script that only posts "open this finding" back, and bars drawn as SVG attributes (inline
// style attributes would need 'unsafe-inline').

import { assumedVersions } from '../../server/src/sizing/present';
import { costWeight, rankByCost, type CostWeight } from '../../server/src/sizing/rank';
import type { FindingSummary } from '../../server/src/lsp/workspaceScan';

/** One finding as the server's `kube-list-lint.costReport` command returns it (`cost` when sized; `bytes` per call). */
export type ReportFinding = FindingSummary;

export interface CostReport {
  findings: ReportFinding[];
}

export interface RankedFinding extends ReportFinding {
  index: number;
}

export interface ChartBar {
  label: string;
  value: number;
}

/** The chart's natural width in CSS pixels: rule labels, bars, and room for the value. */
const CHART_WIDTH = 750;
const CHART_LABEL_WIDTH = 300;

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function knownBytes(f: ReportFinding): number | undefined {
  return typeof f.bytes === 'number' && Number.isFinite(f.bytes) && f.bytes >= 0 ? f.bytes : undefined;
}

/**
 * The finding's weight in the one ranking (server/src/sizing/rank.ts): per run from the
 * sizing model's cost; a server that sent only `bytes` (per call) is ranked by that.
 */
export function findingWeight(f: ReportFinding): CostWeight {
  const w = costWeight(f.cost && typeof f.cost === 'object' && Array.isArray(f.cost.estimates) ? f.cost : undefined);
  if (w.known) return w;
  const bytes = knownBytes(f);
  return bytes === undefined ? w : { known: true, perRun: bytes, perCall: bytes };
}

/** Accepts what the server sent, dropping entries that are not findings, never throwing. */
export function parseReport(value: unknown): CostReport {
  const raw = (value as { findings?: unknown } | null | undefined)?.findings;
  if (!Array.isArray(raw)) return { findings: [] };
  const findings = raw.filter(
    (f): f is ReportFinding =>
      !!f && typeof f === 'object' && typeof f.uri === 'string' && typeof f.rule === 'string' && typeof f.line === 'number' && typeof f.character === 'number',
  );
  return { findings };
}

/** Most expensive per run first (the ranking every surface uses), unknown sizes last; then severity, then place. */
export function rankFindings(report: CostReport): RankedFinding[] {
  return rankByCost(
    report.findings.map((f, index) => ({ ...f, index })),
    findingWeight,
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      a.uri.localeCompare(b.uri) ||
      a.line - b.line ||
      a.character - b.character,
  );
}

/** One bar per rule: total bytes per run when every finding of the report has a size, else the count. */
export function chartBars(report: CostReport): { unit: 'bytes' | 'findings'; bars: ChartBar[] } {
  const weights = report.findings.map(findingWeight);
  const sized = weights.length > 0 && weights.every((w) => w.known);
  const totals = new Map<string, number>();
  report.findings.forEach((f, i) => {
    const label = f.name ? `${f.rule} ${f.name}` : f.rule;
    totals.set(label, (totals.get(label) ?? 0) + (sized ? weights[i].perRun : 1));
  });
  const bars = [...totals].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  return { unit: sized ? 'bytes' : 'findings', bars };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Where a finding is, as the table shows it: the path relative to a workspace folder when possible. */
export type DescribeUri = (uri: string) => string;

export interface HtmlOptions {
  nonce: string;
  /** The webview's `cspSource`; nothing is loaded from it today, but fonts/styles may be. */
  cspSource: string;
  describeUri: DescribeUri;
}

export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [`default-src 'none'`, `style-src ${cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`].join('; ');
}

function chartSvg(unit: 'bytes' | 'findings', bars: ChartBar[]): string {
  if (!bars.length) return '';
  const rowHeight = 22;
  const labelWidth = CHART_LABEL_WIDTH;
  const barWidth = CHART_WIDTH - CHART_LABEL_WIDTH - 90;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight;
      const w = Math.max(2, Math.round((b.value / max) * barWidth));
      const value = unit === 'bytes' ? formatBytes(b.value) : String(b.value);
      return (
        `<text x="0" y="${y + 15}" class="label">${escapeHtml(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" class="bar"><title>${escapeHtml(b.label)}: ${escapeHtml(value)}</title></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 15}" class="value">${escapeHtml(value)}</text>`
      );
    })
    .join('');
  const title = unit === 'bytes' ? 'Bytes the apiserver processes per run, by rule' : 'Findings by rule';
  return (
    `<h2>${title}</h2>` +
    // Scales with the panel (viewBox), never wider than its natural size (CSS max-width).
    `<svg role="img" aria-label="${title}" class="chart" width="100%" viewBox="0 0 ${CHART_WIDTH} ${bars.length * rowHeight}">${rows}</svg>`
  );
}

/**
 * The ranked findings, laid out for a half-width editor: three columns (rank, cost per run,
 * the finding) with the call, the place and the message stacked in the last one, which
 * wraps, so nothing is clipped in the default split.
 */
function tableHtml(ranked: RankedFinding[], describeUri: DescribeUri): string {
  const weights = new Map(ranked.map((f) => [f, findingWeight(f)]));
  const anySized = [...weights.values()].some((w) => w.known);
  const head = `<tr><th>#</th>${anySized ? '<th class="cost">Cost per run</th>' : ''}<th>Finding</th></tr>`;
  const rows = ranked
    .map((f, i) => {
      const w = weights.get(f)!;
      const m = f.cost?.multiplicity;
      const times = m && m.factor > 1 ? `×${m.factor.toLocaleString('en-US')}${m.known ? '' : '+'}` : '';
      const where = `${describeUri(f.uri)}:${f.line + 1}:${f.character + 1}${f.enclosingFunction ? ` (${f.enclosingFunction})` : ''}`;
      const cost = !w.known
        ? '<span class="muted">unknown</span>'
        : `${escapeHtml(formatBytes(w.perRun))}${times ? `<br><span class="muted">${escapeHtml(formatBytes(w.perCall))} ${escapeHtml(times)}</span>` : ''}`;
      return (
        `<tr class="finding" tabindex="0" data-index="${f.index}">` +
        `<td class="rank">${i + 1}</td>` +
        (anySized ? `<td class="cost">${cost}</td>` : '') +
        `<td class="what"><div><b>${escapeHtml(f.rule)}</b> ${f.name ? `${escapeHtml(f.name)} ` : ''}<span class="sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span></div>` +
        `<div class="where">${escapeHtml(where)}</div><div><code>${escapeHtml(f.callText)}</code></div><div class="muted">${escapeHtml(f.message)}</div></td></tr>`
      );
    })
    .join('');
  return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

/**
 * The cluster the costs are for, from the findings' costs: `1k-nodes (1,000 nodes),
 * Kubernetes 1.34 with etcd ≥ 3.5.13 (assumed: none configured)`; several when the
 * workspace's folders configure different profiles; undefined when nothing is sized.
 */
export function profileText(report: CostReport): string | undefined {
  const seen = new Set<string>();
  for (const f of report.findings) {
    const p = f.cost && typeof f.cost === 'object' ? f.cost.profile : undefined;
    if (!p || typeof p.name !== 'string') continue;
    const assumed = assumedVersions(p);
    const version = assumed ? `${assumed} (assumed: none configured)` : p.kubernetesVersion ? `Kubernetes ${p.kubernetesVersion}${p.etcdVersion ? ` with etcd ${p.etcdVersion}` : ''}` : 'Kubernetes version unknown';
    seen.add(`${p.name} (${Number(p.nodes).toLocaleString('en-US')} nodes), ${version}`);
  }
  return seen.size ? [...seen].join('; ') : undefined;
}

export function renderReportHtml(report: CostReport, opts: HtmlOptions): string {
  const ranked = rankFindings(report);
  const { unit, bars } = chartBars(report);
  const files = new Set(report.findings.map((f) => f.uri)).size;
  const profile = profileText(report);
  const summary = ranked.length
    ? `${ranked.length} finding${ranked.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (open files and the last workspace scan).`
    : 'No findings in the open files or the last workspace scan. Run "kube-list-lint: Scan Workspace" to check files that are not open.';
  const n = escapeHtml(opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(opts.nonce, opts.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>kube-list-lint cost report</title>
<style nonce="${n}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; table-layout: auto; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
td.rank, td.cost { white-space: nowrap; }
td.what { overflow-wrap: anywhere; }
td.what > div + div { margin-top: 2px; }
tr.finding { cursor: pointer; }
tr.finding:hover, tr.finding:focus { background: var(--vscode-list-hoverBackground); outline: none; }
.muted { opacity: 0.7; }
.sev-error { color: var(--vscode-errorForeground); }
.sev-warning { color: var(--vscode-editorWarning-foreground); }
svg.chart { max-width: ${CHART_WIDTH}px; }
svg .label, svg .value { fill: var(--vscode-foreground); font-size: 12px; font-family: var(--vscode-font-family); }
svg .bar { fill: var(--vscode-charts-orange, #d18616); }
code { font-family: var(--vscode-editor-font-family); }
</style>
</head>
<body>
<h1>kube-list-lint cost report</h1>
<p id="summary">${escapeHtml(summary)}</p>
${profile ? `<p id="profile">Profile: ${escapeHtml(profile)}. <span class="muted">Costs per run: per call × how often it runs; ranked as <code>kube-list-lint report</code> ranks them.</span></p>` : ''}
${chartSvg(unit, bars)}
${ranked.length ? `<h2>Findings, ranked</h2>${tableHtml(ranked, opts.describeUri)}` : ''}
<script nonce="${n}">
const vscode = acquireVsCodeApi();
for (const row of document.querySelectorAll('tr.finding')) {
  const open = () => vscode.postMessage({ command: 'open', index: Number(row.dataset.index) });
  row.addEventListener('click', open);
  row.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
}
</script>
</body>
</html>`;
}
