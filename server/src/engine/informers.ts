// Informers and list-watches of built-in kinds (KLL303, KLL304, the report):
// client-go's shared informer factory (`informers.NewSharedInformerFactory*`) followed by
// an accessor such as `.Core().V1().Pods()`, `.Coordination().V1().Leases()` or
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

/**
 * What the informer asks for: a namespace (`namespaced`), a field selector on the node or
 * the name, or another one, a label selector; `unknown` when options are not visible.
 */
export type Selection = { namespaced: boolean; field: 'none' | 'nodeName' | 'name' | 'other'; label: boolean } | 'unknown';

export interface InformerFact {
  /** The reported node: a factory's accessor call (`.Pods()`), or the `NewListWatchFromClient` call. */
  node: Node;
  how: 'factory' | 'list-watch';
  /** Lower-case plural resource: `pods`, `endpointslices`, `deployments`. */
  resource: string;
  scope: WatchScope;
  selection: Selection;
  /** The factory constructor, when `node` is not it. */
  source?: Node;
  /** The client it reads through: the factory's clientset, the list-watch's REST client. */
  client?: Node;
}

export const FACTORY_CONSTRUCTORS = ['NewSharedInformerFactory', 'NewSharedInformerFactoryWithOptions', 'NewFilteredSharedInformerFactory'] as const;
export const LIST_WATCH_CONSTRUCTOR = 'NewListWatchFromClient';

/** Factory options that change nothing about which objects are watched. */
const NEUTRAL_OPTIONS = new Set(['WithTransform', 'WithCustomResyncConfig']);
/** An API group's accessor on a factory (`Core`, `Apps`, `Coordination`), its version (`V1`, `V1beta1`), a kind's (`Pods`). */
const GROUP_OR_KIND = /^[A-Z]\w*$/;
const VERSION = /^V\d+(?:(?:alpha|beta)\d+)?$/;
const FIELDS_PATH = 'k8s.io/apimachinery/pkg/fields';
/** The namespace that holds every node's heartbeat Lease. */
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** What narrows a node-scoped kind to one node: `spec.nodeName` for pods, `metadata.name` for nodes and leases. */
const NODE_FIELD: Record<string, 'nodeName' | 'name'> = { pods: 'nodeName', nodes: 'name', leases: 'name' };

/** The objects an informer of `resource` with `sel` covers, as KLL303 asks: all of the kind, a node's or a namespace's, or unknown. */
function scopeOf(sel: Selection, resource: string): WatchScope {
  if (sel === 'unknown') return 'unknown';
  if (NODE_FIELD[resource] === sel.field || (sel.namespaced && resource !== 'nodes')) return 'narrowed';
  return sel.field !== 'none' || sel.label ? 'unknown' : 'all';
}

/** The field selector kind a selector's text names. */
function fieldOf(text: string): 'nodeName' | 'name' | 'other' {
  return /spec\.nodeName/.test(text) ? 'nodeName' : /metadata\.name/.test(text) ? 'name' : 'other';
}

/** `pkg.Fn(...)` with `pkg` the local name of `path`: Fn's name, else undefined. */
export function packageCall(call: Node, imports: ImportTable, path: string): string | undefined {
  const fn = call.childForFieldName('function');
  const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
  if (operand?.type !== 'identifier' || imports.byName.get(operand.text) !== path) return undefined;
  return fn!.childForFieldName('field')?.text;
}

/** `node.name()` when `node` is the operand of that call with no arguments and `name` matches. */
function chained(node: Node, name: RegExp): { call: Node; name: string } | undefined {
  const sel = node.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.startIndex !== node.startIndex) return undefined;
  const field = sel.childForFieldName('field')?.text ?? '';
  const call = sel.parent;
  if (!name.test(field) || call?.type !== 'call_expression' || callArgs(call).length) return undefined;
  return { call, name: field };
}

/** `x.Core().V1().Pods()` from the factory expression `x`: the accessor's call and its resource (`pods`). */
function accessorOf(factory: Node): { call: Node; resource: string } | undefined {
  const group = chained(factory, GROUP_OR_KIND);
  const version = group && !VERSION.test(group.name) ? chained(group.call, VERSION) : undefined;
  const kind = version && chained(version.call, GROUP_OR_KIND);
  return kind ? { call: kind.call, resource: kind.name.toLowerCase() } : undefined;
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

/** What a `WithTweakListOptions` / tweak argument selects; undefined when it selects nothing. */
function tweakSelection(arg: Node): Partial<Exclude<Selection, 'unknown'>> | 'unknown' {
  const e = unwrap(arg);
  if (e.text === 'nil') return {};
  if (e.type !== 'func_literal') return 'unknown';
  const body = e.childForFieldName('body')?.text ?? '';
  return { ...(/\bFieldSelector\b/.test(body) ? { field: fieldOf(body) } : {}), ...(/\bLabelSelector\b/.test(body) ? { label: true } : {}) };
}

/** What a factory's informers ask for, from the constructor's arguments. */
function factorySelection(ctor: Node, name: string, imports: ImportTable): Selection {
  const args = callArgs(ctor);
  const parts: (Partial<Exclude<Selection, 'unknown'>> | 'unknown')[] = [];
  if (name === 'NewSharedInformerFactory') {
    if (args.length !== 2) return 'unknown';
  } else if (name === 'NewFilteredSharedInformerFactory') {
    if (args.length !== 4) return 'unknown';
    parts.push({ namespaced: !isNamespaceAll(unwrap(args[2])) }, tweakSelection(args[3]));
  } else {
    if (ctor.text.includes('...')) return 'unknown';
    for (const opt of args.slice(2)) {
      const call = unwrap(opt);
      const fn = call.type === 'call_expression' ? packageCall(call, imports, PKG.informers) : undefined;
      const inner = fn ? callArgs(call) : [];
      if (fn && NEUTRAL_OPTIONS.has(fn)) continue;
      if (fn === 'WithNamespace' && inner.length === 1) parts.push({ namespaced: !isNamespaceAll(unwrap(inner[0])) });
      else if (fn === 'WithTweakListOptions' && inner.length === 1) parts.push(tweakSelection(inner[0]));
      else return 'unknown';
    }
  }
  if (parts.includes('unknown')) return 'unknown';
  return Object.assign({ namespaced: false, field: 'none', label: false }, ...parts) as Selection;
}

/** `cache.NewListWatchFromClient(c, "pods", metav1.NamespaceAll, fields.Everything())`. */
function listWatchFact(call: Node, imports: ImportTable): InformerFact | undefined {
  const args = callArgs(call);
  const resource = args.length === 4 ? stringValue(unwrap(args[1])) : undefined;
  if (!resource) return undefined;
  const ns = unwrap(args[2]);
  const allNamespaces = isNamespaceAll(ns) || (resource === 'leases' && stringValue(ns) === NODE_LEASE_NAMESPACE);
  const selector = unwrap(args[3]);
  const everything = selector.type === 'call_expression' && !callArgs(selector).length && packageCall(selector, imports, FIELDS_PATH) === 'Everything';
  const selection: Selection = { namespaced: !allNamespaces, field: everything ? 'none' : fieldOf(selector.text), label: false };
  return { node: call, how: 'list-watch', resource, scope: scopeOf(selection, resource), selection, client: args[0] };
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
      if (!acc) continue;
      const selection = factorySelection(call, informer, imports);
      out.push({ node: acc.call, how: 'factory', resource: acc.resource, scope: scopeOf(selection, acc.resource), selection, source: call, client: callArgs(call)[0] });
    }
    return out;
  }
  if (packageCall(call, imports, PKG.goCache) === LIST_WATCH_CONSTRUCTOR) {
    const fact = listWatchFact(call, imports);
    return fact ? [fact] : [];
  }
  return [];
}
