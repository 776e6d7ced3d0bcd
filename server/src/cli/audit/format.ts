// The audit report as text, markdown, JSON and one self-contained HTML page.
import { fmtBytes, fmtSeconds, grouped } from '../../sizing';
import { measuredPhrase } from '../../measure/measured';
import type { AuditReport, GroupOut, SiteOut } from './model';

export const AUDIT_SCHEMA_VERSION = 1;

const num = (n: number) => grouped(Number.isInteger(n) ? n : Math.round(n * 10) / 10);
// A watch's seconds are not summed (it is held open by design): 0, not fmtSeconds' "1 ms".
const secs = (s: number | undefined) => (s === undefined ? '?' : s === 0 ? '0 s' : fmtSeconds(s));

function latency(g: { p50?: number; p99?: number; verb?: string; shape?: { verb: string } }): string {
  if (g.p50 !== undefined) return `p50 ${secs(g.p50)}, p99 ${secs(g.p99)}`;
  return (g.verb ?? g.shape?.verb) === 'watch' ? 'held open: no latency' : 'no latency';
}

function rate(x: { requests: number; perHour?: number }): string {
  return `${num(x.requests)} requests${x.perHour !== undefined ? ` (${num(Math.round(x.perHour))}/hour)` : ''}`;
}

/** `measured: 1,840 LISTs/hour, p99 4.2 s, p50 0.9 s, 78 s in all, 12 MB returned`. */
export function measuredLine(s: SiteOut): string {
  if (s.verb === 'watch') return `${measuredPhrase(s)}, held open: no latency`;
  const more = [s.p50 !== undefined ? `p50 ${secs(s.p50)}` : 'no latency', `${secs(s.seconds)} in all`, s.bytes !== undefined ? `${fmtBytes(s.bytes)} returned` : ''];
  return [measuredPhrase(s), ...more.filter(Boolean)].join(', ');
}

function header(r: AuditReport): string[] {
  const logs = r.logs.map((l) => `${l.path} (${num(l.reads)} reads of ${num(l.lines)} lines)`).join(', ');
  const win = r.window ? `${r.window.from.slice(0, 19)}Z to ${r.window.to.slice(0, 19)}Z (${r.window.hours.toFixed(2)} h)` : 'no time window';
  return [
    `audit: ${num(r.totals.requests)} read requests, ${secs(r.totals.seconds)} in all, ${win}`,
    `logs: ${logs}`,
    `${num(r.totals.groups)} request shapes: ${num(r.totals.matchedGroups)} matched to ${num(r.totals.sites)} call sites, ${num(r.unmatched.length)} from no code here`,
  ];
}

function groupLines(g: GroupOut, indent: string): string[] {
  const lines = [`${indent}#${g.id} ${g.text}; user agent ${g.shape.userAgent}: ${rate(g)}, ${latency(g)}, ${secs(g.seconds)}${g.bytes ? `, ${fmtBytes(g.bytes.total / g.bytes.requests)} per response` : ''}`];
  if (g.candidates.length > 1) lines.push(`${indent}  ${g.candidates.length} call sites can make this shape${g.sharedBy > 1 ? `; the best ${g.sharedBy} rank equal and share its requests evenly` : ''}:`);
  for (const c of g.candidates) lines.push(`${indent}  ${c.confidence.padEnd(6)} ${c.path}:${c.line} ${c.label} (${c.reasons.join('; ')})`);
  return lines;
}

export function formatAuditText(r: AuditReport): string {
  const out = header(r);
  out.push('', 'Call sites, by measured seconds:');
  if (!r.sites.length) out.push('  none: no request matched the code');
  r.sites.forEach((s, i) => {
    out.push(`${String(i + 1).padStart(3)}. ${s.path}:${s.line}:${s.column} ${s.label} in ${s.function} [${s.confidence}${s.shared ? ', shared' : ''}]`);
    out.push(`     ${measuredLine(s)}`);
    if (s.model) out.push(`     model: ${s.model}`);
    for (const f of s.findings) out.push(`     ${f.rule}: ${f.message}`);
    for (const x of s.groups) {
      const g = r.groups.find((y) => y.id === x.id)!;
      out.push(`     #${g.id} ${g.text}; ${g.shape.userAgent}${x.share < 1 ? ` (shared by ${g.sharedBy} sites)` : ''}`);
    }
  });
  out.push('', 'Request groups, by measured seconds:');
  for (const g of r.groups) out.push(...groupLines(g, '  '));
  out.push('', 'Requests no code here makes:');
  if (!r.unmatched.length) out.push('  none');
  for (const g of r.unmatched) out.push(`  #${g.id} ${g.text}; ${g.userAgents[0]?.userAgent ?? g.shape.userAgent}: ${rate(g)}, ${latency(g)}`);
  if (r.problems.length || r.notes.length) out.push('', 'Notes:', ...r.problems.map((p) => `  ${p}`), ...r.notes.map((n) => `  ${n}`));
  return out.join('\n') + '\n';
}

const mdEsc = (s: string) => s.replace(/\|/g, '\\|');

export function formatAuditMarkdown(r: AuditReport): string {
  const out = ['# kube-list-lint audit', '', ...header(r).map((l) => `${l}  `), '', '## Call sites, by measured seconds', ''];
  out.push('| # | call | requests | seconds | latency | confidence | findings |', '|---|---|---|---|---|---|---|');
  r.sites.forEach((s, i) =>
    out.push(
      `| ${i + 1} | \`${s.path}:${s.line}\` ${mdEsc(s.label)} | ${num(s.requests)}${s.perHour !== undefined ? ` (${num(Math.round(s.perHour))}/h)` : ''} | ${secs(s.seconds)} | ${latency(s)} | ${s.confidence}${s.shared ? ', shared' : ''} | ${mdEsc(s.findings.map((f) => `${f.rule}: ${f.message}`).join('<br>'))} |`,
    ),
  );
  out.push('', '## Request groups', '', '| # | shape | user agent | requests | seconds | latency | candidates |', '|---|---|---|---|---|---|---|');
  for (const g of r.groups) {
    const cands = g.candidates.length ? g.candidates.map((c) => `\`${c.path}:${c.line}\` (${c.confidence})`).join(', ') + (g.sharedBy > 1 ? ` — ${g.sharedBy} share it` : '') : 'no code here';
    out.push(`| ${g.id} | ${mdEsc(g.text)} | ${mdEsc(g.shape.userAgent)} | ${num(g.requests)} | ${secs(g.seconds)} | ${latency(g)} | ${cands} |`);
  }
  if (r.problems.length || r.notes.length) out.push('', '## Notes', '', ...r.problems.map((p) => `- ${mdEsc(p)}`), ...r.notes.map((n) => `- ${mdEsc(n)}`));
  return out.join('\n') + '\n';
}

export function formatAuditJson(r: AuditReport, version: string): string {
  return JSON.stringify({ schemaVersion: AUDIT_SCHEMA_VERSION, tool: { name: 'kube-list-lint', version }, kind: 'audit-report', ...r }, null, 2) + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatAuditHtml(r: AuditReport, version: string): string {
  const max = Math.max(...r.sites.map((s) => s.seconds), 1e-9);
  const siteRows = r.sites
    .map(
      (s) =>
        `<tr><td><code>${esc(s.path)}:${s.line}</code><br>${esc(s.label)} in ${esc(s.function)}</td><td class="n">${esc(num(s.requests))}</td>` +
        `<td><span class="bar" style="width:${((s.seconds / max) * 160).toFixed(0)}px"></span> ${esc(secs(s.seconds))}</td><td>${esc(latency(s))}</td>` +
        `<td>${esc(s.confidence)}${s.shared ? ', shared' : ''}</td><td>${s.findings.map((f) => `${esc(f.rule)}: ${esc(f.message)}`).join('<br>')}${s.model ? `<br><small>model: ${esc(s.model)}</small>` : ''}</td></tr>`,
    )
    .join('\n');
  const groupRows = r.groups
    .map(
      (g) =>
        `<tr${g.candidates.length ? '' : ' class="un"'}><td>#${g.id}</td><td>${esc(g.text)}</td><td>${esc(g.shape.userAgent)}</td><td class="n">${esc(num(g.requests))}</td><td>${esc(secs(g.seconds))}</td><td>${esc(latency(g))}</td>` +
        `<td>${g.candidates.length ? g.candidates.map((c) => `<code>${esc(c.path)}:${c.line}</code> ${esc(c.confidence)}`).join('<br>') : 'no code here'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kube-list-lint audit</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}.n{text-align:right}.bar{display:inline-block;height:10px;background:#d9480f}.un{color:#777}code{font-size:13px}</style>
</head><body>
<h1>kube-list-lint audit</h1>
<p>${header(r).map(esc).join('<br>')}</p>
<h2>Call sites, by measured seconds</h2>
<table><tr><th>call</th><th>requests</th><th>seconds</th><th>latency</th><th>confidence</th><th>findings</th></tr>
${siteRows}
</table>
<h2>Request groups</h2>
<table><tr><th>#</th><th>shape</th><th>user agent</th><th>requests</th><th>seconds</th><th>latency</th><th>candidates</th></tr>
${groupRows}
</table>
${r.problems.length || r.notes.length ? `<h2>Notes</h2><ul>${[...r.problems, ...r.notes].map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<p><small>kube-list-lint ${esc(version)}</small></p>
</body></html>
`;
}
