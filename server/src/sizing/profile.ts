// Cluster profiles: how big the cluster is, which Kubernetes and etcd it runs, and per
// resource how many objects of what size. Presets come from the seeds and the documented
// limits; everything not given is derived from the node count with the ratios below.
import { ASSUMED_ETCD_VERSION, ASSUMED_KUBERNETES_VERSION, GB, KB, KiB, MB } from './constants';
import type { ProfileObject } from '../config/validate';

export interface ResourceSize {
  count: number;
  /** Average size of one object as JSON, the unit seed 001 measures in. */
  avgBytes: number;
  /** Where the two numbers come from, shown next to every estimate that uses them. */
  source: string;
}

export interface ClusterProfile {
  /** Preset name, or `custom` / `PRESET+custom` when numbers were overridden. */
  name: string;
  /**
   * As given (`1.30`), or ASSUMED_KUBERNETES_VERSION when none is configured (`versionAssumed`).
   * Undefined only in a profile built by hand: estimates then say what each version does.
   */
  kubernetesVersion?: string;
  /** Minor version of kubernetesVersion (30 for 1.30). */
  minor?: number;
  etcdVersion?: string;
  /** No kubernetesVersion was configured: kubernetesVersion is the assumed one (docs/sizing.md). */
  versionAssumed?: boolean;
  /** The analysed module's client-go minor (29 for v0.29.3), from its go.mod, configured version or not. */
  clientGoMinor?: number;
  /** Its controller-runtime minor (16 for v0.16.3), from go.mod: the cache options advice names follow it. */
  controllerRuntimeMinor?: number;
  /** No etcdVersion either: etcdVersion is the assumed minimum (ASSUMED_ETCD_VERSION). */
  etcdAssumed?: boolean;
  nodes: number;
  namespaces: number;
  /** The analysed program runs once per node (a DaemonSet agent). */
  perNodeAgent: boolean;
  /** Keyed by lower-case plural resource name (`pods`, `ciliumendpoints`). */
  resources: Record<string, ResourceSize>;
  /**
   * Lower-case plural resources kube-apiserver keeps no watch cache for: `events` always
   * (DefaultWatchCacheSizes), plus the profile's `watchCacheDisabled` (`--watch-cache-sizes=X#0`).
   */
  noWatchCache: string[];
}

/**
 * A Kubernetes version the code suggests when none is configured: the module's go.mod
 * requires k8s.io/client-go v0.N, built and tested against Kubernetes 1.N (host/modules.ts).
 */
export interface VersionHint {
  /** The client-go version the module requires (`v0.29.3`), when it requires client-go. */
  clientGo?: string;
  /** The controller-runtime version it requires (`v0.16.3`), when it does. */
  controllerRuntime?: string;
}

/** The config file's `profile` value: a preset name or a mapping (its shape is checked by the config code). */
export type ProfileSpec = string | ProfileObject;

/** Object sizes of one cluster "style". */
interface SizeTable {
  pod: number;
  podSource: string;
}

// Seed 001 §4.3 (4k nodes, 100k pods): 2.0 GB of pods ⇒ ~20 KB each; pods in large
// production clusters carry many labels, annotations and sidecars.
const MEASURED: SizeTable = { pod: 20 * KB, podSource: 'seed 001: 2.0 GB of pods / 100k pods ≈ 20 KB each' };
// The Kubernetes API docs (API concepts, "Retrieving large results sets in chunks"): a pod is
// "roughly 2 KiB of encoded JSON".
const DOCS: SizeTable = { pod: 2 * KiB, podSource: 'Kubernetes API docs: a pod is roughly 2 KiB of JSON' };

interface Preset {
  nodes: number;
  podsPerNode: number;
  sizes: SizeTable;
  /** Why these numbers. */
  about: string;
}

export const PRESETS: Record<string, Preset> = {
  small: { nodes: 50, podsPerNode: 30, sizes: DOCS, about: '50 nodes, 30 pods per node, pods of ~2 KiB (API docs)' },
  '1k-nodes': {
    nodes: 1000,
    podsPerNode: 30,
    sizes: MEASURED,
    about: 'seed 000: a 1k-node cluster whose apiserver CPU went to LIST; 30 pods per node, object sizes from seed 001',
  },
  '4k-nodes': {
    nodes: 4000,
    podsPerNode: 25,
    sizes: MEASURED,
    about: 'seed 001: 4k nodes, 100k pods, 2.0 GB of pods as JSON',
  },
  '5k-max': {
    nodes: 5000,
    podsPerNode: 30,
    sizes: MEASURED,
    about: 'the documented supported maximum (Kubernetes docs, "Considerations for large clusters"): 5k nodes, 150k pods',
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** The profile used when none is configured: a mid-size cluster on the oldest supported minor (docs/sizing.md). */
export const DEFAULT_PRESET = '1k-nodes';

/**
 * Per-resource defaults derived from the node and pod counts. Each entry says where its
 * ratio and size come from; "assumed" means no measurement backs it: set it in the profile.
 */
function derivedResources(nodes: number, pods: number, namespaces: number, sizes: SizeTable): Record<string, ResourceSize> {
  // sig-scalability thresholds: 10,000 services at 5,000 nodes, "proportionally lower" below.
  const services = Math.max(10, Math.round(nodes * 2));
  const r: Record<string, ResourceSize> = {
    pods: { count: pods, avgBytes: sizes.pod, source: sizes.podSource },
    // Seed 001: 70 MB of nodes at 4k nodes ≈ 17.5 KB each (seed 003: ~15 KB node status).
    nodes: { count: nodes, avgBytes: 17.5 * KB, source: 'seed 001: 70 MB of nodes / 4k nodes ≈ 17.5 KB each' },
    // Seed 001: 69 KB for the namespace list; ~100 namespaces assumed ⇒ ~0.7 KB each.
    namespaces: { count: namespaces, avgBytes: 0.7 * KB, source: 'seed 001: 69 KB of namespaces; count assumed (set profile.namespaces)' },
    services: {
      count: services,
      // Seed 001: 23 MB of services at 4k nodes; with 8,000 services (2 per node) ≈ 2.9 KB.
      avgBytes: 2.9 * KB,
      source: 'sig-scalability thresholds: 2 services per node (10k at 5k nodes); seed 001: 23 MB of services at 4k nodes ⇒ ~2.9 KB',
    },
    endpointslices: {
      count: services,
      // Seed 001: 42 MB of endpointslices at 4k nodes; one slice per service (≤100 endpoints each).
      avgBytes: 5.25 * KB,
      source: 'one slice per service; seed 001: 42 MB of endpointslices at 4k nodes ⇒ ~5.3 KB',
    },
    endpoints: { count: services, avgBytes: 5.25 * KB, source: 'one per service; size assumed equal to an EndpointSlice (same addresses)' },
    configmaps: { count: Math.round(pods / 10), avgBytes: 1 * KB, source: 'assumed: one per 10 pods, 1 KB (KEP-2340 benchmark size)' },
    secrets: { count: Math.round(pods / 10), avgBytes: 2 * KB, source: 'assumed: one per 10 pods, 2 KB' },
    // Seed 003: pod events of ~4 KB; events live for 1 h (the apiserver's --event-ttl default).
    events: { count: pods, avgBytes: 4 * KB, source: 'assumed: one event per pod within the 1 h TTL; seed 003: ~4 KB per pod event' },
    leases: { count: nodes + 50, avgBytes: 0.4 * KB, source: 'one node-heartbeat lease per node (kube-node-lease) + 50 leader-election leases, 0.4 KB each, assumed' },
    customresourcedefinitions: { count: 50, avgBytes: 116 * KB, source: 'seed 001: 5.8 MB of CRDs; 50 CRDs assumed ⇒ ~116 KB each' },
    // Cilium objects (seed 001 §4.3 measured them): one endpoint per pod, one CiliumNode per node.
    ciliumendpoints: { count: pods, avgBytes: 1.93 * KB, source: 'seed 001: 193 MB of CiliumEndpoints for 100k pods ⇒ ~1.9 KB each' },
    ciliumnodes: { count: nodes, avgBytes: 1.65 * KB, source: 'seed 001: 6.6 MB of CiliumNodes at 4k nodes ⇒ ~1.7 KB each' },
  };
  return r;
}

/** `1.30`, `v1.30.4`, `1.30.0-gke.1` -> 30; undefined when it does not look like 1.x. */
export function parseMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(\.\d+)?([-+].*)?$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/** `3.5.13` -> [3, 5, 13]. */
export function parseEtcdVersion(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)([-+].*)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function isWholeNonNegative(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/**
 * Turns the config's `profile` into a full profile; a string is the error message (an
 * unknown preset lists the presets). Undefined spec means the default preset. `hint` (the
 * module's go.mod) gives the client-go and controller-runtime versions the advice follows;
 * never the cluster's version.
 */
export function resolveProfile(spec?: ProfileSpec, hint?: VersionHint): ClusterProfile | string {
  const obj = typeof spec === 'string' ? { preset: spec } : (spec ?? {});
  const presetName = obj.preset ?? DEFAULT_PRESET;
  const preset = PRESETS[presetName];
  if (!preset) return `unknown profile preset "${presetName}"; presets: ${PRESET_NAMES.join(', ')}`;
  let minor: number | undefined;
  if (obj.kubernetesVersion !== undefined) {
    minor = parseMinor(obj.kubernetesVersion);
    if (minor === undefined) return `profile.kubernetesVersion "${obj.kubernetesVersion}" is not a Kubernetes version like 1.30`;
  }
  if (obj.etcdVersion !== undefined && !parseEtcdVersion(obj.etcdVersion)) {
    return `profile.etcdVersion "${obj.etcdVersion}" is not an etcd version like 3.5.13`;
  }
  for (const k of ['nodes', 'namespaces'] as const) {
    if (obj[k] !== undefined && !isWholeNonNegative(obj[k])) return `profile.${k} must be a whole number ≥ 0`;
  }
  const nodes = obj.nodes ?? preset.nodes;
  const custom = (typeof spec === 'object' && spec !== null && Object.keys(spec).some((k) => k !== 'preset' && k !== 'kubernetesVersion' && k !== 'etcdVersion' && k !== 'name'));
  const podOverride = obj.resources?.pods?.count;
  const pods = podOverride ?? nodes * preset.podsPerNode;
  // One namespace per 40 nodes, at least 10: ~100 at 4k nodes, matching seed 001's 69 KB list.
  const namespaces = obj.namespaces ?? Math.max(10, Math.round(nodes / 40));
  const resources = derivedResources(nodes, pods, namespaces, preset.sizes);
  if (podOverride === undefined) resources.pods.source += `; ${grouped(pods)} pods = ${preset.podsPerNode} per node`;
  for (const [name, given] of Object.entries(obj.resources ?? {})) {
    const key = name.toLowerCase();
    if (given.count !== undefined && !isWholeNonNegative(given.count)) return `profile.resources.${name}.count must be a whole number ≥ 0`;
    if (given.avgBytes !== undefined && !isWholeNonNegative(given.avgBytes)) return `profile.resources.${name}.avgBytes must be a whole number ≥ 0`;
    const base = resources[key];
    if (!base && (given.count === undefined || given.avgBytes === undefined)) {
      return `profile.resources.${name}: no default for this resource; give both count and avgBytes`;
    }
    resources[key] = {
      count: given.count ?? base!.count,
      avgBytes: given.avgBytes ?? base!.avgBytes,
      source: (given.source ?? 'set in the profile') + (base && (given.count === undefined || given.avgBytes === undefined) ? ` (other number: ${base.source})` : ''),
    };
  }
  // An imported profile says which of the preset's numbers it did not measure.
  if (obj.measured) {
    const given = new Set(Object.keys(obj.resources ?? {}).map((k) => k.toLowerCase()));
    for (const [key, r] of Object.entries(resources)) if (!given.has(key)) r.source = `not measured, ${presetName}'s value: ${r.source}`;
  }
  // No version configured: the oldest minor upstream still supports, with an etcd that lets it
  // serve consistent reads from the cache, rather than every version since 1.24. The module's
  // go.mod says which client-go and controller-runtime the program is built with (the advice
  // follows them), not which cluster it runs against: it never stands in for the version.
  const versionAssumed = obj.kubernetesVersion === undefined;
  const etcdAssumed = versionAssumed && obj.etcdVersion === undefined;
  const assumedVersion = ASSUMED_KUBERNETES_VERSION;
  return {
    name: obj.name ?? (custom ? `${presetName}+custom` : presetName),
    kubernetesVersion: obj.kubernetesVersion ?? assumedVersion,
    minor: minor ?? parseMinor(assumedVersion),
    etcdVersion: etcdAssumed ? ASSUMED_ETCD_VERSION : obj.etcdVersion,
    ...(versionAssumed ? { versionAssumed } : {}),
    ...(hint?.clientGo ? { clientGoMinor: Number(/^v0\.(\d+)/.exec(hint.clientGo)?.[1]) } : {}),
    ...(hint?.controllerRuntime ? { controllerRuntimeMinor: Number(/^v0\.(\d+)/.exec(hint.controllerRuntime)?.[1]) } : {}),
    ...(etcdAssumed ? { etcdAssumed } : {}),
    nodes,
    namespaces,
    perNodeAgent: obj.perNodeAgent ?? false,
    resources,
    noWatchCache: uncached(obj.watchCacheDisabled),
  };
}

/**
 * Events always (kubernetes `pkg/kubeapiserver/default_storage_factory_builder.go`
 * DefaultWatchCacheSizes: `events` 0), plus the profile's list; `leases.coordination.k8s.io`
 * (the flag's group form) is `leases`.
 */
function uncached(given: string[] = []): string[] {
  const out = new Set(['events']);
  for (const r of given) out.add(r.toLowerCase().split('.')[0].split('#')[0]);
  return [...out];
}

/** The default profile, resolved (cannot fail). */
export function defaultProfile(): ClusterProfile {
  return resolveProfile() as ClusterProfile;
}

/** `4k-nodes (100k pods)`: the profile as a headline names it. */
export function profileLabel(p: ClusterProfile, resource = 'pods'): string {
  const r = p.resources[resource] ?? p.resources.pods;
  const what = p.resources[resource] ? resource : 'pods';
  return `${p.name} (${compactCount(r.count)} ${what})`;
}

/**
 * 100000 -> `100,000`, as toLocaleString('en-US') writes it: the first toLocaleString of a
 * process loads ICU's locale data (~20 ms, a tenth of a CLI run over client-go).
 */
export function grouped(n: number): string {
  const [int, frac] = `${Math.round(Math.abs(n) * 1000) / 1000}`.split('.');
  return `${n < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+$)/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** 100000 -> `100k`, 1500 -> `1.5k`, 25 -> `25`. */
export function compactCount(n: number): string {
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return `${Math.round(n)}`;
}

function trim(x: number): string {
  return x >= 100 ? `${Math.round(x)}` : `${Number(x.toFixed(1))}`;
}

// Exported for docs/tests that quote the totals.
export const SEED_001 = { nodes: 4000, pods: 100_000, podListBytes: 2.0 * GB, nodeFilteredBytes: 526 * KB, nodesListBytes: 70 * MB };
