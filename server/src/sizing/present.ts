// How a cost reads: the headline every surface prints next to a finding (the message is the
// rule's text only), the one-line CodeLens, the hover's markdown table, the plain-data
// summary machine formats carry, and the notes said once per run. Used by the CLI, the LSP
// server and the report.
import { fmtBytes, fmtSeconds, type CallCost, type PathEstimate, type SloScope } from './estimate';
import { compactCount, grouped } from './profile';
import { pathLabel, rangePhrase, SOURCE_LABEL } from './serving';
import { APF_WORKLOAD_LOW, CACHE_LIST_MEMORY_FACTOR, ETCD_LIST_MEMORY_FACTOR } from './constants';
import { since } from './gates';

function approx(e: PathEstimate): string {
  return e.returnedIsUpperBound ? '≤' : '≈';
}

/**
 * The amount a headline quotes for one estimate, in the one vocabulary of every surface
 * (docs/sizing.md): *etcd bytes* (`read from etcd`, protobuf for built-in types), *bytes
 * processed* by the apiserver (JSON), *bytes sent* to the client. Via etcd: both of the
 * first two; from a cache: the bytes sent.
 */
function amount(e: PathEstimate): string {
  if (e.path.first === 'local-cache') return 'no request (local informer cache)';
  if (e.etcdBytes > 0) {
    const where = e.path.first === 'etcd' ? 'read from etcd' : `read from etcd (continue pages)`;
    return `≈${fmtBytes(e.etcdBytes)} ${where}, ≈${fmtBytes(e.bytesProcessed)} processed`;
  }
  return `${approx(e)}${fmtBytes(e.bytesReturned)} sent from the ${shortSource(e)}`;
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
  return `; ${m.reasons.join(', ')}: ≈${fmtBytes(cost.total.bytesProcessed)} processed per run${m.known ? '' : ' or more'}`;
}

/**
 * `≈1.0 GB read from etcd, ≈2.0 GB processed per call at 4k-nodes (100k pods)`; with no
 * version, each version range: `≈300 MB read from etcd, ≈600 MB processed per call before
 * 1.31, ≈600 KB sent from the watch cache from 1.31, at 1k-nodes (30k pods)`.
 */
export function headline(cost: CallCost): string {
  if (!cost.known) return `cost at ${cost.profile.name} unknown: ${cost.unknownReason}`;
  if (cost.informer) return informerHeadline(cost);
  const [head, ...others] = cost.estimates;
  const single = cost.estimates.length === 1;
  let s = `${amount(head)} per call`;
  if (!single || (head.versions !== 'all versions' && !cost.profile.kubernetesVersion)) s += ` ${rangePhrase(head.versions)}`;
  for (const o of others) s += `, ${amount(o)} ${rangePhrase(o.versions)}`;
  s += `${others.length ? ',' : ''} at ${profilePart(cost)}`;
  return s + timesPart(cost);
}

/**
 * An informer's cost: what it holds in memory (every object it lists) and its initial LIST,
 * made again on every start: `informer: ≈60 MB of 30k pods held in memory; its initial list
 * ≈60 MB sent from the watch cache on every start, at 1k-nodes / 1.34 (30k pods)`.
 */
function informerHeadline(cost: CallCost): string {
  const head = cost.estimates[0];
  const held = `informer: ${approx(head)}${fmtBytes(head.bytesReturned)} of ${objects(head.objectsReturned)} ${cost.resource ?? 'objects'} held in memory`;
  return `${held}; its initial list ${amount(head)} on every start, at ${profilePart(cost)}${timesPart(cost)}`;
}

const SLO_SCOPE: Record<SloScope, string> = { resource: 'one object', namespace: 'one namespace', cluster: 'cluster-wide' };

/**
 * A request against the read SLO: `≈41 s per request, over the read SLO (p99 ≤ 30 s
 * cluster-wide)`; `within` when it is not over. `≤` when the latency is an upper bound.
 */
export function sloText(v: { scope: SloScope; objectiveSeconds: number; requestSeconds: number; upperBound?: boolean }, over = v.requestSeconds > v.objectiveSeconds): string {
  return `${v.upperBound ? '≤' : '≈'}${fmtSeconds(v.requestSeconds)} per request, ${over ? 'over' : 'within'} the read SLO (p99 ≤ ${fmtSeconds(v.objectiveSeconds)} ${SLO_SCOPE[v.scope]})`;
}

/** `LIST pods · etcd · ≈2.0 GB processed · ≈10 s`, `LIST pods · watch cache · ≈600 KB sent · ≈1 s` (CodeLens above a call). */
export function codeLensText(cost: CallCost): string {
  if (!cost.known) return `${cost.label} · cost unknown`;
  const head = cost.estimates[0];
  const source =
    cost.estimates.length > 1 ? cost.estimates.map((e) => `${shortSource(e)} ${rangePhrase(e.versions)}`).join(', ') : shortSource(head);
  const bytes = head.etcdBytes > 0 ? head.bytesProcessed : head.bytesReturned;
  const bits = [cost.label, source, `${head.etcdBytes > 0 ? '≈' : approx(head)}${fmtBytes(bytes)} ${head.etcdBytes > 0 ? 'processed' : 'sent'}`, `${approx(head)}${fmtSeconds(head.seconds)}`];
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
  const assumed = assumedVersions(cost.profile);
  const lines = [
    title,
    '',
    `| | ${es.map((e) => e.versions).join(' | ')} | assumption |`,
    `|---|${es.map(() => '---|').join('')}---|`,
    row('served from', (e) => pathLabel(e.path) + (e.path.limitIgnored ? ' (Limit ignored)' : ''), head.path.why),
    row(
      'scanned',
      (e) => `${objects(e.objectsScanned)} objects, ≈${fmtBytes(e.bytesProcessed)} processed` + (e.etcdBytes > 0 ? ` (≈${fmtBytes(e.etcdBytes)} read from etcd)` : ''),
      'etcd cannot filter: it returns every object in the key range; JSON sizes from the profile',
    ),
    row('sent', (e) => `${objects(e.objectsReturned)} objects, ${approx(e)}${fmtBytes(e.bytesReturned)} sent in ${e.responses} response${e.responses === 1 ? '' : 's'}`, head.returnedIsUpperBound ? 'selectivity unknown: upper bound' : 'selectors applied as described below'),
    row('latency', (e) => `${approx(e)}${fmtSeconds(e.seconds)} (${fmtSeconds(e.serverSeconds)} serving + ${fmtSeconds(e.transferSeconds)} transfer)`, 'calibrated on seed 001 and KEP-2340 (docs/sizing.md)'),
    ...(cost.slo
      ? [row('read SLO', (e) => (e.responses ? sloText({ scope: cost.slo!.scope, objectiveSeconds: cost.slo!.seconds, requestSeconds: e.seconds / e.responses, upperBound: e.returnedIsUpperBound }) : '—'), 'sig-scalability api_call_latency.md: p99 ≤ 1 s one object, ≤ 5 s one namespace, ≤ 30 s cluster-wide')]
      : []),
    row('memory', (e) => `≈${fmtBytes(e.memoryBytes)}`, `${ETCD_LIST_MEMORY_FACTOR}× the etcd response (KEP-3157); from the cache ${CACHE_LIST_MEMORY_FACTOR}× the response, one object at a time from ${since('StreamingCollectionEncoding')} (KEP-5116)`),
    row('APF seats', (e) => `${e.apfSeats}`, `list_work_estimator.go: 1 per 100 objects ≤ 10 before ${since('SizeBasedListCostEstimate')}; 1 per 100 KB loaded from ${since('SizeBasedListCostEstimate')} (cache reads ≤ 10, others ≤ ${APF_WORKLOAD_LOW.maxPerRequest} in workload-low)`),
    row('multiplicity', () => (m.factor > 1 ? `×${grouped(m.factor)}` : m.known ? '×1' : '×1 or more'), m.reasons.join('; ') || 'not in a loop, not a per-node agent'),
    row('total', (e) => `≈${fmtBytes(e.bytesProcessed * m.factor)} processed, ${fmtSeconds(e.seconds * m.factor)} of requests`, m.known ? 'per run of the program' : 'lower bound: a loop of unknown size'),
    '',
    ...cost.assumptions.map((a) => `- ${a}`),
    ...(assumed ? ['', `_${assumed} assumed: no version configured (the profile's \`kubernetesVersion\`, or \`kubeListLint.kubernetesVersion\`)._`] : []),
  ];
  return lines.join('\n') + '\n';
}

/**
 * `Kubernetes 1.34 with etcd ≥ 3.5.13` when the profile assumed its versions, with where the
 * version comes from when go.mod gave it: `Kubernetes 1.35 (go.mod: k8s.io/client-go v0.35.3) …`.
 */
export function assumedVersions(p: Pick<CallCost['profile'], 'kubernetesVersion' | 'etcdVersion' | 'versionAssumed' | 'etcdAssumed'>): string | undefined {
  if (!p.versionAssumed) return undefined;
  const etcd = p.etcdAssumed ? `etcd ≥ ${p.etcdVersion}` : p.etcdVersion ? `etcd ${p.etcdVersion}` : 'etcd of unknown version';
  return `Kubernetes ${p.kubernetesVersion} with ${etcd}`;
}

/**
 * The run's sizing notes, each said once (CLI footer and JSON `notes`, SARIF run properties):
 * the versions assumed when none is configured (one note per distinct assumption: modules
 * with different go.mod versions), and the resources the profile has no size for. `costs`
 * are the reported findings' costs.
 */
export function sizingNotes(costs: readonly CallCost[]): string[] {
  const notes: string[] = [];
  const assumptions = new Map<string, CallCost['profile']>();
  for (const c of costs) if (c.profile.versionAssumed) assumptions.set(assumedVersions(c.profile)!, c.profile);
  for (const [assumed, p] of assumptions) {
    const cache = p.etcdAssumed ? '; consistent LISTs are served from the watch cache' : '';
    const why = 'the oldest minor supported upstream';
    notes.push(
      `no Kubernetes version configured: costs assume ${assumed} (${why}${cache}). ` +
        `For an older cluster set profile.kubernetesVersion (and etcdVersion) in .kube-list-lint.yaml.`,
    );
  }
  const unknown = costs.filter((c) => !c.known);
  if (unknown.length) {
    const unsized = [...new Set(unknown.filter((c) => c.resource && c.profile.resourceCount === undefined).map((c) => c.resource!))].sort();
    const other = unknown.filter((c) => !c.resource || c.profile.resourceCount !== undefined).length;
    const parts: string[] = [];
    if (unsized.length) parts.push(`the profile has no size for ${unsized.join(', ')} (set profile.resources.NAME.count and avgBytes)`);
    if (other) parts.push(`${other} call${other === 1 ? '' : 's'} whose resource or ResourceVersion options are not visible in the code`);
    notes.push(`cost unknown for ${unknown.length} finding${unknown.length === 1 ? '' : 's'}: ${parts.join('; ')}.`);
  }
  return notes;
}

/** Where each estimate is served from: `etcd`, `watch cache (Limit ignored)`, `etcd before 1.31; watch cache from 1.31`. */
export function servedFromText(cost: CallCost): string {
  if (!cost.known) return 'unknown';
  if (cost.estimates.length === 1) return pathLabel(cost.estimates[0].path) + (cost.estimates[0].path.limitIgnored ? ' (Limit ignored)' : '');
  return cost.estimates.map((e) => `${pathLabel(e.path)} ${rangePhrase(e.versions)}`).join('; ');
}

/** One call's numbers on one path, as the machine formats and the report carry them. */
export function perCallNumbers(e: PathEstimate): { bytesProcessed: number; etcdBytes: number; bytesReturned: number; returnedIsUpperBound: boolean; seconds: number; memoryBytes: number; apfSeats: number } {
  return { bytesProcessed: e.bytesProcessed, etcdBytes: e.etcdBytes, bytesReturned: e.bytesReturned, returnedIsUpperBound: e.returnedIsUpperBound, seconds: e.seconds, memoryBytes: e.memoryBytes, apfSeats: e.apfSeats };
}

/** A finding's cost as plain data for JSON and SARIF: the headline and the headline estimate's numbers. */
export interface CostSummary {
  headline: string;
  label: string;
  known: boolean;
  profile: string;
  kubernetesVersion?: string;
  servedFrom: string;
  perCall?: ReturnType<typeof perCallNumbers>;
  times: number;
  timesKnown: boolean;
  perRun?: { bytesProcessed: number; etcdBytes: number; seconds: number };
  unknownReason?: string;
}

export function costSummary(cost: CallCost): CostSummary {
  const head = cost.known ? cost.estimates[0] : undefined;
  return {
    headline: headline(cost),
    label: cost.label,
    known: cost.known,
    profile: cost.profile.name,
    ...(cost.profile.kubernetesVersion ? { kubernetesVersion: cost.profile.kubernetesVersion } : {}),
    servedFrom: servedFromText(cost),
    ...(head ? { perCall: perCallNumbers(head) } : {}),
    times: cost.multiplicity.factor,
    timesKnown: cost.multiplicity.known,
    ...(head ? { perRun: { bytesProcessed: cost.total.bytesProcessed, etcdBytes: cost.total.etcdBytes, seconds: cost.total.seconds } } : {}),
    ...(cost.unknownReason ? { unknownReason: cost.unknownReason } : {}),
  };
}
