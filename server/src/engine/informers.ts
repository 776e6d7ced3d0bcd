// Informers and list-watches (KLL303, KLL304, KLL005; the report ranks their first LIST and
// `audit` matches their LIST + WATCH requests to them):
// client-go's shared informer factory (`informers.NewSharedInformerFactory*`) followed by
// an accessor such as `.Core().V1().Pods()`, `.Coordination().V1().Leases()` or
// `.Discovery().V1().EndpointSlices()` (through a local, a field or a same-file function
// returning the factory), dynamic factories' `.ForResource(gvr)`, and
// `cache.NewListWatchFromClient(c, "pods", ns, fields.Everything())`. What each one watches:
// everything of its kind (`all`), narrowed visibly, or not known (`unknown`).
import type { Node } from 'web-tree-sitter';
import { isNamespaceAll } from './calls';
import { PKG, type ImportTable } from './imports';
import { findBinding } from './locals';
import { callArgs, enclosingFunction, identifiersNamed, selectorPath, stringValue, tokenAt, unwrap, wordsRegExp } from './syntax';

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
  /** A dynamic informer factory's (`dynamicinformer`): unstructured objects, always JSON. */
  dynamic?: true;
}

export const FACTORY_CONSTRUCTORS = ['NewSharedInformerFactory', 'NewSharedInformerFactoryWithOptions', 'NewFilteredSharedInformerFactory'] as const;
export const LIST_WATCH_CONSTRUCTOR = 'NewListWatchFromClient';
export const DYNAMIC_FACTORY_CONSTRUCTORS = ['NewDynamicSharedInformerFactory', 'NewFilteredDynamicSharedInformerFactory'] as const;
/** `corev1.SchemeGroupVersion.WithResource("pods")`: the resource of a GVR built from a core/v1 package. */
const CORE_V1_PATH = 'k8s.io/api/core/v1';

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

/** `expr` and every later use of the local it is bound to (`f := expr`, `var f = expr`). */
function boundUses(expr: Node): Node[] {
  const parent = expr.parent?.type === 'expression_list' ? expr.parent.parent : expr.parent;
  if (parent?.type !== 'short_var_declaration' && parent?.type !== 'var_spec') return [expr];
  const names = (parent.type === 'var_spec' ? parent.childrenForFieldName('name') : parent.childForFieldName('left')?.namedChildren ?? []).filter((n) => !!n);
  const fn = enclosingFunction(expr);
  if (names.length !== 1 || !fn) return [expr];
  const uses = identifiersNamed(fn, names[0]!.text).filter((id) => id.startIndex > expr.endIndex);
  return [expr, ...uses.filter((id) => findBinding(id)?.value?.startIndex === expr.startIndex)];
}

/** The struct field `expr` is stored in: `c.factory = expr`, `&T{factory: expr}`. */
function storedField(expr: Node): string | undefined {
  const p = expr.parent?.type === 'literal_element' ? expr.parent.parent : expr.parent;
  if (p?.type === 'keyed_element' && p.namedChild(1)?.startIndex === (expr.parent?.type === 'literal_element' ? expr.parent : expr).startIndex) {
    const key = p.namedChild(0);
    const name = key?.type === 'literal_element' ? key.namedChild(0) : key;
    return name?.type === 'identifier' || name?.type === 'field_identifier' ? name.text : undefined;
  }
  const stmt = p?.type === 'expression_list' ? p.parent : p;
  if (stmt?.type !== 'assignment_statement') return undefined;
  const left = stmt.childForFieldName('left');
  const lhs = left?.type === 'expression_list' ? left.namedChildren : [left];
  const right = stmt.childForFieldName('right');
  const rhs = right?.type === 'expression_list' ? right.namedChildren : [right];
  if (lhs.length !== 1 || rhs.length !== 1 || lhs[0]?.type !== 'selector_expression') return undefined;
  return lhs[0].childForFieldName('field')?.text;
}

/**
 * The file's reads of the field `field` (`c.factory` in `c.factory.Core()...`), when the file
 * stores a value into a field of that name exactly once: a second store may hold another factory.
 */
function fieldUses(root: Node, field: string): Node[] {
  const uses: Node[] = [];
  let stores = 0;
  for (const m of root.text.matchAll(wordsRegExp([field]))) {
    const tok = tokenAt(root, root.startIndex + m.index!, root.startIndex + m.index! + field.length);
    const p = tok?.parent;
    if (!tok || !p) continue;
    if (p.type === 'selector_expression' && p.childForFieldName('field')?.startIndex === tok.startIndex) {
      const stmt = p.parent?.type === 'expression_list' ? p.parent.parent : p.parent;
      if (stmt?.type === 'assignment_statement' && stmt.childForFieldName('left')?.startIndex === (p.parent?.type === 'expression_list' ? p.parent : p).startIndex) stores++;
      else uses.push(p);
    } else {
      // `field: value` in a composite literal (the key may be wrapped in a literal_element).
      const key = p.type === 'literal_element' ? p : tok;
      if (key.parent?.type === 'keyed_element' && key.parent.namedChild(0)?.startIndex === key.startIndex) stores++;
    }
  }
  return stores === 1 ? uses : [];
}

/** Calls, in the file, of the function whose only return statement returns `expr` (`func newFactory() F { return informers.New...(...) }`). */
function callersOfReturning(expr: Node): Node[] {
  const ret = expr.parent?.type === 'expression_list' ? expr.parent.parent : expr.parent;
  const fn = ret?.type === 'return_statement' ? enclosingFunction(expr) : undefined;
  if (fn?.type !== 'function_declaration' && fn?.type !== 'method_declaration') return [];
  const body = fn.childForFieldName('body');
  if (!body || body.descendantsOfType('return_statement').length !== 1) return [];
  const name = fn.childForFieldName('name')?.text;
  if (!name) return [];
  const root = fn.tree.rootNode;
  const out: Node[] = [];
  for (const m of root.text.matchAll(wordsRegExp([name]))) {
    const tok = tokenAt(root, root.startIndex + m.index!, root.startIndex + m.index! + name.length);
    if (!tok) continue;
    // `name(...)` for a function, `x.name(...)` for a method.
    const sel = tok.parent?.type === 'selector_expression' && tok.parent.childForFieldName('field')?.startIndex === tok.startIndex ? tok.parent : undefined;
    const callee = fn.type === 'method_declaration' ? sel : tok.type === 'identifier' ? tok : undefined;
    const call = callee?.parent;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.startIndex === callee!.startIndex) out.push(call);
  }
  return out;
}

/**
 * Where the factory made by `ctor` is used: the constructor itself, the local it is bound to,
 * the struct field it is stored in (read anywhere in the file), and the calls of a same-file
 * function that returns it (and their locals).
 */
function factoryUses(ctor: Node): Node[] {
  const out = boundUses(ctor);
  const field = storedField(ctor);
  if (field) out.push(...fieldUses(ctor.tree.rootNode, field));
  for (const call of callersOfReturning(ctor)) out.push(...boundUses(call));
  // Handed to a function of the file: its parameter's uses there.
  for (const use of [...out]) out.push(...parameterUses(use));
  return out;
}

/**
 * `setup(f)` with `setup` a function of the file called from this one place: the uses of the
 * parameter `f` is bound to in it. A function called from several places may get other factories.
 */
function parameterUses(arg: Node): Node[] {
  const list = arg.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  const callee = call?.childForFieldName('function');
  if (callee?.type !== 'identifier') return [];
  const index = list!.namedChildren.findIndex((a) => a?.startIndex === arg.startIndex);
  const root = arg.tree.rootNode;
  const decls = root.namedChildren.filter((d) => d?.type === 'function_declaration' && d.childForFieldName('name')?.text === callee.text);
  const calls = [...root.text.matchAll(wordsRegExp([callee.text]))].filter((m) => {
    const tok = tokenAt(root, root.startIndex + m.index!, root.startIndex + m.index! + callee.text.length);
    return tok?.parent?.type === 'call_expression' && tok.parent.childForFieldName('function')?.startIndex === tok.startIndex;
  });
  if (decls.length !== 1 || calls.length !== 1) return [];
  const fn = decls[0]!;
  // One slot per parameter; an unnamed or variadic one is a slot that cannot be followed.
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => {
    const names = p?.type === 'parameter_declaration' ? p.childrenForFieldName('name') : [];
    return names.length ? names.map((n) => n?.text ?? '…') : ['…'];
  });
  const name = params[index];
  if (!name || name === '…' || name === '_') return [];
  return identifiersNamed(fn, name).filter((id) => findBinding(id)?.isParameter && findBinding(id)?.fn.startIndex === fn.startIndex);
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

/** The groups of the built-in resources a GVR may name; another group's resource of the same name is not it (metrics.k8s.io's pods). */
const BUILT_IN_GROUPS: Record<string, readonly string[]> = { leases: ['coordination.k8s.io'], endpointslices: ['discovery.k8s.io'], events: ['', 'events.k8s.io'] };

/** A package-level `var name = value` of the file. */
function packageVar(root: Node, name: string): Node | undefined {
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'var_declaration') continue;
    for (const spec of decl.descendantsOfType('var_spec')) {
      const names = spec?.childrenForFieldName('name') ?? [];
      const values = spec?.childForFieldName('value')?.namedChildren ?? [];
      const i = names.findIndex((n) => n?.text === name);
      if (i >= 0 && values.length === names.length) return values[i] ?? undefined;
    }
  }
  return undefined;
}

/**
 * The resource a GVR expression names: `schema.GroupVersionResource{Group: "", Version: "v1",
 * Resource: "pods"}` (inline, a local or a package variable) or `corev1.SchemeGroupVersion.WithResource("pods")`.
 * A resource of another group than the built-in one reads `name.group`.
 */
function gvrResource(arg: Node, imports: ImportTable): string | undefined {
  let e = unwrap(arg);
  if (e.type === 'identifier') {
    const b = findBinding(e);
    const v = b ? (b.isParameter ? undefined : b.value) : packageVar(e.tree.rootNode, e.text);
    if (!v) return undefined;
    e = unwrap(v);
  }
  let group: string | undefined;
  let resource: string | undefined;
  if (e.type === 'call_expression') {
    const path = selectorPath(e.childForFieldName('function')!);
    if (path?.length !== 3 || path[1] !== 'SchemeGroupVersion' || path[2] !== 'WithResource' || imports.byName.get(path[0]) !== CORE_V1_PATH) return undefined;
    const args = callArgs(e);
    resource = args.length === 1 ? stringValue(unwrap(args[0])) : undefined;
    group = '';
  } else if (e.type === 'composite_literal' && /GroupVersionResource$/.test(e.childForFieldName('type')?.text ?? '')) {
    group = '';
    for (const el of e.childForFieldName('body')?.namedChildren ?? []) {
      if (el?.type !== 'keyed_element') continue;
      const v = el.namedChild(1);
      const value = v && (v.type === 'literal_element' && v.namedChildCount === 1 ? v.namedChild(0)! : v);
      const key = el.namedChild(0)?.text;
      if (key === 'Group') group = value ? stringValue(value) : undefined;
      if (key === 'Resource') resource = value ? stringValue(value) : undefined;
    }
  }
  if (!resource || group === undefined) return undefined;
  return (BUILT_IN_GROUPS[resource] ?? ['']).includes(group) ? resource : `${resource}.${group}`;
}

/** `f.ForResource(gvr)` on a dynamic factory expression `f`. */
function forResourceOf(factory: Node, imports: ImportTable): { call: Node; resource: string } | undefined {
  const sel = factory.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.startIndex !== factory.startIndex || sel.childForFieldName('field')?.text !== 'ForResource') return undefined;
  const call = sel.parent;
  const args = call?.type === 'call_expression' ? callArgs(call) : [];
  const resource = args.length === 1 ? gvrResource(args[0], imports) : undefined;
  return resource ? { call: call!, resource } : undefined;
}

/** What a dynamic factory's informers ask for: `NewFilteredDynamicSharedInformerFactory(dc, resync, ns, tweak)`. */
function dynamicSelection(ctor: Node, name: string): Selection {
  const args = callArgs(ctor);
  if (name === 'NewDynamicSharedInformerFactory') return args.length === 2 ? { namespaced: false, field: 'none', label: false } : 'unknown';
  if (args.length !== 4) return 'unknown';
  const tweak = tweakSelection(args[3]);
  return tweak === 'unknown' ? 'unknown' : { namespaced: !isNamespaceAll(unwrap(args[2])), field: 'none', label: false, ...tweak };
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
  const dynamic = packageCall(call, imports, PKG.dynamicInformer);
  if (dynamic && (DYNAMIC_FACTORY_CONSTRUCTORS as readonly string[]).includes(dynamic)) {
    const out: InformerFact[] = [];
    for (const use of factoryUses(call)) {
      const acc = forResourceOf(use, imports);
      if (!acc) continue;
      const selection = dynamicSelection(call, dynamic);
      out.push({ node: acc.call, how: 'factory', dynamic: true, resource: acc.resource, scope: scopeOf(selection, acc.resource), selection, source: call, client: callArgs(call)[0] });
    }
    return out;
  }
  if (packageCall(call, imports, PKG.goCache) === LIST_WATCH_CONSTRUCTOR) {
    const fact = listWatchFact(call, imports);
    return fact ? [fact] : [];
  }
  return [];
}
