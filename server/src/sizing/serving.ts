// Where the apiserver serves a read from, by request shape and Kubernetes version
// (../shared/DESIGN.md §4, checked against kubernetes/apiserver's shouldDelegateList in
// v1.24 (quoted in seed 001 §2.5.2) and the delegator rewrite that came with
// ConsistentListFromCache beta).
import { CACHE_SNAPSHOT_MINOR, CONSISTENT_LIST_FROM_CACHE_MINOR, ETCD_MIN_FOR_CACHE } from './constants';
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

export type Source = 'etcd' | 'watch-cache' | 'cache-snapshot' | 'local-cache' | 'unknown';

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
  unknown: 'unknown',
};

/** Version ranges the model distinguishes, for messages. */
export const VERSION_RANGES = [
  { label: 'before 1.31', minor: 30 },
  { label: '1.31–1.33', minor: 33 },
  { label: '1.34+', minor: 34 },
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

/** The serving path of `req` on Kubernetes 1.`minor` (versions before 1.24 behave like 1.24–1.30). */
export function servingPath(req: RequestShape, minor: number, etcdVersion?: string): ServingPath {
  if (req.local) return { first: 'local-cache', limitIgnored: false, why: 'read from the informer cache in the program: no request to the apiserver' };
  const unknown = (why: string): ServingPath => ({ first: 'unknown', limitIgnored: false, why });
  if (req.noWatchCache) return { first: 'etcd', limitIgnored: false, why: 'no watch cache for this resource (Events, or --watch-cache-sizes=X#0): every read is from etcd, Limit honoured' };
  if (req.rv === 'unknown' || req.rvm === 'unknown') return unknown('the ResourceVersion options are not visible here');
  const etcdOk = etcdSupportsCacheReads(etcdVersion);

  if (req.verb === 'get') {
    if (req.rv === 'unset') return { first: 'etcd', limitIgnored: false, why: 'GET with ResourceVersion unset is a quorum read from etcd in every version' };
    return { first: 'watch-cache', limitIgnored: false, why: 'GET with a ResourceVersion is served from the watch cache' };
  }

  const limited = req.limit === 'set';
  if (req.limit === 'unknown' && req.rv !== 'zero') return unknown('whether the LIST paginates is not visible here');

  if (req.rvm === 'Exact') {
    if (minor >= CACHE_SNAPSHOT_MINOR) {
      return { first: 'cache-snapshot', limitIgnored: false, caveat: 'while the cache still holds a snapshot at that version, else etcd', why: 'ResourceVersionMatch=Exact is served from a cache snapshot from 1.34' };
    }
    return { first: 'etcd', limitIgnored: false, why: 'ResourceVersionMatch=Exact is read from etcd before 1.34' };
  }
  if (req.rvm === 'NotOlderThan') {
    // v0.30 cacher.go shouldDelegateList: any Limit with RV != "0" goes to etcd (hasLimit).
    // v0.31 cacher.go: NotOlderThan stays in the cache and computeListLimit honours its Limit
    // (only RV "0" drops it); a continue token goes to etcd (hasContinuation) until the 1.34
    // delegator's ShouldDelegateContinue serves it from a snapshot.
    if (limited && req.rv !== 'zero' && minor < CONSISTENT_LIST_FROM_CACHE_MINOR) {
      return { first: 'etcd', limitIgnored: false, why: 'a Limit with ResourceVersion other than "0" goes to etcd before 1.31, even with NotOlderThan' };
    }
    if (!limited || req.rv === 'zero') {
      return { first: 'watch-cache', limitIgnored: limited, why: 'ResourceVersionMatch=NotOlderThan is served from the watch cache' + (limited ? ', which ignores the Limit with ResourceVersion "0"' : '') };
    }
    return continuePages(minor, 'ResourceVersionMatch=NotOlderThan with a Limit: first page from the watch cache (Limit honoured)');
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
    if (minor >= CACHE_SNAPSHOT_MINOR) {
      return { first: 'cache-snapshot', limitIgnored: false, caveat: 'while the cache still holds a snapshot at that version, else etcd', why: 'a specific ResourceVersion with Limit is an Exact read: from a cache snapshot from 1.34' };
    }
    return { first: 'etcd', limitIgnored: false, why: 'a specific ResourceVersion with Limit is an Exact read (no ResourceVersionMatch): etcd before 1.34' };
  }
  // rv unset: a consistent read. The cache serves it only when etcd can report progress,
  // GA or not (ConsistentReadSupported() in kubernetes/apiserver v0.34–v0.36).
  if (minor < CONSISTENT_LIST_FROM_CACHE_MINOR || etcdOk === false) {
    const why = minor < CONSISTENT_LIST_FROM_CACHE_MINOR ? 'a consistent LIST (ResourceVersion unset) is a quorum read from etcd before 1.31' : `a consistent LIST is read from etcd when etcd is older than 3.4.31 / 3.5.13 (here ${etcdVersion})`;
    return { first: 'etcd', limitIgnored: false, why: limited ? why + ', every page' : why };
  }
  const caveat = etcdOk === undefined ? ETCD_CAVEAT : undefined;
  if (!limited) return { first: 'watch-cache', limitIgnored: false, caveat, why: 'a consistent LIST is served from the watch cache after a freshness wait from 1.31 (ConsistentListFromCache)' };
  return continuePages(minor, 'a paginated consistent LIST: first page from the watch cache', caveat);
}

/** A LIST the cache pages on 1.31+: continue pages from etcd (1.31–1.33) or from cache snapshots (1.34+). */
function continuePages(minor: number, head: string, caveat?: string): ServingPath {
  if (minor < CACHE_SNAPSHOT_MINOR) {
    return { first: 'watch-cache', rest: 'etcd', limitIgnored: false, caveat, why: `${head}, continue pages from etcd (1.31–1.33)` };
  }
  return {
    first: 'watch-cache',
    rest: 'cache-snapshot',
    limitIgnored: false,
    caveat: 'continue pages from etcd once the snapshot is gone' + (caveat ? `; ${caveat}` : ''),
    why: `${head}, continue pages from cache snapshots (1.34+, ListFromCacheSnapshot)`,
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

function mergeRange(a: string, b: string): string {
  if (a === 'before 1.31' && b === '1.31–1.33') return 'before 1.34';
  if (a === '1.31–1.33' && b === '1.34+') return 'from 1.31';
  if (a === 'before 1.34' && b === '1.34+') return 'all versions';
  return `${a}, ${b}`;
}

/** `from 1.31` style label for a range entry, used in "watch cache from 1.31". */
export function rangePhrase(versions: string): string {
  if (versions === '1.31–1.33') return 'on 1.31–1.33';
  if (versions === '1.34+') return 'from 1.34';
  return versions;
}
