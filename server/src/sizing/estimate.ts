// The cost of one API call under a cluster profile: objects scanned, bytes the apiserver
// processes, bytes read from etcd, bytes returned, temporary memory, latency, and how many
// times the program makes the call. Pure arithmetic over plain data; every assumption an
// estimate rests on is returned with it.
import {
  BUILTIN_ETCD_TO_JSON,
  CACHE_LIST_MEMORY_FACTOR,
  CACHE_SECONDS_PER_OBJECT,
  CUSTOM_ETCD_TO_JSON,
  DEFAULT_PAGE_SIZE,
  ETCD_BYTES_PER_SECOND,
  ETCD_LIST_MEMORY_FACTOR,
  ETCD_MAX_RANGE_KEYS,
  APF_BYTES_PER_SEAT,
  APF_CACHE_MAX_BYTES,
  APF_MAX_LIST_SEATS_BY_COUNT,
  APF_MAX_LIST_SEATS_BY_SIZE,
  APF_OBJECTS_PER_SEAT,
  APF_WORKLOAD_LOW,
  ETCD_SECONDS_PER_OBJECT,
  READ_SLO_SECONDS,
  REQUEST_OVERHEAD_S,
  TRANSFER_BYTES_PER_SECOND,
} from './constants';
import { compactCount, grouped, type ClusterProfile } from './profile';
import { gateOn, NEWEST_KNOWN_MINOR, since } from './gates';
import { servingPath, servingPaths, type RequestShape, type ServingPath, type Source } from './serving';
import { isClusterScoped } from '../engine/kindScope';

export type Scope = 'all' | 'namespaced' | 'cluster-scoped' | 'unknown';

export type FieldSelectorKind =
  /** No field selector. */
  | 'none'
  /** `spec.nodeName=X` (pods; the watch cache indexes it). */
  | 'nodeName'
  /** `metadata.name=X`: one object. */
  | 'name'
  /** Some other field selector, or one whose text is not visible: selectivity unknown. */
  | 'other';

/** A call as the sizing model sees it. Plain data: the engine builds it from syntax. */
export interface CallShape extends RequestShape {
  /** Lower-case plural resource (`pods`); undefined when the code does not say. */
  resource?: string;
  scope: Scope;
  fieldSelector: FieldSelectorKind;
  /** A label selector is set (or may be); its selectivity is unknown. */
  labelSelector: boolean;
  /** The label selector's text when the code gives it as a string literal (`app=web`). */
  labelSelectorText?: string;
  /** The Limit literal when visible (page size). */
  limitValue?: number;
  /**
   * Fraction of the objects in range the selectors match, when known (0 = none, as in
   * KEP-2340's benchmark). Unset: derived from the selector kind, or unknown.
   */
  selectivity?: number;
}

export interface Multiplicity {
  /** How many times the call runs per program run (1 when unknown). */
  factor: number;
  /** Each reason multiplies: `× 4,000 nodes: per-node agent (...)`. */
  reasons: string[];
  /** False when a loop's size is unknown: the total is then a lower bound. */
  known: boolean;
  /** The node count, when `factor` includes the per-node-agent multiplication. */
  perNode?: number;
}

export const ONCE: Multiplicity = { factor: 1, reasons: [], known: true };

/** Cost of one call on one serving path (one version range). */
export interface PathEstimate {
  /** `1.30`, `before 1.31`, `all versions`. */
  versions: string;
  path: ServingPath;
  objectsScanned: number;
  /** JSON bytes of every object the apiserver reads and filters (what seed 001 ranks by). */
  bytesProcessed: number;
  /** Bytes read from etcd in its storage encoding (protobuf for built-in types). */
  etcdBytes: number;
  objectsReturned: number;
  bytesReturned: number;
  /** Returned size assumes the selector matches everything in range (selectivity unknown). */
  returnedIsUpperBound: boolean;
  /** Responses the client receives (pages). */
  responses: number;
  /** Peak temporary apiserver memory for one response. */
  memoryBytes: number;
  /** API Priority and Fairness seats the (first) request occupies while it runs, after the default workload-low cap. */
  apfSeats: number;
  serverSeconds: number;
  transferSeconds: number;
  seconds: number;
}

export interface CallCost {
  /** `LIST pods`, `GET nodes`. */
  label: string;
  verb: 'list' | 'get';
  resource?: string;
  profile: {
    name: string;
    nodes: number;
    kubernetesVersion?: string;
    resourceCount?: number;
    etcdVersion?: string;
    /** The versions were not configured but assumed (ClusterProfile.versionAssumed / etcdAssumed). */
    versionAssumed?: boolean;
    etcdAssumed?: boolean;
  };
  /** Worst path first when the version is unknown (the headline uses it). */
  estimates: PathEstimate[];
  multiplicity: Multiplicity;
  /** The headline estimate × multiplicity. */
  total: { bytesProcessed: number; etcdBytes: number; bytesReturned: number; seconds: number };
  /** Every assumption a number above rests on, one sentence each. */
  assumptions: string[];
  /** False when the profile has no size for the resource or the path is unknown: no numbers to show. */
  known: boolean;
  /** Why the estimate is unknown, when it is. */
  unknownReason?: string;
  /** The request is an informer's initial LIST: what it returns is then held in memory (present.ts words it so). */
  informer?: boolean;
  /** The read SLO that covers the request (a built-in resource, a known scope), when one does. */
  slo?: { scope: SloScope; seconds: number };
}

/** The read SLO's scopes: one object, one namespace, several namespaces or a cluster-scoped kind. */
export type SloScope = keyof typeof READ_SLO_SECONDS;

/** What the read SLO says of a cost's headline estimate: one request's latency against the objective. */
export interface SloVerdict {
  scope: SloScope;
  objectiveSeconds: number;
  /** One request's latency (a page, for a paginated LIST). */
  requestSeconds: number;
  over: boolean;
  /** The latency is an upper bound (the selectors' selectivity is unknown). */
  upperBound: boolean;
}

/** Resources served by kube-apiserver's built-in types (stored as protobuf in etcd). */
const BUILTIN = new Set(['pods', 'nodes', 'namespaces', 'services', 'endpoints', 'endpointslices', 'configmaps', 'secrets', 'events', 'leases']);

/** The read SLO covering a request: built-in resources only, by the request's scope; undefined when the scope is not known. */
function sloFor(call: CallShape): CallCost['slo'] {
  if (call.local || !call.resource || !BUILTIN.has(call.resource)) return undefined;
  const scope: SloScope | undefined =
    call.verb === 'get' ? 'resource' : isClusterScoped(call.resource) || call.scope === 'cluster-scoped' || call.scope === 'all' ? 'cluster' : call.scope === 'namespaced' ? 'namespace' : undefined;
  return scope ? { scope, seconds: READ_SLO_SECONDS[scope] } : undefined;
}

/** The read SLO's verdict on a cost's headline estimate; undefined when no SLO covers the request or it is not sized. */
export function readSlo(cost: CallCost): SloVerdict | undefined {
  const head = cost.known ? cost.estimates[0] : undefined;
  if (!cost.slo || !head || !head.responses) return undefined;
  const requestSeconds = head.seconds / head.responses;
  return { scope: cost.slo.scope, objectiveSeconds: cost.slo.seconds, requestSeconds, over: requestSeconds > cost.slo.seconds, upperBound: head.returnedIsUpperBound };
}

function sourceCost(source: Source): 'etcd' | 'cache' | 'none' {
  if (source === 'etcd') return 'etcd';
  if (source === 'local-cache' || source === 'unknown' || source === 'invalid') return 'none';
  return 'cache';
}

interface Sizing {
  count: number;
  avgBytes: number;
  etcdRatio: number;
  /** Objects in the key range the request names (namespace narrows it). */
  inRange: number;
  /** Objects the selectors let through. */
  matched: number;
  matchedKnown: boolean;
  /** The watch cache can answer from an index or a single key (no scan of the range). */
  cacheDirect: number;
  /** etcd reads only one key (metadata.name on a cluster-scoped or namespaced request). */
  etcdSingleKey: boolean;
}

function sizeCall(call: CallShape, profile: ClusterProfile, assumptions: string[]): Sizing | string {
  const res = call.resource ? profile.resources[call.resource] : undefined;
  if (!call.resource) return 'the resource is not visible in the code';
  if (!res) return `the profile has no size for ${call.resource} (set profile.resources.${call.resource}.count and avgBytes)`;
  assumptions.push(`${compactCount(res.count)} ${call.resource} of ~${fmtBytes(res.avgBytes)} each: ${res.source}.`);
  const builtin = BUILTIN.has(call.resource);
  const etcdRatio = builtin ? BUILTIN_ETCD_TO_JSON : CUSTOM_ETCD_TO_JSON;
  const clusterScoped = isClusterScoped(call.resource) || call.scope === 'cluster-scoped';
  let inRange = res.count;
  if (call.scope === 'namespaced' && !clusterScoped) {
    inRange = res.count / Math.max(1, profile.namespaces);
    assumptions.push(`One namespace holds 1/${profile.namespaces} of the ${call.resource} (objects spread evenly over ${profile.namespaces} namespaces).`);
  } else if (call.scope === 'unknown') {
    assumptions.push('The namespace is not visible: the whole cluster is assumed (upper bound).');
  }
  if (call.verb === 'get') {
    return { count: res.count, avgBytes: res.avgBytes, etcdRatio, inRange, matched: 1, matchedKnown: true, cacheDirect: 1, etcdSingleKey: true };
  }
  let matched = inRange;
  let matchedKnown = true;
  let cacheDirect = -1;
  let etcdSingleKey = false;
  if (call.selectivity !== undefined) {
    matched = inRange * call.selectivity;
    assumptions.push(`The selectors match ${Math.round(call.selectivity * 100)}% of the objects in range (given).`);
    if (call.fieldSelector === 'nodeName' && call.resource === 'pods') cacheDirect = matched;
  } else if (call.fieldSelector === 'nodeName' && call.resource === 'pods') {
    matched = inRange / Math.max(1, profile.nodes);
    cacheDirect = matched;
    assumptions.push(`spec.nodeName selects one node's pods: ${compactCount(res.count)} / ${grouped(profile.nodes)} nodes; the watch cache finds them through its spec.nodeName index, etcd reads every pod in range.`);
  } else if (call.fieldSelector === 'name') {
    matched = 1;
    // The registry turns a metadata.name selector into a single-key read when it knows the
    // namespace (seed 001 §2.4, MatchesSingle).
    etcdSingleKey = clusterScoped || call.scope === 'namespaced';
    cacheDirect = etcdSingleKey ? 1 : -1;
    assumptions.push('metadata.name selects one object' + (etcdSingleKey ? ', read as a single key.' : '; across all namespaces the whole range is still read.'));
  } else if (call.fieldSelector === 'nodeName' || call.fieldSelector === 'other' || call.labelSelector) {
    matchedKnown = false;
    assumptions.push('Selector selectivity is unknown: returned size is an upper bound (everything in range matches).');
  }
  return { count: res.count, avgBytes: res.avgBytes, etcdRatio, inRange, matched, matchedKnown, cacheDirect, etcdSingleKey };
}

/**
 * The seats APF charges the first request (kubernetes/apiserver v0.36 list_work_estimator.go
 * seatsBasedOnObjectCount / seatsBasedOnObjectSize), capped as workload-low caps one request.
 * It judges "from the cache" from the options alone (ShouldDelegateListMeta without snapshots,
 * and not whether the resource has a watch cache), with the whole resource's object count.
 */
function apfSeats(call: CallShape, s: Sizing, minor: number, etcdVersion: string | undefined): number {
  if (call.verb === 'get' || call.local) return 1;
  const fromCache = servingPath({ ...call, noWatchCache: false }, minor, etcdVersion).first === 'watch-cache';
  const single = call.fieldSelector === 'name';
  const stored = s.count;
  const limit = call.limit === 'set' ? call.limitValue ?? DEFAULT_PAGE_SIZE : 0;
  const limited = limit > 0 && limit < stored ? limit : stored;
  const selectors = call.fieldSelector !== 'none' || call.labelSelector;
  let seats: number;
  let max: number;
  if (gateOn('SizeBasedListCostEstimate', minor)) {
    const objects = single ? 1 : fromCache ? limited : selectors ? Math.max(limited, Math.floor(stored / 2)) : limited;
    let bytes = objects * s.avgBytes * s.etcdRatio;
    if (fromCache) bytes = Math.min(bytes, APF_CACHE_MAX_BYTES);
    seats = Math.ceil(bytes / APF_BYTES_PER_SEAT);
    max = Math.min(APF_MAX_LIST_SEATS_BY_SIZE, APF_WORKLOAD_LOW.maxPerRequest);
  } else {
    const objects = single ? 1 : fromCache ? stored : selectors ? stored + limited : 2 * limited;
    seats = Math.ceil(objects / APF_OBJECTS_PER_SEAT);
    max = APF_MAX_LIST_SEATS_BY_COUNT;
  }
  return Math.max(1, Math.min(seats, max));
}

/** One serving path's numbers for a sized call on Kubernetes 1.`minor`. */
function estimatePath(call: CallShape, s: Sizing, versions: string, path: ServingPath, minor: number, etcdVersion: string | undefined): PathEstimate {
  const page = call.limit === 'set' && !path.limitIgnored ? call.limitValue ?? DEFAULT_PAGE_SIZE : Infinity;
  const responses = Math.max(1, Math.ceil(s.matched / page));
  // Split the objects between the first response's source and the continue pages' source.
  const firstShare = path.rest && path.rest !== path.first ? Math.min(1, page / Math.max(1, s.matched)) : 1;
  const parts: { source: Source; share: number }[] = [{ source: path.first, share: firstShare }];
  if (firstShare < 1) parts.push({ source: path.rest!, share: 1 - firstShare });

  let scanned = 0;
  let etcdBytes = 0;
  let serverSeconds = 0;
  let etcdResponseMax = 0;
  for (const part of parts) {
    const kind = sourceCost(part.source);
    if (kind === 'etcd') {
      const n = (s.etcdSingleKey ? 1 : s.inRange) * part.share;
      scanned += n;
      etcdBytes += n * s.avgBytes * s.etcdRatio;
      serverSeconds += n * ETCD_SECONDS_PER_OBJECT + (n * s.avgBytes) / ETCD_BYTES_PER_SECOND;
      // etcd is asked for `page` keys at a time when paginating, else the whole range; while
      // selectors drop objects the range read doubles, up to ETCD_MAX_RANGE_KEYS.
      const selective = !s.etcdSingleKey && s.matched < s.inRange;
      const rangeKeys = Number.isFinite(page) && (selective || !s.matchedKnown) ? Math.max(page, ETCD_MAX_RANGE_KEYS) : page;
      etcdResponseMax = Math.max(etcdResponseMax, Math.min(n, rangeKeys) * s.avgBytes * s.etcdRatio);
    } else if (kind === 'cache') {
      const n = (s.cacheDirect >= 0 ? s.cacheDirect : s.inRange) * part.share;
      scanned += n;
      serverSeconds += n * CACHE_SECONDS_PER_OBJECT;
    }
  }
  const local = path.first === 'local-cache';
  const objectsReturned = local ? 0 : s.matched;
  const bytesReturned = objectsReturned * s.avgBytes;
  // From StreamingCollectionEncoding the response is written item by item, not assembled first.
  const perResponse = gateOn('StreamingCollectionEncoding', minor) ? Math.min(objectsReturned, 1) * s.avgBytes : Math.min(objectsReturned, page) * s.avgBytes;
  const memoryBytes = local ? 0 : Math.max(ETCD_LIST_MEMORY_FACTOR * etcdResponseMax, CACHE_LIST_MEMORY_FACTOR * perResponse);
  const transferSeconds = bytesReturned / TRANSFER_BYTES_PER_SECOND;
  if (!local) serverSeconds += responses * REQUEST_OVERHEAD_S;
  return {
    versions,
    path,
    objectsScanned: scanned,
    bytesProcessed: scanned * s.avgBytes,
    etcdBytes,
    objectsReturned,
    bytesReturned,
    returnedIsUpperBound: !s.matchedKnown,
    responses: local ? 0 : responses,
    memoryBytes,
    apfSeats: local ? 0 : apfSeats(call, s, minor, etcdVersion),
    serverSeconds,
    transferSeconds,
    seconds: serverSeconds + transferSeconds,
  };
}

function rank(e: PathEstimate): number {
  return e.etcdBytes * 10 + e.bytesProcessed;
}

/** Estimates `call` under `profile`, made `multiplicity.factor` times per run. */
export function estimateCall(call: CallShape, profile: ClusterProfile, multiplicity: Multiplicity = ONCE): CallCost {
  const label = `${call.verb.toUpperCase()} ${call.resource ?? 'objects'}`;
  const assumptions: string[] = [];
  const base = {
    label,
    verb: call.verb,
    resource: call.resource,
    profile: {
      name: profile.name,
      nodes: profile.nodes,
      kubernetesVersion: profile.kubernetesVersion,
      resourceCount: call.resource ? profile.resources[call.resource]?.count : undefined,
      ...(profile.etcdVersion ? { etcdVersion: profile.etcdVersion } : {}),
      ...(profile.versionAssumed ? { versionAssumed: true } : {}),
      ...(profile.etcdAssumed ? { etcdAssumed: true } : {}),
    },
    multiplicity,
  };
  const none = (why: string): CallCost => ({ ...base, estimates: [], total: { bytesProcessed: 0, etcdBytes: 0, bytesReturned: 0, seconds: 0 }, assumptions, known: false, unknownReason: why });
  // A resource the profile keeps no watch cache for (Events, `--watch-cache-sizes=X#0`) is read from etcd.
  if (!call.local && call.resource && profile.noWatchCache?.includes(call.resource)) call = { ...call, noWatchCache: true };
  const paths = servingPaths(call, profile.minor, profile.etcdVersion);
  if (paths.every((p) => p.path.first === 'unknown' || p.path.first === 'invalid')) return none(paths[0].path.why);
  let s = sizeCall(call, profile, assumptions);
  // A read of the program's own informer cache costs the apiserver nothing, whatever it reads.
  if (typeof s === 'string' && call.local) s = { count: 0, avgBytes: 0, etcdRatio: 1, inRange: 0, matched: 0, matchedKnown: true, cacheDirect: 0, etcdSingleKey: false };
  if (typeof s === 'string') return none(s);
  if (call.limit === 'set' && call.limitValue === undefined) assumptions.push(`Page size not visible: ${DEFAULT_PAGE_SIZE} assumed (client-go's pager default).`);
  if (call.limit === 'set') assumptions.push('The program reads every page.');
  if (profile.minor === undefined) assumptions.push('Kubernetes version unknown: each version range is estimated; the headline uses the costliest.');
  else if (profile.minor > NEWEST_KNOWN_MINOR) assumptions.push(`Kubernetes 1.${profile.minor} is newer than the model's gate table (1.${NEWEST_KNOWN_MINOR}): 1.${NEWEST_KNOWN_MINOR}'s behaviour is assumed.`);
  for (const p of paths) if (p.path.caveat) assumptions.push(`${p.versions}: ${p.path.caveat}.`);
  // Before BtreeWatchCache the cache walks every key of the type to find one namespace's
  // (watch_cache.go hasPathPrefix): cheap per key, but not the namespace's share.
  const walksType = paths.some((p) => p.path.first === 'watch-cache' && !gateOn('BtreeWatchCache', p.minor));
  if (walksType && call.scope === 'namespaced' && call.verb === 'list' && s.cacheDirect < 0 && s.inRange < s.count) {
    assumptions.push(`Before ${since('BtreeWatchCache')} the watch cache checks the key of every one of the ${grouped(s.count)} ${call.resource} to find the namespace's; only those are counted as scanned.`);
  }
  const estimates = paths.filter((p) => p.path.first !== 'unknown' && p.path.first !== 'invalid').map((p) => estimatePath(call, s, p.versions, p.path, p.minor, profile.etcdVersion));
  // Costliest first (etcd reads before cache reads), ties keep version order.
  const order = estimates.map((e, i) => ({ e, i })).sort((a, b) => rank(b.e) - rank(a.e) || a.i - b.i).map((x) => x.e);
  const head = order[0];
  const f = multiplicity.factor;
  // A per-node agent's LISTs start together (a rollout, an apiserver restart): seed 002's 429s.
  if (multiplicity.perNode && head.apfSeats * multiplicity.perNode > APF_WORKLOAD_LOW.seats) {
    assumptions.push(
      `APF: ${grouped(multiplicity.perNode)} agents starting together ask for ${grouped(head.apfSeats * multiplicity.perNode)} seats against workload-low's ` +
        `${APF_WORKLOAD_LOW.seats} (default config, service accounts): requests queue, then get 429 until the level drains.`,
    );
  }
  const slo = sloFor(call);
  return {
    ...base,
    estimates: order,
    total: { bytesProcessed: head.bytesProcessed * f, etcdBytes: head.etcdBytes * f, bytesReturned: head.bytesReturned * f, seconds: head.seconds * f },
    assumptions,
    known: true,
    ...(slo ? { slo } : {}),
  };
}

/** 2.0e9 -> `2.0 GB`, 526000 -> `526 KB`, 900 -> `900 B` (SI units, as `ls -h` roughly prints). */
export function fmtBytes(n: number): string {
  const units: [number, string][] = [
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  for (const [scale, unit] of units) {
    if (n >= scale * 0.995) {
      const x = n / scale;
      return `${x >= 9.95 ? Math.round(x) : x.toFixed(1)} ${unit}`;
    }
  }
  return `${Math.round(n)} B`;
}

/** 10.2 -> `10 s`, 1.44 -> `1.4 s`, 0.045 -> `0.05 s`, 0.004 -> `4 ms`. */
export function fmtSeconds(s: number): string {
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 120) return `${Math.round(s / 60)} min`;
  if (s >= 9.95) return `${Math.round(s)} s`;
  if (s >= 0.995) return `${s.toFixed(1)} s`;
  if (s >= 0.0095) return `${s.toFixed(2)} s`;
  return `${Math.max(1, Math.round(s * 1000))} ms`;
}
