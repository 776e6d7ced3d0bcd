// Where the apiserver serves a read from, by request shape and Kubernetes version
// (../shared/DESIGN.md §4, checked against kubernetes/apiserver's shouldDelegateList in
// v1.24 (quoted in seed 001 §2.5.2) and the delegator rewrite that came with
// ConsistentListFromCache beta). The versions come from the gate table (gates.ts).
import { ETCD_MIN_FOR_CACHE } from './constants';
import { gateOn, GATES, modelledMinor, since } from './gates';
import { parseEtcdVersion } from './profile';

export type RvState = 'unset' | 'zero' | 'exact' | 'unknown';
export type RvMatch = 'unset' | 'NotOlderThan' | 'Exact' | 'unknown';
export type LimitState = 'none' | 'set' | 'unknown';

/** What a request asks for, as far as the serving path is concerned. Plain data. */
export interface RequestShape {
  verb: 'list' | 'get';
  rv: RvState;
  rvm: RvMatch;
  limit: LimitState;
  /** Read from a local informer cache (lister, controller-runtime cache): no request at all. */
  local?: boolean;
  /** A resource kube-apiserver keeps no watch cache for (Events, `--watch-cache-sizes=X#0`): every read is from etcd. */
  noWatchCache?: boolean;
}

/** `invalid`: the apiserver rejects the options (400) before any read. */
export type Source = 'etcd' | 'watch-cache' | 'cache-snapshot' | 'local-cache' | 'invalid' | 'unknown';

export interface ServingPath {
  /** Where the first (or only) response comes from. */
  first: Source;
  /** Where continue pages come from, when the request paginates and they differ. */
  rest?: Source;
  /** The watch cache ignores Limit: the whole list comes back in one response. */
  limitIgnored: boolean;
  /** Condition under which the answer differs (etcd version, snapshot retention). */
  caveat?: string;
  /** One sentence: why this path. */
  why: string;
}

export const SOURCE_LABEL: Record<Source, string> = {
  etcd: 'etcd',
  'watch-cache': 'watch cache',
  'cache-snapshot': 'cache snapshot',
  'local-cache': 'local informer cache',
  invalid: 'rejected (400)',
  unknown: 'unknown',
};

const CACHE_LISTS = GATES.ConsistentListFromCache.onFrom;
const SNAPSHOTS = GATES.ListFromCacheSnapshot.onFrom;

/** Version ranges where the serving path differs, for messages and the docs' table. */
export const VERSION_RANGES = [
  { label: `before ${since('ConsistentListFromCache')}`, minor: CACHE_LISTS - 1 },
  { label: `${since('ConsistentListFromCache')}–1.${SNAPSHOTS - 1}`, minor: SNAPSHOTS - 1 },
  { label: `${since('ListFromCacheSnapshot')}+`, minor: SNAPSHOTS },
] as const;

/** undefined: etcd version unknown; true/false: it has (not) the progress-notify fix. */
export function etcdSupportsCacheReads(etcdVersion?: string): boolean | undefined {
  if (!etcdVersion) return undefined;
  const v = parseEtcdVersion(etcdVersion);
  if (!v) return undefined;
  const [maj, min, patch] = v;
  if (maj !== 3) return maj > 3;
  if (min >= 6) return true;
  const need = (ETCD_MIN_FOR_CACHE as Record<string, number>)[`3.${min}`];
  return need !== undefined && patch >= need;
}

const ETCD_CAVEAT = 'needs etcd ≥ 3.4.31 / 3.5.13 for consistent reads from the cache; with older etcd the apiserver reads etcd';

/** The serving path of `req` on Kubernetes 1.`givenMinor` (before 1.24 as 1.24–1.30; after the newest known minor as it). */
export function servingPath(req: RequestShape, givenMinor: number, etcdVersion?: string): ServingPath {
  const minor = modelledMinor(givenMinor);
  const cacheLists = gateOn('ConsistentListFromCache', minor);
  const snapshots = gateOn('ListFromCacheSnapshot', minor);
  if (req.local) return { first: 'local-cache', limitIgnored: false, why: 'read from the informer cache in the program: no request to the apiserver' };
  const unknown = (why: string): ServingPath => ({ first: 'unknown', limitIgnored: false, why });
  if (req.noWatchCache) return { first: 'etcd', limitIgnored: false, why: 'no watch cache for this resource (Events, or --watch-cache-sizes=X#0): every read is from etcd, Limit honoured' };
  if (req.rv === 'unknown' || req.rvm === 'unknown') return unknown('the ResourceVersion options are not visible here');
  // k8s.io/apimachinery v0.36 pkg/apis/meta/internalversion/validation/validation.go:33-45 ValidateListOptions.
  if (req.verb === 'list' && req.rvm !== 'unset' && req.rv === 'unset') return { first: 'invalid', limitIgnored: false, why: 'ResourceVersionMatch without a ResourceVersion is rejected (400)' };
  if (req.verb === 'list' && req.rvm === 'Exact' && req.rv === 'zero') return { first: 'invalid', limitIgnored: false, why: 'ResourceVersionMatch=Exact with ResourceVersion "0" is rejected (400)' };
  const etcdOk = etcdSupportsCacheReads(etcdVersion);

  if (req.verb === 'get') {
    if (req.rv === 'unset') return { first: 'etcd', limitIgnored: false, why: 'GET with ResourceVersion unset is a quorum read from etcd in every version' };
    return { first: 'watch-cache', limitIgnored: false, why: 'GET with a ResourceVersion is served from the watch cache' };
  }

  const limited = req.limit === 'set';
  if (req.limit === 'unknown' && req.rv !== 'zero') return unknown('whether the LIST paginates is not visible here');

  if (req.rvm === 'Exact') {
    if (snapshots) {
      return { first: 'cache-snapshot', limitIgnored: false, caveat: 'while the cache still holds a snapshot at that version, else etcd', why: `ResourceVersionMatch=Exact is served from a cache snapshot from ${since('ListFromCacheSnapshot')}` };
    }
    return { first: 'etcd', limitIgnored: false, why: `ResourceVersionMatch=Exact is read from etcd before ${since('ListFromCacheSnapshot')}` };
  }
  if (req.rvm === 'NotOlderThan') {
    // v0.30 cacher.go shouldDelegateList: any Limit with RV != "0" goes to etcd (hasLimit).
    // v0.31 cacher.go: NotOlderThan stays in the cache and computeListLimit honours its Limit
    // (only RV "0" drops it); a continue token goes to etcd (hasContinuation) until the 1.34
    // delegator's ShouldDelegateContinue serves it from a snapshot.
    if (limited && req.rv !== 'zero' && !cacheLists) {
      return { first: 'etcd', limitIgnored: false, why: `a Limit with ResourceVersion other than "0" goes to etcd before ${since('ConsistentListFromCache')}, even with NotOlderThan` };
    }
    if (!limited || req.rv === 'zero') {
      return { first: 'watch-cache', limitIgnored: limited, why: 'ResourceVersionMatch=NotOlderThan is served from the watch cache' + (limited ? ', which ignores the Limit with ResourceVersion "0"' : '') };
    }
    return continuePages(snapshots, 'ResourceVersionMatch=NotOlderThan with a Limit: first page from the watch cache (Limit honoured)');
  }
  if (req.rv === 'zero') {
    return {
      first: 'watch-cache',
      limitIgnored: limited || req.limit === 'unknown',
      why: limited ? 'ResourceVersion "0" is served from the watch cache, which ignores Limit and returns the whole list' : 'ResourceVersion "0" is served from the watch cache',
    };
  }
  if (req.rv === 'exact') {
    if (!limited) return { first: 'watch-cache', limitIgnored: false, why: 'a specific ResourceVersion without Limit is served from the watch cache once it is fresh enough' };
    if (snapshots) {
      return { first: 'cache-snapshot', limitIgnored: false, caveat: 'while the cache still holds a snapshot at that version, else etcd', why: `a specific ResourceVersion with Limit is an Exact read: from a cache snapshot from ${since('ListFromCacheSnapshot')}` };
    }
    return { first: 'etcd', limitIgnored: false, why: `a specific ResourceVersion with Limit is an Exact read (no ResourceVersionMatch): etcd before ${since('ListFromCacheSnapshot')}` };
  }
  // rv unset: a consistent read. The cache serves it only when etcd can report progress,
  // GA or not (ConsistentReadSupported() in kubernetes/apiserver v0.34–v0.36).
  if (!cacheLists || etcdOk === false) {
    const why = !cacheLists ? `a consistent LIST (ResourceVersion unset) is a quorum read from etcd before ${since('ConsistentListFromCache')}` : `a consistent LIST is read from etcd when etcd is older than 3.4.31 / 3.5.13 (here ${etcdVersion})`;
    return { first: 'etcd', limitIgnored: false, why: limited ? why + ', every page' : why };
  }
  const caveat = etcdOk === undefined ? ETCD_CAVEAT : undefined;
  if (!limited) return { first: 'watch-cache', limitIgnored: false, caveat, why: `a consistent LIST is served from the watch cache after a freshness wait from ${since('ConsistentListFromCache')} (ConsistentListFromCache)` };
  return continuePages(snapshots, 'a paginated consistent LIST: first page from the watch cache', caveat);
}

/** A LIST the cache pages (1.31+): continue pages from etcd, or from cache snapshots (ListFromCacheSnapshot). */
function continuePages(snapshots: boolean, head: string, caveat?: string): ServingPath {
  if (!snapshots) {
    return { first: 'watch-cache', rest: 'etcd', limitIgnored: false, caveat, why: `${head}, continue pages from etcd (${VERSION_RANGES[1].label})` };
  }
  return {
    first: 'watch-cache',
    rest: 'cache-snapshot',
    limitIgnored: false,
    caveat: 'continue pages from etcd once the snapshot is gone' + (caveat ? `; ${caveat}` : ''),
    why: `${head}, continue pages from cache snapshots (${VERSION_RANGES[2].label}, ListFromCacheSnapshot)`,
  };
}

/** Compact description: `etcd`, `watch cache → etcd (continue pages)`. */
export function pathLabel(p: ServingPath): string {
  const first = SOURCE_LABEL[p.first];
  return p.rest && p.rest !== p.first ? `${first}, then ${SOURCE_LABEL[p.rest]} for continue pages` : first;
}

export interface VersionedPath {
  /** `1.30`, or a range like `before 1.31` when the version is unknown. */
  versions: string;
  minor: number;
  path: ServingPath;
}

function samePath(a: ServingPath, b: ServingPath): boolean {
  return a.first === b.first && a.rest === b.rest && a.limitIgnored === b.limitIgnored;
}

/**
 * The serving path for the profile's version, or, with no version, one entry per version
 * range where the path differs (oldest first): "etcd before 1.31, watch cache from 1.31".
 */
export function servingPaths(req: RequestShape, minor: number | undefined, etcdVersion?: string): VersionedPath[] {
  if (minor !== undefined) return [{ versions: `1.${minor}`, minor, path: servingPath(req, minor, etcdVersion) }];
  const out: VersionedPath[] = [];
  for (const r of VERSION_RANGES) {
    const path = servingPath(req, r.minor, etcdVersion);
    const last = out[out.length - 1];
    if (last && samePath(last.path, path)) {
      last.versions = mergeRange(last.versions, r.label);
      continue;
    }
    out.push({ versions: r.label, minor: r.minor, path });
  }
  if (out.length === 1) out[0].versions = 'all versions';
  return out;
}

const [OLD, MID, NEW] = VERSION_RANGES.map((r) => r.label);

function mergeRange(a: string, b: string): string {
  if (a === OLD && b === MID) return `before ${since('ListFromCacheSnapshot')}`;
  if (a === MID && b === NEW) return `from ${since('ConsistentListFromCache')}`;
  if (a === `before ${since('ListFromCacheSnapshot')}` && b === NEW) return 'all versions';
  return `${a}, ${b}`;
}

/** `from 1.31` style label for a range entry, used in "watch cache from 1.31". */
export function rangePhrase(versions: string): string {
  if (versions === MID) return `on ${MID}`;
  if (versions === NEW) return `from ${since('ListFromCacheSnapshot')}`;
  return versions;
}

const shape = (verb: RequestShape['verb'], rv: RvState, rvm: RvMatch, limit: LimitState, more: Partial<RequestShape> = {}): RequestShape => ({ verb, rv, rvm, limit, ...more });

/** The request shapes docs/sizing.md's serving table has one row each for. */
export const SERVING_TABLE_ROWS: readonly (readonly [label: string, req: RequestShape])[] = [
  ['LIST RV=""', shape('list', 'unset', 'unset', 'none')],
  ['LIST RV="" + Limit', shape('list', 'unset', 'unset', 'set')],
  ['LIST RV="0"', shape('list', 'zero', 'unset', 'none')],
  ['LIST RV="0" + Limit', shape('list', 'zero', 'unset', 'set')],
  ['LIST RV=N', shape('list', 'exact', 'unset', 'none')],
  ['LIST RV=N + Limit (an Exact read)', shape('list', 'exact', 'unset', 'set')],
  ['LIST RV=N + RVM=Exact', shape('list', 'exact', 'Exact', 'none')],
  ['LIST RV=N + RVM=NotOlderThan', shape('list', 'exact', 'NotOlderThan', 'none')],
  ['LIST RV=N + RVM=NotOlderThan + Limit', shape('list', 'exact', 'NotOlderThan', 'set')],
  ['LIST RVM without RV, or RVM=Exact with RV="0"', shape('list', 'unset', 'NotOlderThan', 'none')],
  ['GET RV=""', shape('get', 'unset', 'unset', 'none')],
  ['GET RV="0" or N', shape('get', 'zero', 'unset', 'none')],
  ['lister, indexer, controller-runtime cached client', shape('list', 'unset', 'unset', 'none', { local: true })],
  ['any read of Events or a `watchCacheDisabled` resource, any RV, ± Limit', shape('list', 'zero', 'unset', 'set', { noWatchCache: true })],
];

function tableCell(p: ServingPath): string {
  let text = p.rest ? `first page ${SOURCE_LABEL[p.first]}, continue pages ${SOURCE_LABEL[p.rest]}` : SOURCE_LABEL[p.first];
  if (p.limitIgnored) text += ', Limit ignored';
  if (p.first === 'cache-snapshot' || p.rest === 'cache-snapshot') text += ' ²';
  if (p.caveat?.includes(ETCD_CAVEAT)) text += ' ¹';
  return text;
}

/**
 * docs/sizing.md's serving table, rendered from servingPath (test/docs.test.ts checks the
 * page holds exactly this): one row per request shape, one column per version range, etcd
 * of unknown version.
 */
export function servingTable(): string {
  const head = [`≤ 1.${VERSION_RANGES[0].minor}`, VERSION_RANGES[1].label, VERSION_RANGES[2].label];
  const lines = [`| request | ${head.join(' | ')} |`, `|---|${head.map(() => '---|').join('')}`];
  for (const [label, req] of SERVING_TABLE_ROWS) {
    lines.push(`| ${label} | ${VERSION_RANGES.map((r) => tableCell(servingPath(req, r.minor))).join(' | ')} |`);
  }
  lines.push(
    '',
    `¹ with etcd ≥ ${Object.entries(ETCD_MIN_FOR_CACHE).map(([m, p]) => `${m}.${p}`).join(' / ')}; with an older etcd the apiserver reads etcd, every page.`,
    '² while the watch cache still holds a snapshot at that ResourceVersion, else etcd.',
  );
  return lines.join('\n');
}
