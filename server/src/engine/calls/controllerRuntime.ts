// controller-runtime reads: `c.List(ctx, &list, opts...)` and `c.Get(ctx, key, &obj, opts...)`.
// Which reader `c` is decides everything: the manager's default client answers from its
// informer cache (no API call, but the first read of a kind starts a cluster-wide informer),
// while `mgr.GetAPIReader()`, `client.New(...)` clients and unstructured objects go to the
// apiserver (controller-runtime's client.shouldBypassCache).
import type { Node } from 'web-tree-sitter';
import type { ApiCall, CallPath, Verb } from '../calls';
import { METAV1_PATH, PKG } from '../imports';
import { findBinding } from '../locals';
import { callArgs, selectorPath, unwrap } from '../syntax';
import { qualifiedName, readerOfCall, type ReaderKind, type ShapeContext } from './context';
import { resolveCrOptions, type SpreadOptions } from './crOptions';
import { literalType, typeName } from './literal';

export interface ObjectType {
  /** Type name as written without pointer: `PodList`, `UnstructuredList`. */
  name: string;
  /** Import path of its package, when qualified by an imported package. */
  pkgPath?: string;
  node: Node;
}

export interface ControllerRuntimeFacts {
  reader: ReaderKind;
  /** The list or object argument's type, when visible. */
  objectType?: ObjectType;
  /** Kind read (`Pod` for `corev1.PodList`), when the type is visible. */
  kind?: string;
  /** `unstructured.Unstructured(List)`: bypasses the cache unless Cache.Unstructured is set. */
  unstructured: boolean;
  /** `metav1.PartialObjectMetadata(List)`: cached through a metadata-only informer. */
  metadataOnly: boolean;
  /** Options spread from a local slice of literal options (`opts...`), which `options` leaves unknown. */
  spread?: SpreadOptions;
}

/** Struct fields named like an uncached reader, when nothing in the file says otherwise. */
const UNCACHED_FIELD = /^(api|uncached|direct|live|noCache|nonCached)(Reader|Client)$/i;

/** True when the file imports controller-runtime: only then is `x.List(ctx, &l)` read as its client. */
export function usesControllerRuntime(ctx: Pick<ShapeContext, 'imports'>): boolean {
  for (const p of ctx.imports.byName.values()) if (p.startsWith(PKG.crRoot)) return true;
  return false;
}

/** The declared or constructed type of an object argument (`&list`, `&corev1.PodList{}`, `list` of `var list T`). */
export function objectTypeOf(arg: Node, ctx: ShapeContext): ObjectType | undefined {
  const u = unwrap(arg);
  let t: Node | undefined;
  if (u.type === 'composite_literal') t = literalType(u);
  else if (u.type === 'call_expression' && u.childForFieldName('function')?.text === 'new') t = callArgs(u)[0];
  else if (u.type === 'identifier') {
    const b = findBinding(u);
    if (b?.type) t = b.type;
    else if (b?.value) {
      const v = unwrap(b.value);
      if (v.type === 'composite_literal') t = literalType(v);
      else if (v.type === 'call_expression' && v.childForFieldName('function')?.text === 'new') t = callArgs(v)[0];
    }
  }
  if (!t) return undefined;
  while (t.type === 'pointer_type' && t.namedChild(0)) t = t.namedChild(0)!;
  const name = typeName(t) ?? selectorPath(t)?.at(-1);
  if (!name) return undefined;
  const qual = t.type === 'qualified_type' ? t.childForFieldName('package')?.text : selectorPath(t)?.length === 2 ? selectorPath(t)![0] : undefined;
  return { name, pkgPath: qual ? ctx.imports.byName.get(qual) : undefined, node: t };
}

/** Does the struct type embed `client.Client` (or have field `field` of that type)? */
function structHoldsClient(struct: Node, ctx: ShapeContext, field?: string): boolean {
  for (const fd of struct.descendantsOfType('field_declaration')) {
    if (!fd) continue;
    const names = fd.childrenForFieldName('name').map((n) => n?.text);
    const type = fd.childForFieldName('type');
    if (qualifiedName(type, ctx.names.crClient) !== 'Client') continue;
    // An embedded client.Client is also the field `Client` (`r.Client.List(...)`), as in Go.
    const embedded = names.length === 0;
    if (field === undefined ? embedded : names.includes(field) || (embedded && field === 'Client')) return true;
  }
  return false;
}

/** The struct a method receiver identifier points at, when declared in this file. */
function receiverStruct(ident: Node, ctx: ShapeContext): Node | undefined {
  const b = findBinding(ident);
  if (!b?.isParameter || b.decl.parent?.id !== b.fn.childForFieldName('receiver')?.id) return undefined;
  const name = typeName(b.type);
  return name ? ctx.structs.get(name) : undefined;
}

export function readerOf(operand: Node, ctx: ShapeContext): ReaderKind {
  const u = unwrap(operand);
  const name = u.type === 'selector_expression' ? u.childForFieldName('field')?.text : u.type === 'identifier' ? u.text : undefined;
  const kind = readerOfOperand(u, ctx);
  // Only a name the readers table could have answered: a bound local or a call never reads it.
  if (name && ctx.fieldReads && (u.type === 'selector_expression' || !findBinding(u))) {
    const was = ctx.fieldReads.get(name);
    ctx.fieldReads.set(name, was === undefined || was === kind ? kind : 'mixed');
  }
  return kind;
}

function readerOfOperand(u: Node, ctx: ShapeContext): ReaderKind {
  if (u.type === 'call_expression') return readerOfCall(u, ctx.names) ?? 'unknown';
  if (u.type === 'identifier') {
    const b = findBinding(u);
    if (!b) return ctx.readerFields.get(u.text) ?? 'unknown';
    if (b.isParameter) {
      // `r.List(...)` on a reconciler that embeds client.Client (the kubebuilder layout).
      const s = receiverStruct(u, ctx);
      return s && structHoldsClient(s, ctx) ? 'manager-client' : 'unknown';
    }
    // `c, err := client.New(...)`: the client is the call's first result.
    const v = b.value ? unwrap(b.value) : b.result?.index === 0 ? b.result.call : undefined;
    return v?.type === 'call_expression' ? (readerOfCall(v, ctx.names) ?? 'unknown') : 'unknown';
  }
  if (u.type === 'selector_expression') {
    const field = u.childForFieldName('field')?.text ?? '';
    const assigned = ctx.readerFields.get(field);
    if (assigned) return assigned;
    if (UNCACHED_FIELD.test(field)) return 'api-reader';
    const base = u.childForFieldName('operand');
    const s = base && unwrap(base).type === 'identifier' ? receiverStruct(unwrap(base), ctx) : undefined;
    if (s) return structHoldsClient(s, ctx, field) ? 'manager-client' : 'unknown';
    // Struct not in this file: kubebuilder's `Client client.Client` field by its name.
    return field === 'Client' ? 'manager-client' : 'unknown';
  }
  return 'unknown';
}

const PLURAL_KEEP = new Set(['Endpoints']);

/** `Pod` -> `Pods`, `Ingress` -> `Ingresses`, `NetworkPolicy` -> `NetworkPolicies`. */
export function pluralKind(kind: string): string {
  if (PLURAL_KEEP.has(kind)) return kind;
  if (/[^aeiou]y$/.test(kind)) return kind.slice(0, -1) + 'ies';
  if (/(s|x|ch|sh)$/.test(kind)) return kind + 'es';
  return kind + 's';
}

/** Recognises a controller-runtime List/Get; undefined when the call does not have its shape. */
export function recogniseControllerRuntimeCall(call: Node, verb: Verb, operand: Node, ctx: ShapeContext): ApiCall | undefined {
  if (!usesControllerRuntime(ctx)) return undefined;
  const args = callArgs(call);
  const objIndex = verb === 'list' ? 1 : 2;
  if (args.length <= objIndex) return undefined;
  const objArg = args[objIndex];
  const objectType = objectTypeOf(objArg, ctx);
  // `metav1.GetOptions{}` / `metav1.ListOptions{}` where the object would be: a client-go
  // resource interface (`o.Client.Pods(ns).Get(ctx, name, metav1.GetOptions{})`), not an object.
  if (objectType?.pkgPath === METAV1_PATH && /Options$/.test(objectType.name)) return undefined;
  // Evidence of the shape: the object is passed by address, or its declared type is visible.
  const byAddress = objArg.type === 'unary_expression' && objArg.child(0)?.type === '&';
  if (!byAddress && !objectType) return undefined;
  // client-go's own options as an extra argument mean some other API.
  const extra = args.slice(objIndex + 1);
  if (extra.some((a) => a.type === 'composite_literal' && optionsOfMeta(a, ctx))) return undefined;

  const unstructured = objectType?.pkgPath === PKG.unstructured && objectType.name.startsWith('Unstructured');
  const metadataOnly = objectType?.pkgPath === METAV1_PATH && objectType.name.startsWith('PartialObjectMetadata');
  let kind: string | undefined;
  if (objectType && !unstructured && !metadataOnly) {
    kind = verb === 'list' ? objectType.name.replace(/List$/, '') : objectType.name;
    if (verb === 'list' && kind === objectType.name) kind = undefined;
  }
  const reader = readerOf(operand, ctx);
  let path: CallPath;
  if (reader === 'api-reader' || reader === 'new-client') path = 'api';
  else if (reader === 'manager-client') {
    const bypass = (unstructured && !ctx.cache.cacheUnstructured) || (kind !== undefined && ctx.cache.uncachedKinds.has(kind));
    path = bypass ? 'api' : 'informer-cache';
  } else path = 'unknown';

  const { options, namespace, spread } = resolveCrOptions(call, extra, verb, ctx);
  return {
    node: call,
    verb,
    client: 'controller-runtime',
    path,
    resource: kind ? pluralKind(kind) : undefined,
    namespace,
    optionsArg: extra[extra.length - 1],
    options,
    controllerRuntime: { reader, objectType, kind, unstructured, metadataOnly, spread },
  };
}

function optionsOfMeta(lit: Node, ctx: ShapeContext): boolean {
  const t = lit.childForFieldName('type');
  return t?.type === 'qualified_type' && ctx.metaNames.has(t.childForFieldName('package')?.text ?? '');
}
