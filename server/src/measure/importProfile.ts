// `kube-list-lint profile import`: a cluster profile from files saved with kubectl (its
// /metrics, `kubectl version -o json`, `kubectl get RESOURCE -A -o json`). Pure: the CLI
// reads the files and passes their text, name and modification time. Every number says
// where it comes from; what is not measured keeps the preset's value and says so.
import type { MeasuredFrom, ProfileObject, ResourceSizing } from '../config/validate';
import { pluralKind } from '../engine/calls/controllerRuntime';
import { BUILTIN_ETCD_TO_JSON } from '../sizing/constants';
import { grouped, parseMinor, PRESETS, resolveProfile } from '../sizing/profile';
import type { ResourceSize } from './objectSizes';
import { parseMetrics } from './prometheus';

export interface InputFile {
  /** As the user named it (written into the profile). */
  name: string;
  text: string;
  /** Modification time: when kubectl saved it. */
  mtime?: Date;
}

/** Object sizes an audit log's response bodies gave (the CLI streams the log: no text here). */
export interface AuditSizes {
  name: string;
  mtime?: Date;
  sizes: Map<string, ResourceSize>;
  /** Successful reads logged without a body (level Metadata): no sizes from them. */
  withoutBody: number;
}

export interface ImportInput {
  metrics: InputFile;
  version?: InputFile;
  objects?: InputFile[];
  /** `--audit`: sizes from RequestResponse-level audit logs. */
  audits?: AuditSizes[];
  /** `--name`; default `imported`. */
  name?: string;
}

export interface ImportResult {
  profile: ProfileObject;
  /** Problems in the inputs (`file:line: message`): reported, the rest is still used. */
  problems: string[];
}

/** Object counts, newest metric first: apiserver_resource_objects (1.34+), then the names it replaced. */
const COUNT_METRICS = ['apiserver_resource_objects', 'apiserver_storage_objects', 'etcd_object_counts'] as const;
const SIZE_METRIC = 'apiserver_resource_size_estimate_bytes';
const BUILD_INFO = 'kubernetes_build_info';
const WANTED = new Set<string>([...COUNT_METRICS, SIZE_METRIC, BUILD_INFO]);

interface Measured {
  count?: number;
  countFrom?: string;
  avgBytes?: number;
  sizeFrom?: string;
}

/** `deployments.apps` (apiserver_storage_objects' one label) -> {resource, group}. */
function splitGroupResource(gr: string): { resource: string; group: string } {
  const dot = gr.indexOf('.');
  return dot < 0 ? { resource: gr, group: '' } : { resource: gr.slice(0, dot), group: gr.slice(dot + 1) };
}

/** Groups of kube-apiserver's own types, stored as protobuf; custom resources are stored as JSON. */
function storedAsProtobuf(group: string): boolean {
  return group === '' || !group.includes('.') || (group.endsWith('.k8s.io') && group !== 'apiextensions.k8s.io');
}

/** `Pod` -> `pods`, `Endpoints` -> `endpoints`, `Ingress` -> `ingresses`, `NetworkPolicy` -> `networkpolicies`. */
export function pluralOfKind(kind: string): string {
  return pluralKind(kind).toLowerCase();
}

function stamp(f: { name: string; mtime?: Date }, version?: string): string {
  const parts = [f.mtime ? f.mtime.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined, version].filter(Boolean);
  return `${f.name}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The server's gitVersion from `kubectl version -o json`, or a problem. */
function serverVersionOf(f: InputFile): string | { problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(f.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { problem: `${f.name}: expected the JSON of \`kubectl version -o json\`, got ${(e as Error).message.split('\n')[0]}` };
  }
  const sv = (doc as { serverVersion?: { gitVersion?: unknown } } | null)?.serverVersion;
  if (typeof sv?.gitVersion !== 'string') return { problem: `${f.name}: no serverVersion.gitVersion (was the cluster reachable when it was saved?)` };
  return sv.gitVersion;
}

/** Average JSON size per resource of the objects in kubectl's `-o json` output. */
function measureObjects(f: InputFile, problems: string[]): Map<string, { count: number; bytes: number; managedFields: boolean }> {
  const out = new Map<string, { count: number; bytes: number; managedFields: boolean }>();
  let doc: unknown;
  try {
    doc = JSON.parse(f.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push(`${f.name}: expected the JSON of \`kubectl get RESOURCE -A -o json\`, got ${(e as Error).message.split('\n')[0]}`);
    return out;
  }
  const d = doc as { items?: unknown; kind?: unknown } | null;
  const items = Array.isArray(d?.items) ? d.items : d && typeof d.kind === 'string' ? [d] : undefined;
  if (!items) {
    problems.push(`${f.name}: expected a List with items or one object with a kind`);
    return out;
  }
  items.forEach((item, i) => {
    const it = item as { kind?: unknown; metadata?: { managedFields?: unknown } } | null;
    if (!it || typeof it.kind !== 'string') {
      problems.push(`${f.name}: items[${i}] has no kind, skipped`);
      return;
    }
    const key = pluralOfKind(it.kind);
    const m = out.get(key) ?? { count: 0, bytes: 0, managedFields: false };
    out.set(key, m);
    m.count++;
    // Compact JSON, as the apiserver sends it (kubectl pretty-prints what it saves).
    m.bytes += Buffer.byteLength(JSON.stringify(item));
    if (it.metadata?.managedFields !== undefined) m.managedFields = true;
  });
  return out;
}

/** The preset whose node count is nearest (by ratio) to the measured one. */
function nearestPreset(nodes: number | undefined): string {
  if (!nodes) return '1k-nodes';
  let best = '1k-nodes';
  let bestD = Infinity;
  for (const [name, p] of Object.entries(PRESETS)) {
    const d = Math.abs(Math.log(Math.max(nodes, 1) / p.nodes));
    if (d < bestD) [best, bestD] = [name, d];
  }
  return best;
}

export function importProfile(input: ImportInput): ImportResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const files = [input.metrics.name];

  const parsed = parseMetrics(input.metrics.text, WANTED);
  for (const p of parsed.problems) problems.push(`${input.metrics.name}:${p.line}: ${p.message}, skipped`);

  let serverVersion: string | undefined;
  if (input.version) {
    files.push(input.version.name);
    const v = serverVersionOf(input.version);
    if (typeof v === 'string') serverVersion = v;
    else problems.push(v.problem);
  }
  if (!serverVersion) {
    const build = parsed.samples.find((s) => s.name === BUILD_INFO && s.labels.git_version);
    if (build) serverVersion = build.labels.git_version;
  }
  const metricsFrom = stamp(input.metrics, serverVersion);

  // Counts: per resource, the newest metric that has it. A resource in two groups (events
  // and events.k8s.io share storage) keeps the larger count.
  const measured = new Map<string, Measured>();
  const groupOf = new Map<string, Set<string>>();
  const failed = new Set<string>();
  for (const metric of COUNT_METRICS) {
    const seen = new Set<string>();
    for (const s of parsed.samples.filter((x) => x.name === metric)) {
      const gr = metric === 'apiserver_resource_objects' ? { resource: s.labels.resource ?? '', group: s.labels.group ?? '' } : splitGroupResource(s.labels.resource ?? '');
      const key = gr.resource.toLowerCase();
      if (!key) {
        problems.push(`${input.metrics.name}:${s.line}: ${metric} without a resource label, skipped`);
        continue;
      }
      const m = measured.get(key);
      if (m?.countFrom && !m.countFrom.startsWith(metric)) continue; // a newer metric had it
      if (s.value < 0 || !Number.isFinite(s.value)) {
        failed.add(key);
        continue;
      }
      seen.add(key);
      (groupOf.get(key) ?? groupOf.set(key, new Set()).get(key)!).add(gr.group);
      const count = Math.round(s.value);
      if (m?.count !== undefined && m.count >= count) continue;
      measured.set(key, { ...m, count, countFrom: `${metric}, ${metricsFrom}` });
    }
    for (const k of seen) failed.delete(k);
  }
  for (const k of failed) if (measured.get(k)?.count === undefined) notes.push(`${k}: the apiserver reported -1 objects (it could not count them): not measured`);
  if (!measured.size) problems.push(`${input.metrics.name}: no ${COUNT_METRICS.join(', ')} samples: is it the apiserver's /metrics (kubectl get --raw /metrics)?`);

  // Sizes the apiserver estimates itself (SizeBasedListCostEstimate): storage bytes, converted to JSON.
  for (const s of parsed.samples.filter((x) => x.name === SIZE_METRIC)) {
    const key = (s.labels.resource ?? '').toLowerCase();
    const m = measured.get(key);
    if (!m?.count || s.value <= 0) continue;
    const proto = storedAsProtobuf(s.labels.group ?? '');
    m.avgBytes = Math.round(s.value / m.count / (proto ? BUILTIN_ETCD_TO_JSON : 1));
    m.sizeFrom = `${SIZE_METRIC} / count${proto ? ` / ${BUILTIN_ETCD_TO_JSON} (protobuf in etcd ≈ half its JSON, seed 001)` : ''}, ${metricsFrom}`;
  }

  // Sizes from audit response bodies win over the apiserver's estimate: JSON as sent, managedFields included.
  for (const a of input.audits ?? []) {
    files.push(a.name);
    if (!a.sizes.size) notes.push(`${a.name}: no LIST or GET response bodies${a.withoutBody ? ` (${grouped(a.withoutBody)} reads logged at level Metadata: sizes need level RequestResponse)` : ''}: no sizes`);
    for (const [key, o] of a.sizes) {
      const m = measured.get(key) ?? {};
      measured.set(key, m);
      m.avgBytes = Math.round(o.bytes / o.objects);
      m.sizeFrom = `${grouped(o.objects)}${o.capped ? '+' : ''} ${key} in ${grouped(o.responses)} responses in ${stamp(a)}`;
    }
  }

  // Sizes measured from saved objects win over the apiserver's estimate and over the
  // audit's sample: every object, JSON already.
  for (const f of input.objects ?? []) {
    files.push(f.name);
    for (const [key, o] of measureObjects(f, problems)) {
      const m = measured.get(key) ?? {};
      measured.set(key, m);
      m.avgBytes = Math.round(o.bytes / o.count);
      m.sizeFrom = `${grouped(o.count)} ${key} in ${stamp(f)}${o.managedFields ? '' : ' (without managedFields, which kubectl hides: the apiserver sends them)'}`;
    }
  }

  const nodes = measured.get('nodes')?.count;
  const preset = nearestPreset(nodes);
  const defaults = resolveProfile({ preset, ...(nodes !== undefined ? { nodes } : {}) });
  const known = typeof defaults === 'string' ? {} : defaults.resources;
  const resources: Record<string, ResourceSizing> = {};
  const countOnly: string[] = [];
  for (const key of [...measured.keys()].sort()) {
    const m = measured.get(key)!;
    const hasDefault = key in known;
    if (m.count === undefined && !hasDefault) {
      notes.push(`${key}: size measured but no count: not written (is it in the metrics?)`);
      continue;
    }
    if (m.avgBytes === undefined && !hasDefault) {
      countOnly.push(`${key} (${grouped(m.count!)})`);
      continue;
    }
    const source = [m.count !== undefined ? `count: ${m.countFrom}` : undefined, m.avgBytes !== undefined ? `avgBytes: ${m.sizeFrom}` : undefined].filter(Boolean).join('; ');
    resources[key] = { ...(m.count !== undefined ? { count: m.count } : {}), ...(m.avgBytes !== undefined ? { avgBytes: m.avgBytes } : {}), source };
  }
  if (countOnly.length) notes.push(`counted but no size and no default (give --objects or --audit for them): ${countOnly.join(', ')}`);
  const unmeasured = Object.keys(known).filter((k) => !(k in resources));
  if (unmeasured.length) notes.push(`not in the files, ${preset}'s values kept: ${unmeasured.join(', ')}`);
  const sizeless = Object.keys(resources).filter((k) => resources[k].avgBytes === undefined);
  if (sizeless.length) notes.push(`sizes not measured, ${preset}'s kept: ${sizeless.join(', ')}`);

  const minor = serverVersion !== undefined ? parseMinor(serverVersion) : undefined;
  if (serverVersion !== undefined && minor === undefined) problems.push(`server version ${serverVersion} is not a Kubernetes 1.x version: kubernetesVersion not set`);
  if (serverVersion === undefined) notes.push('no server version (give --version FILE from `kubectl version -o json`): kubernetesVersion not set');
  const namespaces = measured.get('namespaces')?.count;
  const at = input.metrics.mtime?.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const measuredFrom: MeasuredFrom = {
    ...(at ? { at } : {}),
    ...(serverVersion ? { serverVersion } : {}),
    files,
    ...(notes.length ? { notes } : {}),
  };
  const profile: ProfileObject = {
    name: input.name ?? 'imported',
    preset,
    ...(minor !== undefined ? { kubernetesVersion: `1.${minor}` } : {}),
    ...(nodes !== undefined ? { nodes } : {}),
    ...(namespaces !== undefined ? { namespaces } : {}),
    resources,
    measured: measuredFrom,
  };
  return { profile, problems };
}
