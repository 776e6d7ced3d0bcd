// Every number the sizing model uses, each with the measurement it comes from. Seed 001 is
// the case study in ../shared/seeds/001_3f3a7abc5702d2ac.txt (a 4k-node / 100k-pod cluster,
// measured with curl on the control plane); KEP-2340 is kubernetes/enhancements
// keps/sig-api-machinery/2340-Consistent-reads-from-cache (scalability test table);
// docs/sizing.md lists them again with the derivations and what they do not cover.

export const KB = 1000;
export const MB = 1000 * KB;
export const GB = 1000 * MB;
export const KiB = 1024;

// ---- Latency ---------------------------------------------------------------------------

/**
 * Fixed cost of one request (TLS, auth, admission of the read, APF): 40 ms. Seed 001 §3.3
 * measured 0.05 s for the node-filtered pod list from the cache, of which ~5 ms is moving
 * its 526 KB; KEP-2340's baseline LIST latency is 25 ms p50 / 45 ms p90.
 */
export const REQUEST_OVERHEAD_S = 0.04;

/**
 * etcd path, per object read from etcd: 30 µs (range read, decode, conversion, filter). An
 * upper bound: KEP-2340's benchmark ran the apiserver under saturating load.
 * KEP-2340 small objects: 300k × 1 KB ConfigMaps, selector matching nothing, 10.5 s median
 * from etcd; after the byte term below (300 MB → 1.2 s) that leaves ~9 s / 300k ≈ 30 µs.
 */
export const ETCD_SECONDS_PER_OBJECT = 30e-6;

/**
 * etcd path, per byte read (JSON size): 250 MB/s. KEP-2340 large objects: 300 × 1 MB
 * ConfigMaps, 1.44 s median from etcd, where the per-object term is negligible
 * (300 MB / 250 MB/s = 1.2 s, -17%). Seed 001 §3.3 then checks the pair: 100k pods, 2 GB,
 * node-filtered from etcd in 10 s; the model gives 3 s + 8 s + overhead ≈ 11 s (+10%).
 */
export const ETCD_BYTES_PER_SECOND = 250 * MB;

/**
 * Watch cache path, per object the cache scans: 1.5 µs. KEP-2340 small objects from the
 * cache: 300k objects, selector matching nothing, 0.5 s median ⇒ (0.5 - 0.04) / 300k.
 * kubernetes/kubectl#965 agrees: 30k pods, label-selected, RV=0: 0.079 s (model 0.085 s).
 */
export const CACHE_SECONDS_PER_OBJECT = 1.5e-6;

/**
 * Moving the response to the client (JSON encoding, TLS, network): 110 MB/s. Seed 001 §4.2:
 * the full pod list with RV=0 from the cache, 2.0 GB, took 18.3 s end to end (curl on the
 * control-plane host) ⇒ 2.0 GB / 18.1 s.
 */
export const TRANSFER_BYTES_PER_SECOND = 110 * MB;

// ---- Read SLO --------------------------------------------------------------------------

/**
 * The upstream latency SLO for non-streaming reads (GET and LIST), kubernetes/community
 * sig-scalability/slos/api_call_latency.md: p99 per cluster-day ≤ 1 s for one object
 * (`scope=resource`), ≤ 5 s for one namespace, ≤ 30 s across namespaces or for a
 * cluster-scoped kind. It covers built-in resources only (CRDs, aggregated and virtual
 * resources are excluded), and a request's latency runs from its arrival at the apiserver
 * to the last byte of its response: one page of a paginated LIST is one request.
 */
export const READ_SLO_SECONDS = { resource: 1, namespace: 5, cluster: 30 } as const;

// ---- Memory ----------------------------------------------------------------------------

/**
 * A LIST served from etcd costs the apiserver about 5× the etcd response in temporary
 * memory (KEP-3157 watch-list, motivation; ../shared/DESIGN.md §4). Measured before
 * StreamingCollectionEncoding (1.33): from then the encoded response is no longer held
 * whole, so it is an upper bound there.
 */
export const ETCD_LIST_MEMORY_FACTOR = 5;

/**
 * A LIST served from the cache holds pointers to cached objects but, before 1.33, assembles
 * the whole encoded response before writing it (Kubernetes blog, "Enhancing Kubernetes API
 * Server Efficiency with API Streaming", 2024-12-17): memory ≈ 1× the response. From 1.33
 * (StreamingCollectionEncoding, KEP-5116) items are encoded and written one at a time: about
 * one object (the v1.33 release blog measured ~20× less apiserver memory for large lists).
 */
export const CACHE_LIST_MEMORY_FACTOR = 1;

/**
 * etcd range reads of a paginated LIST with selectors double their size while the selectors
 * drop objects, up to 10,000 keys each (kubernetes/apiserver v0.36 pkg/storage/etcd3/store.go
 * maxLimit): a page of 500 matches can hold 10,000 objects read from etcd at once.
 */
export const ETCD_MAX_RANGE_KEYS = 10_000;

// ---- API Priority and Fairness ---------------------------------------------------------
// kubernetes/apiserver v0.36 pkg/util/flowcontrol/request/list_work_estimator.go and config.go.

/** Before SizeBasedListCostEstimate: one seat per 100 objects the LIST processes, at most 10 seats. */
export const APF_OBJECTS_PER_SEAT = 100;
export const APF_MAX_LIST_SEATS_BY_COUNT = 10;
/** With SizeBasedListCostEstimate (1.34+): one seat per 100 KB the LIST loads (storage size), at most 100 seats. */
export const APF_BYTES_PER_SEAT = 100_000;
export const APF_MAX_LIST_SEATS_BY_SIZE = 100;
/** ... of which a read from the watch cache counts at most 1 MB (cacheWithStreamingMaxMemoryUsage): 10 seats. */
export const APF_CACHE_MAX_BYTES = 1_000_000;

/**
 * workload-low, where service accounts' requests go by default (bootstrap flow schema
 * `service-accounts`): 100 of the 245 nominal shares (kubernetes/apiserver v0.36
 * pkg/apis/flowcontrol/bootstrap/default.go), so ⌈600 × 100 / 245⌉ = 245 of the default
 * 600 seats (--max-requests-inflight 400 + --max-mutating-requests-inflight 200); one request
 * takes at most 15% of them, ⌈245 × 0.15⌉ = 37 (apf_controller.go priorityLevelMaxSeatsPercent).
 */
export const APF_WORKLOAD_LOW = { seats: 245, maxPerRequest: 37 } as const;

// ---- Storage encoding ------------------------------------------------------------------

/**
 * Built-in types are stored in etcd as protobuf, about half their JSON size: seed 001 §1.4
 * puts all pods at ~1 GB in etcd vs ~2 GB as JSON, and its etcd slow-request log shows
 * 60,077 pods in 602 MB (10 KB each, vs 20 KB as JSON).
 */
export const BUILTIN_ETCD_TO_JSON = 0.5;

/** Custom resources are stored as JSON (apiextensions-apiserver): same size in etcd. */
export const CUSTOM_ETCD_TO_JSON = 1;

// ---- Request defaults ------------------------------------------------------------------

/** client-go's pager and informers use pages of 500 (k8s.io/client-go/tools/pager defaultPageSize). */
export const DEFAULT_PAGE_SIZE = 500;

// The Kubernetes versions where behaviour changes (feature gates) are in gates.ts.
/**
 * etcd releases with the progress-notification fix that consistent reads from cache need
 * (feature gate page: v3.4.31+ or v3.5.13+). Still needed after ConsistentListFromCache went
 * GA: kubernetes/apiserver v0.34–v0.36 `storage/cacher/delegator/interface.go`
 * ConsistentReadSupported() is the gate AND etcd's RequestWatchProgress support.
 */
export const ETCD_MIN_FOR_CACHE = { '3.4': 31, '3.5': 13 } as const;

/**
 * The Kubernetes version assumed when none is configured: the oldest minor still supported
 * upstream (the project maintains the three newest minors; 1.34–1.36 as of kubernetes/apiserver
 * v0.36). Raise it when upstream ends a minor's support.
 */
export const ASSUMED_KUBERNETES_VERSION = '1.34';
/** The etcd assumed with it (unless etcdVersion is given): the first 3.5 release that serves consistent reads from the cache. */
export const ASSUMED_ETCD_VERSION = '3.5.13';
