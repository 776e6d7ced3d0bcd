// Which namespace expression is in scope for the owner of a read: the object whose children
// a LIST's selector picks out. Owner references cannot cross namespaces, so the children of
// a namespaced owner all live in its namespace. Three owners are recognised, each only with
// evidence that it is namespaced (unknown is silent):
// - `req` of a controller-runtime Request (`req.Name` in the selector): `req.Namespace`;
// - an object, parameter or local (`owner.Spec.Selector`, `owner.Name` in the selector):
//   `owner.Namespace`, or `owner.GetNamespace()` for an interface;
// - a namespace parameter of a function whose selector comes from its other parameters.
import type { Node } from 'web-tree-sitter';
import { pluralKind } from './calls/controllerRuntime';
import { typeName } from './calls/literal';
import type { ImportTable } from './imports';
import { kindScope, type KindScope } from './kindScope';
import { findBinding, type Binding } from './locals';
import { callArgs, FUNCTION_TYPES, identifiersNamed, isAncestor, selectorPath, tokenAt, unwrap } from './syntax';

export interface OwnerNamespace {
  /** The owner's namespace as a Go expression bound at the read: `req.Namespace`, `owner.Namespace`, `namespace`. */
  expr: string;
  /** The owner as the message names it: `req`, `owner`, or the namespace parameter. */
  owner: string;
  /** The owner's kind when its type shows it (`Deployment`), to stay silent on a list of its peers. */
  kind?: string;
}

const OBJECT_FIELDS = new Set(['Spec', 'Status', 'ObjectMeta', 'Name', 'GetName', 'Labels', 'GetLabels', 'UID', 'GetUID']);
const REQUEST_PATHS = ['sigs.k8s.io/controller-runtime', 'sigs.k8s.io/controller-runtime/pkg/reconcile'];
// Named for the namespace of the objects the function handles (not `operatorNamespace`...).
const NAMESPACE_PARAM = /^(ns|namespace|namespaceName)$/;

interface Root {
  id: Node;
  binding: Binding;
  /** The selector path read from it (`owner.Spec.Selector` -> Spec.Selector). */
  path: string[];
}

/** Identifiers (params and locals without a single value) the selector expressions derive from, through local values. */
function rootsOf(exprs: Node[]): Root[] {
  const out: Root[] = [];
  const seen = new Set<number>();
  const visit = (e: Node, depth: number) => {
    const ids = e.type === 'identifier' ? [e] : e.descendantsOfType('identifier').filter((x): x is Node => !!x);
    for (const id of ids) {
      const b = findBinding(id);
      if (!b) continue;
      if (b.isParameter || (!b.value && !b.result)) {
        out.push({ id, binding: b, path: pathFrom(id) });
        continue;
      }
      // `so := h.ScaledObject`: the local may be the owner, or lead to it.
      out.push({ id, binding: b, path: pathFrom(id) });
      const key = b.decl.startIndex * 31 + b.name.length;
      if (seen.has(key)) continue;
      seen.add(key);
      if (depth < 4 && b.value) visit(b.value, depth + 1);
      else if (depth < 4 && b.result) for (const a of callArgs(b.result.call)) visit(a, depth + 1);
      // A local also filled in later (`sel := labels.Set{}; sel["x"] = owner.Name`) is not followed.
    }
  };
  for (const e of exprs) visit(e, 0);
  return out;
}

/** `owner.Spec.Selector` read from identifier `owner` -> ['Spec', 'Selector']. */
function pathFrom(id: Node): string[] {
  let top = id;
  while (top.parent?.type === 'selector_expression' && top.parent.childForFieldName('operand')?.startIndex === top.startIndex) top = top.parent;
  return selectorPath(top)?.slice(1) ?? [];
}

/** The named type of a binding, pointer stripped: `*appsv1.Deployment` -> { pkg: 'appsv1', name: 'Deployment' }. */
function declaredType(b: Binding): { pkg?: string; name: string } | undefined {
  let t = b.type;
  if (!t && b.value) {
    const v = unwrap(b.value);
    const lit = v.type === 'unary_expression' && v.child(0)?.type === '&' ? v.namedChild(0) : v;
    if (lit?.type === 'composite_literal') t = lit.childForFieldName('type') ?? undefined;
  }
  while (t?.type === 'pointer_type' && t.namedChild(0)) t = t.namedChild(0)!;
  if (!t) return undefined;
  if (t.type === 'qualified_type') return { pkg: t.childForFieldName('package')?.text, name: t.childForFieldName('name')?.text ?? '' };
  const name = typeName(t);
  return name ? { name } : undefined;
}

/** The outermost function around `node` (a closure's namespace uses are its declaration's). */
function outerFunction(node: Node): Node | undefined {
  let fn: Node | undefined;
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) fn = p;
  return fn;
}

/**
 * Whether `fn` uses `expr` as a namespace: `InNamespace(x)`, `Namespace(x)`, `Pods(x)`,
 * `ByNamespace(x)`, `SetNamespace(x)`, `Namespace: x` in a literal, `o.Namespace = x`.
 */
function usedAsNamespace(fn: Node, expr: string, root: string): boolean {
  for (const id of identifiersNamed(fn, root)) {
    let e: Node = id;
    while (e.parent && e.parent.type !== 'argument_list' && e.parent.type !== 'keyed_element' && e.parent.type !== 'literal_element' && e.parent.type !== 'expression_list' && e.text !== expr) e = e.parent;
    if (e.text !== expr) continue;
    // A keyed element's key and value are each wrapped in a literal_element.
    const p = e.parent?.type === 'literal_element' ? e.parent.parent : e.parent;
    if (p?.type === 'argument_list' && p.namedChildCount === 1) {
      const callee = p.parent?.childForFieldName('function');
      const name = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : selectorPath(callee ?? e)?.at(-1);
      if (name && (/^(InNamespace|Namespace|ByNamespace|SetNamespace)$/.test(name) || /^[A-Z]\w*s$/.test(name))) return true;
    }
    if (p?.type === 'keyed_element' && p.namedChild(0)?.text === 'Namespace' && p.namedChild(1) && isAncestor(p.namedChild(1)!, e)) return true;
    const stmt = p?.type === 'expression_list' ? p.parent : undefined;
    if (stmt?.type === 'assignment_statement' && stmt.childForFieldName('right')?.startIndex === p!.startIndex && /\.Namespace$/.test(stmt.childForFieldName('left')?.text ?? '')) return true;
  }
  return false;
}

type TypeRef = { pkg?: string; name: string };

/** Types that hold objects of any kind: reading their namespace says nothing about a kind. */
const ANY_KIND = new Set(['Object', 'ObjectMetaAccessor', 'Unstructured', 'PartialObjectMetadata', 'RawExtension']);

// `x.Namespace`, `x.ObjectMeta.Namespace`, `x.GetNamespace()` (not the dynamic client's `.Namespace(ns)`).
const NAMESPACE_READ = /([A-Za-z_][A-Za-z0-9_]*)\.(?:ObjectMeta\.)?(?:Namespace(?![A-Za-z0-9_(])|GetNamespace\(\))/g;
// `x.Spec.NamespaceSelector`, `x.Spec.Foo.NamespaceSelector`: the kind selects namespaces.
const NAMESPACE_SELECTOR_READ = /([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*\.(?:Get)?NamespaceSelector\b/g;
const typesCache = new WeakMap<object, Map<RegExp, Set<string>>>();

/**
 * The concrete types (`pkg.Name`) of the variables whose field `pattern` reads in the file.
 * A namespace read: a cluster-scoped object's namespace is always empty, so code that reads
 * one treats its kind as namespaced. A NamespaceSelector read: the kind selects namespaces.
 */
function typesReading(root: Node, pattern: RegExp): Set<string> {
  let perTree = typesCache.get(root.tree);
  if (!perTree) typesCache.set(root.tree, (perTree = new Map()));
  const cached = perTree.get(pattern);
  if (cached) return cached;
  const out = new Set<string>();
  for (const m of root.text.matchAll(pattern)) {
    const id = tokenAt(root, m.index!, m.index! + m[1].length);
    if (id?.type !== 'identifier' || id.parent?.type !== 'selector_expression') continue;
    const b = findBinding(id);
    const t = b && declaredType(b);
    if (t && !ANY_KIND.has(t.name) && t.name !== 'Request') out.add(typeKey(t));
  }
  perTree.set(pattern, out);
  return out;
}

const typeKey = (t: TypeRef) => `${t.pkg ?? ''}.${t.name}`;

/** The kind selects objects in other namespaces too (the file reads a NamespaceSelector of it). */
function selectsNamespaces(t: TypeRef | undefined, root: Node): boolean {
  return !!t && typesReading(root, NAMESPACE_SELECTOR_READ).has(typeKey(t));
}

/** The scope of the object type `t`: built-in kinds by the table; another kind is namespaced when the file reads its namespace. */
function typeScope(t: TypeRef | undefined, imports: ImportTable, root: Node): KindScope {
  if (!t || ANY_KIND.has(t.name)) return 'unknown';
  const path = t.pkg ? imports.byName.get(t.pkg) : undefined;
  if (path?.startsWith('k8s.io/api/')) return kindScope(pluralKind(t.name));
  return typesReading(root, NAMESPACE_READ).has(typeKey(t)) ? 'namespaced' : 'unknown';
}

function isRequest(b: Binding, imports: ImportTable): boolean {
  const t = declaredType(b);
  return t?.name === 'Request' && REQUEST_PATHS.includes(imports.byName.get(t.pkg ?? '') ?? '');
}

/**
 * The object `r.Get(ctx, req.NamespacedName, &obj)` fetches in `fn`: the owner a Request names.
 * Undefined when there is none or several.
 */
function fetchedByRequest(fn: Node, req: string, imports: ImportTable): Binding[] {
  const out: Binding[] = [];
  for (const id of identifiersNamed(fn, req)) {
    const r = findBinding(id);
    if (!r || !isRequest(r, imports)) continue;
    const sel = id.parent;
    if (sel?.type !== 'selector_expression' || sel.childForFieldName('field')?.text !== 'NamespacedName') continue;
    const args = sel.parent?.type === 'argument_list' ? sel.parent : undefined;
    const call = args?.parent;
    const m = call?.childForFieldName('function');
    if (m?.type !== 'selector_expression' || m.childForFieldName('field')?.text !== 'Get') continue;
    const a = callArgs(call!);
    const obj = a[2] ? unwrap(a[2]) : undefined;
    const target = obj?.type === 'unary_expression' ? obj.namedChild(0) : obj;
    const b = target?.type === 'identifier' ? findBinding(target) : undefined;
    if (b) out.push(b);
  }
  return out;
}

/**
 * The owner whose namespace the read at `read` could take, from the expressions that select
 * its objects; undefined when there is none, or it is cluster-scoped, or nothing shows its
 * scope, or a selector already contains its namespace (a key across namespaces).
 */
export function ownerNamespace(read: Node, selectors: Node[], imports: ImportTable): OwnerNamespace | undefined {
  const fn = outerFunction(read);
  if (!fn || selectors.length === 0) return undefined;
  // An owner that selects namespaces too (`NamespaceSelector`) selects across them.
  if (/NamespaceSelector|AllNamespaces/.test(fn.text)) return undefined;
  // The evidence is read in this function only: the editor analyses an edited function in a
  // window without the file's unrelated functions (windowed.ts), and must find what the
  // whole file would.
  const root = fn;
  const roots = rootsOf(selectors);
  // A selector built from the owner's namespace (`ns + "/" + name`, `req.NamespacedName.String()`)
  // is a key that already tells namespaces apart: a read across namespaces is then deliberate.
  const readsNamespace = (name: string) =>
    roots.some((r) => r.id.text === name && (r.path.length === 0 || /^(Namespace|GetNamespace|ObjectMeta\.Namespace|NamespacedName(?!\.Name$))/.test(r.path.join('.'))));
  let found: OwnerNamespace | undefined;
  for (const r of roots) {
    const name = r.id.text;
    if (isRequest(r.binding, imports)) {
      if (r.path[0] !== 'Name' && r.path.join('.') !== 'NamespacedName.Name') continue;
      if (readsNamespace(name)) return undefined;
      const expr = `${name}.Namespace`;
      // The object the request names: fetched here, or else by the file's other requests.
      const here = fetchedByRequest(fn, name, imports);
      const fetched = (here.length ? here : fetchedByRequest(root, name, imports)).map((b) => declaredType(b));
      const scopes = fetched.map((t) => typeScope(t, imports, root));
      if (scopes.includes('cluster') || fetched.some((t) => selectsNamespaces(t, root))) return undefined;
      const namespaced = here.length ? scopes.includes('namespaced') : scopes.length > 0 && scopes.every((x) => x === 'namespaced');
      if (!namespaced && !usedAsNamespace(fn, expr, name)) continue;
      found ??= { expr, owner: name, kind: fetched.length === 1 ? fetched[0]?.name : undefined };
      continue;
    }
    // An object's own fields (`Spec`, `Name`, `Labels`...), not an options struct's `LabelSelector`.
    if (!OBJECT_FIELDS.has(r.path[0] ?? '')) continue;
    const t = declaredType(r.binding) ?? { name: '' };
    if (t.name === 'Request') continue;
    const iface = (t.name === 'Object' || t.name === 'ObjectMetaAccessor') && !!t.pkg;
    const candidates = iface ? [`${name}.GetNamespace()`] : [`${name}.Namespace`, `${name}.GetNamespace()`, `${name}.ObjectMeta.Namespace`];
    const scope = typeScope(t, imports, root);
    if (scope === 'cluster' || selectsNamespaces(t, root)) return undefined;
    if (readsNamespace(name)) return undefined;
    const used = candidates.find((c) => usedAsNamespace(fn, c, name));
    if (scope !== 'namespaced' && !used) continue;
    found ??= { expr: used ?? candidates[0], owner: name, kind: iface ? undefined : t.name };
  }
  if (found) return found;
  // A namespace parameter, with the selector from the caller (another parameter).
  const params = fn.childForFieldName('parameters');
  if (!params || !roots.some((r) => r.binding.isParameter && r.binding.decl.parent?.startIndex === params.startIndex && !NAMESPACE_PARAM.test(r.id.text))) return undefined;
  const nsParams: string[] = [];
  for (const p of params.namedChildren) {
    if (p?.type !== 'parameter_declaration' || p.childForFieldName('type')?.text !== 'string') continue;
    for (const n of p.childrenForFieldName('name')) if (n && NAMESPACE_PARAM.test(n.text)) nsParams.push(n.text);
  }
  if (nsParams.length !== 1 || readsNamespace(nsParams[0])) return undefined;
  return { expr: nsParams[0], owner: nsParams[0] };
}
