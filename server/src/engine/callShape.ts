// From syntax to the sizing model's plain data: what an API call asks the apiserver for
// (CallShape), how many times the program makes it (loops, per-node agents), and its cost
// under a profile. Conservative like the rules: what syntax cannot tell is unknown.
import type { Node } from 'web-tree-sitter';
import type { ApiCallFact, FileFacts, WatchFact } from './facts';
import type { InformerFact } from './informers';
import { contextsAround, isRetryLoop, isRetryPoll } from './loops';
import { resultBinding } from './resultUse';
import { effectiveLimit, readsEvents, rvState } from './rules/helpers';
import type { FieldValue } from './options';
import { estimateCall, ONCE, type CallCost, type CallShape, type FieldSelectorKind, type Multiplicity, type Scope } from '../sizing/estimate';
import type { RvMatch } from '../sizing/serving';
import { grouped, type ClusterProfile } from '../sizing/profile';
import { DEFAULT_PAGE_SIZE } from '../sizing/constants';

function fieldText(v: FieldValue | undefined): string | undefined {
  if (!v || v.kind === 'unknown') return undefined;
  return v.kind === 'string' ? v.value : v.kind === 'int' ? String(v.value) : v.text;
}

/** `spec.nodeName=` + x, `fields.OneTermEqualSelector("spec.nodeName", x)` -> nodeName. */
export function fieldSelectorKind(v: FieldValue | undefined): FieldSelectorKind {
  if (!v) return 'none';
  if (v.kind === 'string' && v.value === '') return 'none';
  const t = fieldText(v);
  if (t === undefined) return 'other';
  // One term only: a second term (`,`) could narrow further, but never widen.
  if (/spec\.nodeName"?\s*(=|,)/.test(t) || /^"spec\.nodeName="/.test(t)) return 'nodeName';
  if (/metadata\.name"?\s*(=|,)/.test(t) || /^"metadata\.name="/.test(t)) return 'name';
  return 'other';
}

function rvMatch(v: FieldValue | undefined): RvMatch {
  if (!v) return 'unset';
  const t = fieldText(v);
  if (t === undefined) return 'unknown';
  if (t === '') return 'unset';
  if (/NotOlderThan"?$/.test(t)) return 'NotOlderThan';
  if (/Exact"?$/.test(t)) return 'Exact';
  return 'unknown';
}

/**
 * A `metadata.namespace=` term: the registry then reads that namespace's key range, as for a
 * namespaced request (kubernetes/apiserver v0.36 pkg/registry/generic/registry/store.go:413-420
 * MatchesSingleNamespace). `only`: it is the selector's one term.
 */
function namespaceTerm(v: FieldValue | undefined): { only: boolean } | undefined {
  const t = fieldText(v);
  if (t === undefined || /NotEqual|metadata\.namespace"?\s*!=/.test(t) || !/metadata\.namespace"?\s*(=|,)/.test(t)) return undefined;
  const terms = v!.kind === 'string' ? t.split(',').length : /OneTermEqualSelector\(/.test(t) ? 1 : 2;
  return { only: terms === 1 };
}

export function callShape(call: ApiCallFact): CallShape {
  const fieldSel = call.options.kind === 'resolved' ? call.options.fields.get('FieldSelector') : undefined;
  const nsTerm = call.namespace.kind === 'all' && call.path === 'api' ? namespaceTerm(fieldSel) : undefined;
  const scope: Scope = nsTerm ? 'namespaced' : call.namespace.kind;
  const base = { verb: call.verb, resource: call.resource?.toLowerCase(), scope, limit: 'none' as const, rvm: 'unset' as const, fieldSelector: 'none' as const, labelSelector: false };
  // Listers, indexers and controller-runtime's cached client read memory in the program.
  if (call.path === 'lister' || call.path === 'informer-cache') return { ...base, rv: 'zero', local: true };
  const opts = call.options;
  const noCache = call.path === 'api' && readsEvents(call) ? { noWatchCache: true } : {};
  if (call.path !== 'api' || opts.kind !== 'resolved') return { ...base, rv: 'unknown', ...noCache };
  const limitField = opts.fields.get('Limit');
  const pageSize = call.pager && typeof call.pager.pageSize === 'number' && call.pager.pageSize > 0 ? call.pager.pageSize : undefined;
  const label = fieldText(opts.fields.get('LabelSelector'));
  return {
    ...base,
    ...noCache,
    rv: rvState(opts),
    rvm: rvMatch(opts.fields.get('ResourceVersionMatch')),
    limit: call.verb === 'get' ? 'none' : effectiveLimit(call),
    limitValue: limitField?.kind === 'int' && limitField.value > 0 ? limitField.value : pageSize,
    fieldSelector: nsTerm?.only ? 'none' : fieldSelectorKind(fieldSel),
    labelSelector: opts.fields.has('LabelSelector') ? label !== '' : false,
    ...(opts.fields.get('LabelSelector')?.kind === 'string' && label ? { labelSelectorText: label } : {}),
  };
}

/**
 * What a raw watch from ResourceVersion "" or "0" sends first: every object it selects, as
 * ADDED events, priced as the LIST of them from the watch cache (from etcd for Events).
 */
export function watchReplayShape(w: WatchFact): CallShape {
  const opts = w.options.kind === 'resolved' ? w.options : undefined;
  const label = fieldText(opts?.fields.get('LabelSelector'));
  return {
    verb: 'list',
    resource: w.resource?.toLowerCase(),
    scope: w.namespace.kind,
    rv: 'zero',
    rvm: 'unset',
    limit: 'none',
    fieldSelector: opts ? fieldSelectorKind(opts.fields.get('FieldSelector')) : 'other',
    labelSelector: opts ? opts.fields.has('LabelSelector') && label !== '' : true,
    ...(readsEvents(w) ? { noWatchCache: true } : {}),
  };
}

/** A `NODE_NAME`-style environment read: the program runs once per node. */
const NODE_ENV = /\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Z0-9_]*NODE_?NAME[A-Z0-9_]*|NODENAME)"\s*\)/;

export interface PerNodeEvidence {
  /** `os.Getenv("NODE_NAME")`. */
  text: string;
  /** Zero-based line. */
  line: number;
}

/** The first NODE_NAME-style env read in the file, if any. */
export function perNodeEvidence(text: string): PerNodeEvidence | undefined {
  const m = NODE_ENV.exec(text);
  if (!m) return undefined;
  let line = 0;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return { text: m[0].replace(/\s+/g, ''), line };
}

/** A bare `for {` whose body sets `.Continue`: the pagination loop itself, not a repetition. */
function isPaginationLoop(loop: Node): boolean {
  const bare = !loop.namedChildren.some((c) => c && c.type !== 'block' && c.type !== 'comment');
  return bare && /\.Continue\s*=/.test(loop.childForFieldName('body')?.text ?? loop.text);
}

export interface SizingContext {
  facts: FileFacts;
  profile: ClusterProfile;
  perNode?: PerNodeEvidence;
  /** Costs by call start offset, filled as computed (a loop's list is sized once). */
  cache: Map<number, CallCost>;
}

export function sizingContext(facts: FileFacts, text: string, profile: ClusterProfile): SizingContext {
  return { facts, profile, perNode: perNodeEvidence(text), cache: new Map() };
}

/** `Pod` -> `pods`: the profile key of an element type the loop facts saw. */
function resourceOfType(typeName: string | undefined): string | undefined {
  if (!typeName) return undefined;
  const lower = typeName.toLowerCase();
  return /(s|x|ch|sh)$/.test(lower) ? lower + 'es' : lower.endsWith('y') ? lower.slice(0, -1) + 'ies' : lower + 's';
}

/**
 * How many times `call` runs per run of the program, as far as syntax shows: loops over a
 * list the same function made multiply by that list's size; retry and pagination loops do
 * not multiply; polls and other loops are "unknown" (the total is a lower bound).
 */
export function multiplicityOf(call: ApiCallFact, ctx: SizingContext, depth = 0): Multiplicity {
  let factor = 1;
  let known = true;
  const reasons: string[] = [];
  const line = (n: Node) => n.startPosition.row + 1;
  const errName = resultBinding(call.node)?.err?.text;
  for (const c of contextsAround(call.node, ctx.facts.scope, ctx.facts.imports)) {
    if (c.kind === 'poll') {
      if (isRetryPoll(call.node, c.literal, errName)) continue;
      known = false;
      reasons.push(`runs periodically (${c.poll}, line ${line(c.node)})`);
      continue;
    }
    const loop = c.loop;
    if (isPaginationLoop(loop.node) || isRetryLoop(loop.node, errName)) continue;
    if (loop.poll) {
      known = false;
      reasons.push(`repeats in a polling loop (${loop.poll}, line ${line(loop.node)})`);
      continue;
    }
    const sourceStart = loop.collection?.source?.startIndex;
    const list = sourceStart !== undefined && depth < 3 ? ctx.facts.calls.find((x) => x.node.startIndex === sourceStart && x.verb === 'list') : undefined;
    const listCost = list && list !== call ? costOf(list, ctx, depth + 1) : undefined;
    const n = listCost?.known ? listCost.estimates[0].objectsReturned : undefined;
    if (n !== undefined && list) {
      const upper = listCost!.estimates[0].returnedIsUpperBound;
      factor *= Math.max(1, Math.round(n));
      reasons.push(`× ${upper ? 'up to ' : ''}${grouped(Math.round(n))}: a loop over the ${list.resource?.toLowerCase() ?? 'objects'} listed at line ${line(list.node)}`);
      continue;
    }
    known = false;
    const kind = resourceOfType(loop.collection?.typeName);
    const most = kind ? ctx.profile.resources[kind]?.count : undefined;
    reasons.push(
      most !== undefined
        ? `inside a loop over ${kind} (line ${line(loop.node)}): up to ${grouped(most)} times, size not visible here`
        : `inside a loop of unknown size (line ${line(loop.node)})`,
    );
  }
  const agent = agentTimes(ctx);
  if (agent) {
    factor *= agent.factor;
    reasons.push(...agent.reasons);
  }
  return agent ? { factor, known, reasons, perNode: ctx.profile.nodes } : { factor, known, reasons };
}

/** × nodes when the program is a per-node agent (the profile says so, or a NODE_NAME read). */
function agentTimes(ctx: SizingContext): Multiplicity | undefined {
  const agent = ctx.profile.perNodeAgent ? 'profile.perNodeAgent' : ctx.perNode ? `detected from ${ctx.perNode.text} at line ${ctx.perNode.line + 1}` : undefined;
  if (!agent) return undefined;
  return { factor: ctx.profile.nodes, known: true, reasons: [`× ${grouped(ctx.profile.nodes)} nodes: a per-node agent (${agent}) makes it on every node`], perNode: ctx.profile.nodes };
}

/**
 * What a raw watch asks for, as its options say: the shape of the collection it watches
 * (verb `list`: the same path, resourceVersion, selectors). `audit` matches WATCH requests to it.
 */
export function watchRequestShape(w: WatchFact): CallShape {
  const base = { verb: 'list' as const, resource: w.resource?.toLowerCase(), scope: w.namespace.kind, limit: 'none' as const, rvm: 'unset' as const, fieldSelector: 'none' as const, labelSelector: false };
  if (w.options.kind !== 'resolved') return { ...base, rv: 'unknown' };
  const opts = w.options;
  const label = fieldText(opts.fields.get('LabelSelector'));
  return {
    ...base,
    rv: rvState(opts),
    rvm: rvMatch(opts.fields.get('ResourceVersionMatch')),
    fieldSelector: fieldSelectorKind(opts.fields.get('FieldSelector')),
    labelSelector: opts.fields.has('LabelSelector') ? label !== '' : false,
    ...(opts.fields.get('LabelSelector')?.kind === 'string' && label ? { labelSelectorText: label } : {}),
  };
}

/** An informer's initial LIST: every object of the resource, ResourceVersion "0" (the reflector's first list). */
export function informerInitialList(resource: string | undefined, clusterScoped: boolean): CallShape {
  return { verb: 'list', resource, scope: clusterScoped ? 'cluster-scoped' : 'all', rv: 'zero', rvm: 'unset', limit: 'none', fieldSelector: 'none', labelSelector: false };
}

/** An informer's initial LIST as it asks for it: its namespace and selectors, or everything with an unknown selector when its options are not visible. */
export function informerShape(inf: Pick<InformerFact, 'resource' | 'selection'>): CallShape {
  // The reflector pages its first list (500 a page); only etcd honours that, and Events are always read from etcd.
  const base = { ...informerInitialList(inf.resource, false), ...(inf.resource === 'events' ? { limit: 'set' as const, limitValue: DEFAULT_PAGE_SIZE } : {}) };
  const sel = inf.selection;
  if (sel === 'unknown') return { ...base, scope: 'unknown', fieldSelector: 'other' };
  return { ...base, scope: sel.namespaced ? 'namespaced' : 'all', fieldSelector: sel.field, labelSelector: sel.label };
}

/** The cost of a request a rule describes (Report.request): once per run, on every node for an agent. */
export function requestCost(request: { shape: CallShape; repeats?: string; informer?: boolean }, ctx: SizingContext): CallCost {
  const m = agentTimes(ctx) ?? ONCE;
  const cost = estimateCall(request.shape, ctx.profile, request.repeats ? { ...m, known: false, reasons: [request.repeats, ...m.reasons] } : m);
  return request.informer ? { ...cost, informer: true } : cost;
}

/** The cost of `call` under the context's profile, with its multiplicity. */
export function costOf(call: ApiCallFact, ctx: SizingContext, depth = 0): CallCost {
  const hit = ctx.cache.get(call.node.startIndex);
  if (hit) return hit;
  const cost = estimateCall(callShape(call), ctx.profile, multiplicityOf(call, ctx, depth));
  ctx.cache.set(call.node.startIndex, cost);
  return cost;
}
