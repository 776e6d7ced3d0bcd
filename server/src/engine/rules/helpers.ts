// Option-level facts shared by the ResourceVersion rules, and the edits that change them.
import { since } from '../../sizing/gates';
import type { ApiCallFact, FileFacts } from '../facts';
import { carrierFieldEdits } from '../calls/crEdits';
import { addField, insertStatementAfter, removeElement, removeStatement } from '../edits';
import type { LineIndex } from '../lines';
import type { FieldValue, ResolvedOptions } from '../options';
import type { TextEdit } from '../types';
import type { ClusterProfile } from '../../sizing/profile';

/**
 * Reads that are requests to kube-apiserver: the ones the ResourceVersion rules judge.
 * Events have no watch cache, so a ResourceVersion changes nothing there (KLL005 instead);
 * nor for a resource the profile keeps no watch cache for (`watchCacheDisabled`).
 */
export function apiCalls(facts: FileFacts, profile?: Pick<ClusterProfile, 'noWatchCache'>): ApiCallFact[] {
  const uncached = profile?.noWatchCache ?? [];
  return facts.calls.filter((c) => c.path === 'api' && !readsEvents(c) && !uncached.includes(c.resource?.toLowerCase() ?? ''));
}

const EVENT_GROUP_VERSIONS = new Set(['CoreV1', 'EventsV1', 'EventsV1beta1']);
const EVENT_PACKAGES = new Set(['k8s.io/api/core/v1', 'k8s.io/api/events/v1', 'k8s.io/api/events/v1beta1']);

/**
 * Core v1 or events.k8s.io Events: kube-apiserver gives them no watch cache
 * (DefaultWatchCacheSizes in pkg/kubeapiserver/default_storage_factory_builder.go: events 0),
 * so every read of them is served by etcd.
 */
export function readsEvents(call: Pick<ApiCallFact, 'resource' | 'groupVersion' | 'controllerRuntime'>): boolean {
  if (call.resource?.toLowerCase() !== 'events') return false;
  if (call.controllerRuntime) return EVENT_PACKAGES.has(call.controllerRuntime.objectType?.pkgPath ?? '');
  return call.groupVersion === undefined || EVENT_GROUP_VERSIONS.has(call.groupVersion);
}

export type RvState = 'unset' | 'zero' | 'exact' | 'unknown';

/**
 * What ResourceVersion the call sends: unset (""), "0", a specific version, or unknown.
 * A specific version is a non-empty literal or a value read from an object's
 * ResourceVersion; any other expression might be "" or "0", so it is unknown.
 */
export function rvState(opts: ResolvedOptions): RvState {
  const v = opts.fields.get('ResourceVersion');
  if (!v) return 'unset';
  if (v.kind === 'string') return v.value === '' ? 'unset' : v.value === '0' ? 'zero' : 'exact';
  if (v.kind === 'expr' && /(\.ResourceVersion|\.GetResourceVersion\(\))$/.test(v.text)) return 'exact';
  return 'unknown';
}

export type LimitState = 'none' | 'set' | 'unknown';

/** Whether the call asks for pages: Limit absent or 0 is none; a positive literal or any expression is set. */
export function limitState(opts: ResolvedOptions): LimitState {
  const v = opts.fields.get('Limit');
  if (!v) return 'none';
  if (v.kind === 'int') return v.value > 0 ? 'set' : 'none';
  if (v.kind === 'unknown') return 'unknown';
  return 'set';
}

/**
 * The limit the server sees: a pager (client-go tools/pager) sends its PageSize (500 from
 * pager.New) when the options carry none.
 */
export function effectiveLimit(call: ApiCallFact): LimitState {
  if (call.options.kind !== 'resolved') return 'unknown';
  const own = limitState(call.options);
  if (own !== 'none' || !call.pager) return own;
  const size = call.pager.pageSize;
  return size === 'unknown' ? 'unknown' : size > 0 ? 'set' : 'none';
}

/** The hover/message note for a pager whose continue token may expire (FullListIfExpired). */
export function pagerFallbackNote(call: ApiCallFact): string {
  const f = call.pager?.fullListIfExpired;
  if (f === undefined || f === false) return '';
  return (
    ` With FullListIfExpired (${f === true ? 'on, as pager.New sets it' : 'possibly on'}), an expired continue token (410) makes the pager ` +
    `fall back to ONE unpaginated LIST of everything at the requested ResourceVersion: with ResourceVersion unset a consistent ` +
    `full LIST, read from etcd before ${since('ConsistentListFromCache')} (or with etcd older than 3.4.31/3.5.13) and from the watch cache after.`
  );
}

export function isSet(v: FieldValue | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'string') return v.value !== '';
  if (v.kind === 'int') return v.value !== 0;
  return true;
}

/**
 * Edits that give field `key` the value `value` at the call: into the literal when the
 * options have one, else as an assignment after `var x metav1.ListOptions`.
 */
export function setFieldEdits(lines: LineIndex, call: ApiCallFact, key: string, value: string): TextEdit[] | undefined {
  const opts = call.options;
  if (opts.kind !== 'resolved') return undefined;
  if (opts.sources) return everySource(opts.sources, (o) => setOptionEdits(lines, o, key, value));
  return setOptionEdits(lines, opts, key, value);
}

/** Edits for each source (every caller's options); undefined unless every one has them. Shared edits count once. */
function everySource(sources: ResolvedOptions[], edit: (o: ResolvedOptions) => TextEdit[] | undefined): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  for (const s of sources) {
    const e = edit(s);
    if (!e) return undefined;
    for (const x of e) if (!out.some((y) => y.start === x.start && y.end === x.end && y.newText === x.newText)) out.push(x);
  }
  return out;
}

/** " in helper listOpts() (shared by its callers)": where a fix of these options edits, for its title. */
export function fixPlace(call: ApiCallFact): string {
  const o = call.options.kind === 'resolved' ? call.options.origin : undefined;
  if (o?.kind === 'helper') return ` in ${o.name}(), which every caller of ${o.name}() shares`;
  if (o?.kind === 'parameter') return ` at ${o.callers === 1 ? 'the call' : `all ${o.callers} calls`} of ${o.function}() in this file`;
  return '';
}

function setOptionEdits(lines: LineIndex, opts: ResolvedOptions, key: string, value: string): TextEdit[] | undefined {
  const existing = opts.elements.get(key);
  if (existing && !opts.writes.has(key)) {
    const v = existing.childForFieldName('value') ?? existing.namedChild(1);
    if (!v) return undefined;
    return [{ start: v.startIndex, end: v.endIndex, newText: value }];
  }
  if (opts.writes.has(key)) return undefined;
  if (opts.literal) return addField(lines, opts.literal, key, value);
  if (opts.carrier) return carrierFieldEdits(lines, opts.carrier, opts, key, value);
  const b = opts.binding;
  if (b && b.decl.type === 'var_spec') {
    const stmt = b.decl.parent?.type === 'var_declaration' ? b.decl.parent : undefined;
    if (stmt && stmt.namedChildCount === 1) return insertStatementAfter(lines, stmt, `${b.name}.${key} = ${value}`);
  }
  return undefined;
}

/** Edits that remove every place that sets field `key` for this call. */
export function removeFieldEdits(lines: LineIndex, call: ApiCallFact, key: string): TextEdit[] | undefined {
  const opts = call.options;
  if (opts.kind !== 'resolved') return undefined;
  if (opts.sources) return everySource(opts.sources, (o) => removeOptionEdits(lines, o, key));
  return removeOptionEdits(lines, opts, key);
}

function removeOptionEdits(lines: LineIndex, opts: ResolvedOptions, key: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const el = opts.elements.get(key);
  if (el && opts.literal) {
    const e = removeElement(lines, opts.literal, el);
    if (!e.length) return undefined;
    edits.push(...e);
  }
  for (const stmt of opts.writes.get(key) ?? []) {
    const e = removeStatement(lines, stmt);
    if (!e.length) return undefined;
    edits.push(...e);
  }
  return edits.length ? edits : undefined;
}

/** Human name of the listed resource: `pods`, `nodes`, or `objects` when unknown. */
export function resourceLabel(call: Pick<ApiCallFact, 'resource'>): string {
  if (!call.resource) return 'objects';
  return call.resource.toLowerCase();
}

/**
 * One object of a plural resource name, for messages: `pods` -> `pod`, `priorityclasses`
 * -> `priorityclass`, `networkpolicies` -> `networkpolicy`, `nodemetricses` (the metrics
 * client's plural) -> `nodemetrics`, `leases` -> `lease`; `endpoints` and `objects` read
 * as `endpoints` and `object`.
 */
export function singular(plural: string): string {
  if (plural === 'endpoints') return plural;
  if (/(ss|ics|x|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
  if (/ies$/.test(plural)) return plural.slice(0, -3) + 'y';
  if (/s$/.test(plural) && !/ss$/.test(plural)) return plural.slice(0, -1);
  return plural;
}
