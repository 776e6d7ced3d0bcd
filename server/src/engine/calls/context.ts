// What the call recognisers need to know about the whole file before they look at one call:
// which local names the relevant packages have, which struct fields and variables hold
// which kind of controller-runtime reader, and how the file configures the manager's cache.
// Tree-sitter sees one file: anything configured in another file is invisible here.
import type { Node } from 'web-tree-sitter';
import type { ParameterOptions } from '../summary';
import { namesFor, PKG, type ImportTable } from '../imports';
import { callArgs, selectorPath, unwrap } from '../syntax';

/**
 * Which controller-runtime reader a receiver is:
 * - `manager-client`: the manager's default client (reads from its informer cache);
 * - `api-reader`: `mgr.GetAPIReader()` (reads from the apiserver);
 * - `new-client`: a `client.New(...)` client with no cache (reads from the apiserver);
 * - `unknown`: anything we cannot tell (a parameter, a field of an unseen struct).
 */
export type ReaderKind = 'manager-client' | 'api-reader' | 'new-client' | 'unknown';

export interface PackageNames {
  crClient: Set<string>;
  crRoot: Set<string>;
  crCache: Set<string>;
  crManager: Set<string>;
  goCache: Set<string>;
  pager: Set<string>;
  labels: Set<string>;
  unstructured: Set<string>;
}

/** Restrictions of the manager's cache written in this file (`cache.Options{...}`, `client.CacheOptions{...}`). */
export interface CacheConfig {
  /** DefaultNamespaces, Default{Label,Field}Selector, the old Namespace/Namespaces options, MultiNamespacedCacheBuilder. */
  restrictsAll?: Node | 'module';
  /** Kinds (`Pod`) given a Namespaces/Label/Field restriction in ByObject (or the old SelectorsByObject). */
  restrictedKinds: Map<string, Node | 'module'>;
  /** Kinds the client reads uncached (`client.CacheOptions{DisableFor: ...}`). */
  uncachedKinds: Set<string>;
  /** `client.CacheOptions{Unstructured: true}`: unstructured objects are cached too. */
  cacheUnstructured: boolean;
}

export interface ShapeContext {
  imports: ImportTable;
  metaNames: Set<string>;
  names: PackageNames;
  /** Struct field or package variable name -> the reader assigned to it in this file. */
  readerFields: Map<string, ReaderKind>;
  /** Top-level struct types by name. */
  structs: Map<string, Node>;
  cache: CacheConfig;
  /** Top-level functions by name (helpers that build options, callers of parameters). */
  functions: Map<string, Node>;
  /** What callers in other files pass to this file's options parameters (the program). */
  parameterOptions?: readonly ParameterOptions[];
  /** Each field or package variable a read goes through, with the reader it was taken for (FileSummary.fieldReads). */
  fieldReads?: Map<string, ReaderKind | 'mixed'>;
}

export function packageNames(imports: ImportTable): PackageNames {
  return {
    crClient: namesFor(imports, PKG.crClient),
    crRoot: namesFor(imports, PKG.crRoot),
    crCache: namesFor(imports, PKG.crCache),
    crManager: namesFor(imports, PKG.crManager),
    goCache: namesFor(imports, PKG.goCache),
    pager: namesFor(imports, PKG.pager),
    labels: namesFor(imports, PKG.labels),
    unstructured: namesFor(imports, PKG.unstructured),
  };
}

/** `pkg.Name` where `pkg` is one of `names`; returns Name. */
export function qualifiedName(node: Node | null | undefined, names: Set<string>): string | undefined {
  if (!node) return undefined;
  if (node.type === 'qualified_type') {
    const pkg = node.childForFieldName('package')?.text;
    return pkg && names.has(pkg) ? node.childForFieldName('name')?.text : undefined;
  }
  const path = selectorPath(node);
  if (path?.length === 2 && names.has(path[0])) return path[1];
  return undefined;
}

/** The reader a call expression produces: `mgr.GetAPIReader()`, `mgr.GetClient()`, `client.New(...)`. */
export function readerOfCall(call: Node, names: PackageNames): ReaderKind | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'selector_expression') return undefined;
  const method = fn.childForFieldName('field')?.text;
  if (method === 'GetAPIReader' && callArgs(call).length === 0) return 'api-reader';
  if (method === 'GetClient' && callArgs(call).length === 0) return 'manager-client';
  if (qualifiedName(fn, names.crClient) === 'New') return newClientReads(call, names);
  return undefined;
}

/** `client.New(cfg, client.Options{Cache: &client.CacheOptions{Reader: ...}})` reads through that cache. */
function newClientReads(call: Node, names: PackageNames): ReaderKind {
  const opts = callArgs(call)[1];
  if (!opts) return 'new-client';
  const lit = unwrap(opts);
  if (lit.type !== 'composite_literal') return 'unknown';
  const hasCache = (lit.childForFieldName('body')?.namedChildren ?? []).some((el) => el?.type === 'keyed_element' && el.namedChild(0)?.text === 'Cache');
  return hasCache ? 'unknown' : 'new-client';
}

/**
 * Where a reader-producing call stores its value: the field of `X: mgr.GetAPIReader()` in a
 * composite literal, or of `r.F = ...`, or a package-level `var F = ...`.
 */
export function storedInField(call: Node): string | undefined {
  let p = call.parent;
  if (p?.type === 'literal_element') p = p.parent;
  if (p?.type === 'keyed_element') return p.namedChild(0)?.text;
  if (p?.type === 'expression_list') p = p.parent;
  if (p?.type === 'assignment_statement') {
    const left = p.childForFieldName('left');
    const lhs = left?.type === 'expression_list' ? left.namedChild(0) : left;
    if (lhs?.type === 'selector_expression') return lhs.childForFieldName('field')?.text;
  }
  if (p?.type === 'var_spec' && p.parent?.parent?.type === 'source_file') return p.childForFieldName('name')?.text;
  return undefined;
}

/** Top-level `type X struct {...}` and `func X(...)` declarations. */
export function topLevel(root: Node): { structs: Map<string, Node>; functions: Map<string, Node> } {
  const structs = new Map<string, Node>();
  const functions = new Map<string, Node>();
  for (const decl of root.namedChildren) {
    if (!decl) continue;
    if (decl.type === 'function_declaration') {
      const name = decl.childForFieldName('name')?.text;
      if (name) functions.set(name, decl);
    } else if (decl.type === 'type_declaration') {
      for (const spec of decl.namedChildren) {
        if (spec?.type !== 'type_spec') continue;
        const t = spec.childForFieldName('type');
        const name = spec.childForFieldName('name')?.text;
        if (name && t?.type === 'struct_type') structs.set(name, t);
      }
    }
  }
  return { structs, functions };
}
