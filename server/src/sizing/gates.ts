// Every Kubernetes-version-dependent behaviour the model knows, in one table: the feature
// gate, the minor where it is on by default, and the upstream line that says so. Serving
// paths, memory, APF seats, rule messages and docs read their versions from here, so a
// gate that moves is changed once. Read from kubernetes/apiserver `pkg/features/kube_features.go`
// at tags v0.30.0–v0.37.0-beta.0 (= Kubernetes 1.30–1.37) and client-go
// `features/known_features.go` at v0.35.

/** The oldest minor the model distinguishes: earlier versions serve reads as 1.24–1.30 do. */
export const OLDEST_MODELLED_MINOR = 24;
/** The newest minor whose gates were read (1.37 in beta at the time): later minors are assumed to behave like it. */
export const NEWEST_KNOWN_MINOR = 37;

export type GateName =
  | 'ConsistentListFromCache'
  | 'ResilientWatchCacheInitialization'
  | 'BtreeWatchCache'
  | 'StreamingCollectionEncoding'
  | 'ListFromCacheSnapshot'
  | 'SizeBasedListCostEstimate'
  | 'WatchList'
  | 'WatchListClient'
  | 'AggregatedDiscoveryEndpoint';

export interface Gate {
  /** `apiserver`: the cluster's minor decides; `client-go`: the program's client-go v0.N decides. */
  side: 'apiserver' | 'client-go';
  /** First minor where it is on by default (beta or GA). */
  onFrom: number;
  /** Minors at or after onFrom where it was switched off again by default. */
  offIn?: readonly number[];
  /** First minor where it is GA (locked on), when it is. */
  ga?: number;
  /** First minor where it exists (alpha or beta, off by default), when that matters to advice. */
  betaFrom?: number;
  /** What it changes for a read, one line. */
  what: string;
  /** Where the versions were read: repository path at a tag, and the KEP. */
  source: string;
}

export const GATES: Readonly<Record<GateName, Gate>> = {
  ConsistentListFromCache: {
    side: 'apiserver',
    onFrom: 31,
    ga: 34,
    what: 'a consistent LIST (ResourceVersion unset) is served from the watch cache after a freshness wait; NotOlderThan + Limit stays in the cache',
    source: 'kubernetes/apiserver v0.34.0 pkg/features/kube_features.go:345 (beta 1.31, GA 1.34); v0.31.0 pkg/storage/cacher/cacher.go:760 shouldDelegateList; KEP-2340',
  },
  ResilientWatchCacheInitialization: {
    side: 'apiserver',
    onFrom: 31,
    ga: 34,
    what: 'a LIST on an unready watch cache gets 429 (Limit without selectors goes to etcd) instead of waiting',
    source: 'kubernetes/apiserver v0.34.0 pkg/features/kube_features.go:386; v0.31.0 pkg/storage/cacher/cacher.go:793; KEP-4568',
  },
  BtreeWatchCache: {
    side: 'apiserver',
    onFrom: 32,
    ga: 33,
    what: 'the watch cache keeps a btree by key: a namespaced LIST scans only its namespace',
    source: 'kubernetes/apiserver v0.34.0 pkg/features/kube_features.go:332',
  },
  StreamingCollectionEncoding: {
    side: 'apiserver',
    onFrom: 33,
    ga: 34,
    what: 'LIST responses are encoded and written item by item (StreamingCollectionEncodingToJSON/ToProtobuf)',
    source: 'kubernetes/apiserver v0.34.0 pkg/features/kube_features.go:415,420; KEP-5116',
  },
  ListFromCacheSnapshot: {
    side: 'apiserver',
    onFrom: 34,
    what: 'continue pages and ResourceVersionMatch=Exact are served from watch-cache snapshots while they are kept',
    source: 'kubernetes/apiserver v0.37.0-beta.0 pkg/features/kube_features.go:397 (alpha 1.33, beta 1.34); KEP-4988',
  },
  SizeBasedListCostEstimate: {
    side: 'apiserver',
    onFrom: 34,
    what: 'APF charges a LIST one seat per 100 KB it loads (cache reads capped at 10 seats, others at 100) instead of one per 100 objects (at most 10)',
    source: 'kubernetes/apiserver v0.36.0 pkg/util/flowcontrol/request/list_work_estimator.go:155-209, config.go:69-73; kube_features.go:480',
  },
  WatchList: {
    side: 'apiserver',
    onFrom: 32,
    offIn: [33],
    what: 'a watch with sendInitialEvents=true streams the initial state from the watch cache (the informer\'s list without a LIST)',
    source: 'kubernetes/apiserver v0.37.0-beta.0 pkg/features/kube_features.go:474 (beta on 1.32, off on 1.33, on from 1.34); KEP-3157',
  },
  WatchListClient: {
    side: 'client-go',
    onFrom: 35,
    betaFrom: 30,
    what: 'reflectors start with a streaming watch (sendInitialEvents) instead of a paginated LIST; below v0.35 the KUBE_FEATURE_WatchListClient=true environment variable turns it on',
    source: 'kubernetes/client-go features/known_features.go:141 (beta off 1.30, on 1.35)',
  },
  AggregatedDiscoveryEndpoint: {
    side: 'apiserver',
    onFrom: 27,
    ga: 30,
    what: 'discovery is two requests, /api and /apis, describing every resource of every group, instead of one per group-version',
    source: 'kubernetes/apiserver v0.30.0 pkg/features/kube_features.go:306 (GA 1.30; beta, on by default, from v0.27.0)',
  },
};

/** Whether `gate` is on by default on minor `minor` (for a client-go gate, client-go v0.`minor`). */
export function gateOn(gate: GateName, minor: number): boolean {
  const g = GATES[gate];
  return minor >= g.onFrom && !(g.offIn ?? []).includes(minor);
}

/** `1.31`: the version a gate turns on, as messages write it. */
export function since(gate: GateName): string {
  return `1.${GATES[gate].onFrom}`;
}

/** The minor the model uses for `minor`: versions after the newest known one behave like it. */
export function modelledMinor(minor: number): number {
  return Math.min(minor, NEWEST_KNOWN_MINOR);
}

/** docs/sizing.md's gate table, rendered from GATES (test/docs.test.ts checks the page holds exactly this). */
export function gateTable(): string {
  const lines = ['| gate | decided by | on by default | GA | what it changes | source |', '|---|---|---|---|---|---|'];
  for (const [name, g] of Object.entries(GATES) as [GateName, Gate][]) {
    const prefix = g.side === 'client-go' ? 'client-go v0.' : '1.';
    const on = `${prefix}${g.onFrom}+` + (g.offIn?.length ? ` (off on ${g.offIn.map((m) => `${prefix}${m}`).join(', ')})` : '');
    lines.push(`| ${name} | ${g.side === 'client-go' ? 'the program\'s client-go' : 'the cluster'} | ${on} | ${g.ga ? `1.${g.ga}` : '—'} | ${g.what} | ${g.source} |`);
  }
  return lines.join('\n');
}

/**
 * How an informer of a program built with client-go v0.`clientGoMinor` starts on Kubernetes
 * 1.`minor`, one sentence for a rule's detail; undefined when go.mod does not say (the
 * client-go version is unknown, so nothing is said). The reflector's streaming watch
 * (sendInitialEvents=true, ResourceVersionMatch=NotOlderThan, ResourceVersion "") needs
 * WatchListClient in the program and WatchList on the server; else it lists with RV "0".
 */
export function informerStart(clientGoMinor: number | undefined, minor: number | undefined): string | undefined {
  if (clientGoMinor === undefined) return undefined;
  const cg = `client-go v0.${clientGoMinor}`;
  const servers = `Kubernetes ${since('WatchList')} and from 1.${(GATES.WatchList.offIn ?? [])[0]! + 1}`;
  if (gateOn('WatchListClient', clientGoMinor)) {
    if (minor !== undefined && !gateOn('WatchList', modelledMinor(minor))) {
      return `With ${cg} the informer first tries a streaming watch, but Kubernetes 1.${minor} has WatchList off, so it falls back to a LIST with ResourceVersion "0".`;
    }
    return `With ${cg} the informer starts with a streaming watch (sendInitialEvents) the watch cache serves item by item, not a LIST (${servers}; a LIST elsewhere).`;
  }
  if (clientGoMinor >= GATES.WatchListClient.betaFrom!) {
    return `With ${cg} the informer starts with a LIST (ResourceVersion "0"); KUBE_FEATURE_WatchListClient=true in its environment makes it a streaming watch on ${servers}.`;
  }
  return `With ${cg} the informer starts with a LIST (ResourceVersion "0"); from client-go v0.${GATES.WatchListClient.onFrom} it starts with a streaming watch instead.`;
}

/**
 * controller-runtime minors (v0.N) where the cache options the rules advise first exist, read
 * from kubernetes-sigs/controller-runtime `pkg/cache/cache.go`, `pkg/client/client.go` at
 * tags v0.14.0–v0.19.0: before v0.15 `SelectorsByObject`, `ctrl.Options{Namespace}` and
 * `ClientDisableCacheFor`; v0.15 `cache.Options{Namespaces}`.
 */
export const CONTROLLER_RUNTIME_SINCE = {
  ByObject: 15,
  DisableFor: 15,
  DefaultNamespaces: 16,
  ReaderFailOnMissingInformer: 16,
  TransformStripManagedFields: 18,
} as const;
