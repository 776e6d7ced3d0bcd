// Listers and indexers read the informer's local store: no API call, never KLL001/KLL002,
// but O(objects in the store) per call, which matters in loops (KLL201). Recognised
// conservatively: a labels.Selector argument, or a receiver named, typed or built as a
// lister/indexer. `x.List(sel)` on a receiver of unknown type with an unknown argument is
// not claimed (docs/call-shapes.md).
import type { Node } from 'web-tree-sitter';
import type { ApiCall, NamespaceScope, Verb } from '../calls';
import { findBinding } from '../locals';
import { callArgs, selectorPath, stringValue, unwrap } from '../syntax';
import { qualifiedName, type ShapeContext } from './context';
import { pluralKind } from './controllerRuntime';
import { typeName } from './literal';

export type SelectorFact =
  /** labels.Everything(): every object in the store (or namespace). */
  | { kind: 'everything'; node: Node }
  /** A selector built from labels (SelectorFromSet, Set{}.AsSelector(), Parse...). */
  | { kind: 'labels'; node: Node }
  | { kind: 'unknown'; node: Node };

export interface LocalReadFacts {
  /** The method or function: List, Get, ByIndex, GetByKey, ListKeys, ListAll, ListAllByNamespace. */
  method: string;
  selector?: SelectorFact;
  /** ByIndex's index name argument. */
  indexName?: Node;
}

const SELECTOR_BUILDERS = new Set(['Everything', 'SelectorFromSet', 'SelectorFromValidatedSet', 'NewSelector', 'Parse']);
const SELECTOR_PRODUCERS = /(LabelSelectorAsSelector|SelectorFromSet|AsSelector|AsSelectorPreValidated|labels\.Parse)$/;

/** Classifies a labels.Selector expression; undefined when it is not visibly one. */
export function selectorOf(arg: Node, ctx: ShapeContext): SelectorFact | undefined {
  const u = unwrap(arg);
  if (u.type === 'call_expression') {
    const fn = u.childForFieldName('function');
    const name = qualifiedName(fn, ctx.names.labels);
    if (name === 'Everything') return { kind: 'everything', node: u };
    if (name && SELECTOR_BUILDERS.has(name)) return { kind: 'labels', node: u };
    const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
    if (method === 'AsSelector' || method === 'AsSelectorPreValidated') return { kind: 'labels', node: u };
    return undefined;
  }
  if (u.type !== 'identifier') return undefined;
  const b = findBinding(u);
  if (!b) return undefined;
  if (qualifiedName(b.type, ctx.names.labels) === 'Selector') return { kind: 'unknown', node: u };
  if (b.value) {
    const inner = selectorOf(b.value, ctx);
    return inner ? { ...inner, node: u } : undefined;
  }
  // `sel, err := metav1.LabelSelectorAsSelector(ls)`: two results, so no single bound value.
  const fn = b.result?.index === 0 ? b.result.call.childForFieldName('function') : undefined;
  if (fn && SELECTOR_PRODUCERS.test(fn.text)) return { kind: 'labels', node: u };
  return undefined;
}

/** Name of a receiver as written: `podLister` for `c.podLister` or `podLister`. */
function receiverName(n: Node): string | undefined {
  const p = selectorPath(n);
  return p?.[p.length - 1];
}

/** `X.Lister()`, `X.GetIndexer()`... directly or through one local binding. */
function producedBy(n: Node, methods: string[]): Node | undefined {
  let u = unwrap(n);
  if (u.type === 'identifier') {
    const b = findBinding(u);
    if (!b?.value || b.isParameter) return undefined;
    u = unwrap(b.value);
  }
  if (u.type !== 'call_expression' || callArgs(u).length !== 0) return undefined;
  const fn = u.childForFieldName('function');
  const m = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  return m && methods.includes(m) ? u : undefined;
}

function declaredType(n: Node): Node | undefined {
  const u = unwrap(n);
  return u.type === 'identifier' ? findBinding(u)?.type : undefined;
}

/** `Pods` for `factory.Core().V1().Pods().Lister()`, `podLister`, or a `corelisters.PodLister` parameter. */
function listerResource(n: Node): string | undefined | false {
  const made = producedBy(n, ['Lister']);
  if (made) {
    const fn = made.childForFieldName('function');
    const inner = fn?.childForFieldName('operand');
    const res = inner && unwrap(inner).type === 'call_expression' ? unwrap(inner).childForFieldName('function')?.childForFieldName('field')?.text : undefined;
    return res && /^[A-Z]/.test(res) ? res : undefined;
  }
  const t = typeName(declaredType(n));
  if (t && /Lister$/.test(t)) return pluralKind(t.replace(/Lister$/, '')) || undefined;
  const name = receiverName(n);
  if (!name || !/lister$/i.test(name)) return false;
  const base = name.replace(/s?Lister$/i, '');
  return base ? pluralKind(base[0].toUpperCase() + base.slice(1)) : undefined;
}

function isIndexerish(n: Node, ctx: ShapeContext): boolean {
  if (producedBy(n, ['GetIndexer', 'GetStore'])) return true;
  const t = qualifiedName(declaredType(n), ctx.names.goCache);
  if (t === 'Indexer' || t === 'Store') return true;
  return /(indexer|store)$/i.test(receiverName(n) ?? '');
}

/** Lister and indexer methods: `lister.List(sel)`, `lister.Pods(ns).Get(name)`, `indexer.ByIndex(i, v)`... */
export function recogniseLocalRead(call: Node, method: string, operand: Node, ctx: ShapeContext): ApiCall | undefined {
  const args = callArgs(call);
  // Namespaced lister: lister.Pods(ns).List(sel)
  let namespace: NamespaceScope = { kind: 'all' };
  let resource: string | undefined;
  let lister: boolean;
  const u = unwrap(operand);
  const nsCall = u.type === 'call_expression' ? u : undefined;
  const nsFn = nsCall?.childForFieldName('function');
  if (nsCall && nsFn?.type === 'selector_expression' && callArgs(nsCall).length === 1 && /^[A-Z]/.test(nsFn.childForFieldName('field')?.text ?? '')) {
    const base = nsFn.childForFieldName('operand')!;
    lister = listerResource(base) !== false;
    resource = nsFn.childForFieldName('field')!.text;
    const ns = callArgs(nsCall)[0];
    const s = stringValue(ns);
    namespace = s === '' || selectorPath(ns)?.at(-1) === 'NamespaceAll' ? { kind: 'all', node: ns } : { kind: 'namespaced', node: ns, value: s };
  } else {
    const r = listerResource(operand);
    lister = r !== false;
    if (r) resource = r;
  }

  const base = { node: call, path: 'lister' as const, namespace, resource, options: { kind: 'unknown' as const, reason: 'not-options' as const } };
  if ((method === 'List' || method === 'Get') && args.length === 1) {
    const selector = method === 'List' ? selectorOf(args[0], ctx) : undefined;
    if (!lister && !selector) return undefined;
    const verb: Verb = method === 'List' ? 'list' : 'get';
    return { ...base, verb, client: 'lister', localRead: { method, selector } };
  }
  if (nsCall) return undefined;
  const indexer = isIndexerish(operand, ctx);
  if (method === 'ByIndex' && args.length === 2) {
    return { ...base, namespace: { kind: 'unknown' }, verb: 'list', client: 'indexer', localRead: { method, indexName: args[0] } };
  }
  if (!indexer) return undefined;
  if ((method === 'List' || method === 'ListKeys') && args.length === 0) return { ...base, verb: 'list', client: 'indexer', localRead: { method } };
  if (method === 'GetByKey' && args.length === 1) return { ...base, namespace: { kind: 'unknown' }, verb: 'get', client: 'indexer', localRead: { method } };
  return undefined;
}

/** `cache.ListAll(store, sel, fn)` and `cache.ListAllByNamespace(indexer, ns, sel, fn)`. */
export function recogniseListAll(call: Node, ctx: ShapeContext): ApiCall | undefined {
  const name = qualifiedName(call.childForFieldName('function'), ctx.names.goCache);
  const args = callArgs(call);
  if (name === 'ListAll' && args.length === 3) {
    return {
      node: call, verb: 'list', client: 'indexer', path: 'lister', namespace: { kind: 'all' },
      options: { kind: 'unknown', reason: 'not-options' }, localRead: { method: name, selector: selectorOf(args[1], ctx) ?? { kind: 'unknown', node: args[1] } },
    };
  }
  if (name === 'ListAllByNamespace' && args.length === 4) {
    const s = stringValue(args[1]);
    return {
      node: call, verb: 'list', client: 'indexer', path: 'lister',
      namespace: s === '' ? { kind: 'all', node: args[1] } : { kind: 'namespaced', node: args[1], value: s },
      options: { kind: 'unknown', reason: 'not-options' }, localRead: { method: name, selector: selectorOf(args[2], ctx) ?? { kind: 'unknown', node: args[2] } },
    };
  }
  return undefined;
}
