// Informers and list-watches of the built-in kinds that are large or hot (KLL303, KLL304):
// client-go's shared informer factory (`informers.NewSharedInformerFactory*`) followed by
// `.Core().V1().Pods()` / `.Nodes()` / `.Endpoints()`, `.Coordination().V1().Leases()` or
// `.Discovery().V1().EndpointSlices()` in the same function, and
// `cache.NewListWatchFromClient(c, "pods", ns, fields.Everything())`. What each one watches:
// everything of its kind (`all`), narrowed visibly, or not known (`unknown`).
import type { Node } from 'web-tree-sitter';
import { isNamespaceAll } from './calls';
import { PKG, type ImportTable } from './imports';
import { findBinding } from './locals';
import { callArgs, enclosingFunction, identifiersNamed, stringValue, unwrap } from './syntax';

/** The kinds every node has its own share of: its pods, its Node, its heartbeat Lease. */
export type NodeScopedKind = 'pods' | 'nodes' | 'leases';

/** `all`: every object of the kind in the cluster; `narrowed`: a node's (or a namespace's); `unknown`: not visible. */
export type WatchScope = 'all' | 'narrowed' | 'unknown';

/** The kinds informed on here: the node-scoped ones and the endpoints every proxy-like agent watches. */
export type InformedKind = NodeScopedKind | 'endpoints' | 'endpointslices';

export interface InformerFact {
  /** The reported node: a factory's `.Pods()` call, or the `NewListWatchFromClient` call. */
  node: Node;
  how: 'factory' | 'list-watch';
  resource: InformedKind;
  scope: WatchScope;
  /** The factory constructor, when `node` is not it. */
  source?: Node;
  /** The client it reads through: the factory's clientset, the list-watch's REST client. */
  client?: Node;
}

export const FACTORY_CONSTRUCTORS = ['NewSharedInformerFactory', 'NewSharedInformerFactoryWithOptions', 'NewFilteredSharedInformerFactory'] as const;
export const LIST_WATCH_CONSTRUCTOR = 'NewListWatchFromClient';

/** Factory options that change nothing about which objects are watched. */
const NEUTRAL_OPTIONS = new Set(['WithTransform', 'WithCustomResyncConfig']);
/** `Core().V1().Pods()`: group method -> resource method -> kind. */
const ACCESSORS: Record<string, Record<string, InformedKind>> = {
  Core: { Pods: 'pods', Nodes: 'nodes', Endpoints: 'endpoints' },
  Coordination: { Leases: 'leases' },
  Discovery: { EndpointSlices: 'endpointslices' },
};
const LIST_WATCH_KINDS = new Set<string>(['pods', 'nodes', 'leases', 'endpoints', 'endpointslices']);
const FIELDS_PATH = 'k8s.io/apimachinery/pkg/fields';
/** The namespace that holds every node's heartbeat Lease. */
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** `pkg.Fn(...)` with `pkg` the local name of `path`: Fn's name, else undefined. */
export function packageCall(call: Node, imports: ImportTable, path: string): string | undefined {
  const fn = call.childForFieldName('function');
  const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
  if (operand?.type !== 'identifier' || imports.byName.get(operand.text) !== path) return undefined;
  return fn!.childForFieldName('field')?.text;
}

/** `node.name()` when `node` is the operand of that call with no arguments. */
function chained(node: Node, names: readonly string[]): { call: Node; name: string } | undefined {
  const sel = node.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.startIndex !== node.startIndex) return undefined;
  const name = sel.childForFieldName('field')?.text ?? '';
  const call = sel.parent;
  if (!names.includes(name) || call?.type !== 'call_expression' || callArgs(call).length) return undefined;
  return { call, name };
}

/** `x.Core().V1().Pods()` from the factory expression `x`. */
function accessorOf(factory: Node): { call: Node; resource: InformedKind } | undefined {
  const group = chained(factory, Object.keys(ACCESSORS));
  const version = group && chained(group.call, ['V1']);
  const kinds = group ? ACCESSORS[group.name] : {};
  const res = version && chained(version.call, Object.keys(kinds));
  return res ? { call: res.call, resource: kinds[res.name] } : undefined;
}

/** The factory itself and every later use of the local it is bound to (`f := informers.New...(...)`). */
function factoryUses(ctor: Node): Node[] {
  const parent = ctor.parent?.type === 'expression_list' ? ctor.parent.parent : ctor.parent;
  if (parent?.type !== 'short_var_declaration' && parent?.type !== 'var_spec') return [ctor];
  const names = (parent.type === 'var_spec' ? parent.childrenForFieldName('name') : parent.childForFieldName('left')?.namedChildren ?? []).filter((n) => !!n);
  const fn = enclosingFunction(ctor);
  if (names.length !== 1 || !fn) return [ctor];
  const uses = identifiersNamed(fn, names[0]!.text).filter((id) => id.startIndex > ctor.endIndex);
  return [ctor, ...uses.filter((id) => findBinding(id)?.value?.startIndex === ctor.startIndex)];
}

/** What a `WithTweakListOptions` / tweak argument does to the objects watched. */
function tweakScope(arg: Node, resource: InformedKind): WatchScope | 'neutral' {
  const e = unwrap(arg);
  if (e.text === 'nil') return 'neutral';
  if (e.type !== 'func_literal') return 'unknown';
  const body = e.childForFieldName('body')?.text ?? '';
  if (!/\b(FieldSelector|LabelSelector)\b/.test(body)) return 'neutral';
  return (resource === 'pods' ? /spec\.nodeName/ : /metadata\.name/).test(body) ? 'narrowed' : 'unknown';
}

function namespaceScope(arg: Node): WatchScope | 'neutral' {
  return isNamespaceAll(unwrap(arg)) ? 'neutral' : 'narrowed';
}

/** The objects a factory's informer of `resource` watches, from the constructor's arguments. */
function factoryScope(ctor: Node, name: string, resource: InformedKind, imports: ImportTable): WatchScope {
  const args = callArgs(ctor);
  const parts: (WatchScope | 'neutral')[] = [];
  if (name === 'NewSharedInformerFactory') {
    if (args.length !== 2) return 'unknown';
  } else if (name === 'NewFilteredSharedInformerFactory') {
    if (args.length !== 4) return 'unknown';
    parts.push(resource === 'nodes' ? 'neutral' : namespaceScope(args[2]), tweakScope(args[3], resource));
  } else {
    if (ctor.text.includes('...')) return 'unknown';
    for (const opt of args.slice(2)) {
      const call = unwrap(opt);
      const fn = call.type === 'call_expression' ? packageCall(call, imports, PKG.informers) : undefined;
      const inner = fn ? callArgs(call) : [];
      if (fn && NEUTRAL_OPTIONS.has(fn)) continue;
      if (fn === 'WithNamespace' && inner.length === 1) parts.push(resource === 'nodes' ? 'neutral' : namespaceScope(inner[0]));
      else if (fn === 'WithTweakListOptions' && inner.length === 1) parts.push(tweakScope(inner[0], resource));
      else return 'unknown';
    }
  }
  if (parts.includes('unknown')) return 'unknown';
  return parts.includes('narrowed') ? 'narrowed' : 'all';
}

/** `cache.NewListWatchFromClient(c, "pods", metav1.NamespaceAll, fields.Everything())`. */
function listWatchFact(call: Node, imports: ImportTable): InformerFact | undefined {
  const args = callArgs(call);
  const named = args.length === 4 ? stringValue(unwrap(args[1])) : undefined;
  if (!named || !LIST_WATCH_KINDS.has(named)) return undefined;
  const resource = named as InformedKind;
  const ns = unwrap(args[2]);
  const allNamespaces = isNamespaceAll(ns) || (resource === 'leases' && stringValue(ns) === NODE_LEASE_NAMESPACE);
  const selector = unwrap(args[3]);
  const everything = selector.type === 'call_expression' && !callArgs(selector).length && packageCall(selector, imports, FIELDS_PATH) === 'Everything';
  const narrow = (resource === 'pods' ? /spec\.nodeName/ : /metadata\.name/).test(selector.text);
  const scope: WatchScope = !allNamespaces || narrow ? 'narrowed' : everything ? 'all' : 'unknown';
  return { node: call, how: 'list-watch', resource, scope, client: args[0] };
}

/**
 * The informer facts of one captured selector call (`informers.New...Factory(...)`,
 * `cache.NewListWatchFromClient(...)`); none for anything else.
 */
export function informerFacts(call: Node, imports: ImportTable): InformerFact[] {
  const informer = packageCall(call, imports, PKG.informers);
  if (informer && (FACTORY_CONSTRUCTORS as readonly string[]).includes(informer)) {
    const out: InformerFact[] = [];
    for (const use of factoryUses(call)) {
      const acc = accessorOf(use);
      if (acc) out.push({ node: acc.call, how: 'factory', resource: acc.resource, scope: factoryScope(call, informer, acc.resource, imports), source: call, client: callArgs(call)[0] });
    }
    return out;
  }
  if (packageCall(call, imports, PKG.goCache) === LIST_WATCH_CONSTRUCTOR) {
    const fact = listWatchFact(call, imports);
    return fact ? [fact] : [];
  }
  return [];
}
