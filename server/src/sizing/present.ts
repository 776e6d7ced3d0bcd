// How a cost reads: the headline a finding's message ends with, the one-line CodeLens, and
// the hover's markdown table. Used by the engine, the LSP server and the report.
import { fmtBytes, fmtSeconds, type CallCost, type PathEstimate } from './estimate';
import { compactCount, grouped } from './profile';
import { pathLabel, rangePhrase, SOURCE_LABEL } from './serving';
import { CACHE_LIST_MEMORY_FACTOR, ETCD_LIST_MEMORY_FACTOR } from './constants';

function approx(e: PathEstimate): string {
  return e.returnedIsUpperBound ? '≤' : '≈';
}

/** The amount a headline quotes for one estimate: bytes read via etcd, else bytes returned. */
function amount(e: PathEstimate): string {
  if (e.path.first === 'local-cache') return 'no request (local informer cache)';
  if (e.etcdBytes > 0) {
    const where = e.path.first === 'etcd' ? 'read from etcd' : `read from etcd (continue pages)`;
    return `≈${fmtBytes(e.bytesProcessed)} ${where}`;
  }
  return `${approx(e)}${fmtBytes(e.bytesReturned)} from the ${shortSource(e)}`;
}

function profilePart(cost: CallCost): string {
  const n = cost.profile.resourceCount;
  const p = cost.profile.name + (cost.profile.kubernetesVersion ? ` / ${cost.profile.kubernetesVersion}` : '');
  return n !== undefined && cost.resource ? `${p} (${compactCount(n)} ${cost.resource})` : p;
}

function timesPart(cost: CallCost): string {
  const m = cost.multiplicity;
  if (m.factor <= 1 && m.known) return '';
  if (m.factor <= 1) return `; ${m.reasons.join('; ')}`;
  return `; ${m.reasons.join(', ')}: ≈${fmtBytes(cost.total.bytesProcessed)} per run${m.known ? '' : ' or more'}`;
}

/**
 * `≈2.0 GB read from etcd per call at 4k-nodes (100k pods)`; with no version, each
 * version range: `≈600 MB read from etcd per call before 1.31, ≈600 KB from the watch
 * cache from 1.31, at 1k-nodes (30k pods)`.
 */
export function headline(cost: CallCost): string {
  if (!cost.known) return `cost at ${cost.profile.name} unknown: ${cost.unknownReason}`;
  const [head, ...others] = cost.estimates;
  const single = cost.estimates.length === 1;
  let s = `${amount(head)} per call`;
  if (!single || (head.versions !== 'all versions' && !cost.profile.kubernetesVersion)) s += ` ${rangePhrase(head.versions)}`;
  for (const o of others) s += `, ${amount(o)} ${rangePhrase(o.versions)}`;
  s += `${others.length ? ',' : ''} at ${profilePart(cost)}`;
  return s + timesPart(cost);
}

/** `LIST pods · etcd · ≈2.0 GB · ≈10 s` (CodeLens above a call). */
export function codeLensText(cost: CallCost): string {
  if (!cost.known) return `${cost.label} · cost unknown`;
  const head = cost.estimates[0];
  const source =
    cost.estimates.length > 1 ? cost.estimates.map((e) => `${shortSource(e)} ${rangePhrase(e.versions)}`).join(', ') : shortSource(head);
  const bytes = head.etcdBytes > 0 ? head.bytesProcessed : head.bytesReturned;
  const bits = [cost.label, source, `${head.etcdBytes > 0 ? '≈' : approx(head)}${fmtBytes(bytes)}`, `${approx(head)}${fmtSeconds(head.seconds)}`];
  if (cost.multiplicity.factor > 1) bits.push(`×${grouped(cost.multiplicity.factor)}`);
  return bits.join(' · ');
}

/** `etcd`, `watch cache`, `watch cache + etcd pages`. */
function shortSource(e: PathEstimate): string {
  const p = e.path;
  return p.rest && p.rest !== p.first ? `${SOURCE_LABEL[p.first]} + ${p.rest === 'etcd' ? 'etcd' : 'snapshot'} pages` : SOURCE_LABEL[p.first];
}

function objects(n: number): string {
  return n >= 1000 ? compactCount(n) : `${Math.round(n * 10) / 10}`;
}

/**
 * The hover: a small markdown table (served from, scanned, returned, latency, memory,
 * multiplicity, total), one column per version range, and the assumptions under it.
 */
export function formatCostMarkdown(cost: CallCost): string {
  const title = `**${cost.label}** at ${profilePart(cost)}`;
  if (!cost.known) return `${title}: cost unknown (${cost.unknownReason}).\n`;
  const es = cost.estimates;
  const head = es[0];
  const m = cost.multiplicity;
  const row = (name: string, f: (e: PathEstimate) => string, why: string) => `| ${name} | ${es.map(f).join(' | ')} | ${why} |`;
  const lines = [
    title,
    '',
    `| | ${es.map((e) => e.versions).join(' | ')} | assumption |`,
    `|---|${es.map(() => '---|').join('')}---|`,
    row('served from', (e) => pathLabel(e.path) + (e.path.limitIgnored ? ' (Limit ignored)' : ''), head.path.why),
    row(
      'scanned',
      (e) => `${objects(e.objectsScanned)} objects, ≈${fmtBytes(e.bytesProcessed)}` + (e.etcdBytes > 0 ? ` (≈${fmtBytes(e.etcdBytes)} from etcd)` : ''),
      'etcd cannot filter: it returns every object in the key range; JSON sizes from the profile',
    ),
    row('returned', (e) => `${objects(e.objectsReturned)} objects, ${approx(e)}${fmtBytes(e.bytesReturned)} in ${e.responses} response${e.responses === 1 ? '' : 's'}`, head.returnedIsUpperBound ? 'selectivity unknown: upper bound' : 'selectors applied as described below'),
    row('latency', (e) => `${approx(e)}${fmtSeconds(e.seconds)} (${fmtSeconds(e.serverSeconds)} serving + ${fmtSeconds(e.transferSeconds)} transfer)`, 'calibrated on seed 001 and KEP-2340 (docs/sizing.md)'),
    row('memory', (e) => `≈${fmtBytes(e.memoryBytes)}`, `${ETCD_LIST_MEMORY_FACTOR}× the etcd response (KEP-3157); ${CACHE_LIST_MEMORY_FACTOR}× the response from the cache`),
    row('multiplicity', () => (m.factor > 1 ? `×${grouped(m.factor)}` : m.known ? '×1' : '×1 or more'), m.reasons.join('; ') || 'not in a loop, not a per-node agent'),
    row('total', (e) => `≈${fmtBytes(e.bytesProcessed * m.factor)}, ${fmtSeconds(e.seconds * m.factor)} of requests`, m.known ? 'per run of the program' : 'lower bound: a loop of unknown size'),
    '',
    ...cost.assumptions.map((a) => `- ${a}`),
  ];
  return lines.join('\n') + '\n';
}
