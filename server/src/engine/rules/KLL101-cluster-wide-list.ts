import type { ApiCallFact, FileFacts } from '../facts';
import { pluralKind } from '../calls/controllerRuntime';
import { PKG, namesFor } from '../imports';
import { kindScope } from '../kindScope';
import { keepVisibleAt, namespaceKeeps, onlyThisNamespace, readsItemNamespace, type NamespaceKeep } from '../namespaceFilter';
import { ownerNamespace, type OwnerNamespace } from '../ownerNamespace';
import { itemsUse, type ItemsHolder, type ResultUse } from '../resultUse';
import type { Rule, RuleContext } from '../rule';
import { callArgs, unwrap } from '../syntax';
import type { TextEdit } from '../types';
import { clip } from '../findingData';
import { resourceLabel, singular } from './helpers';

/** How a read across all namespaces is written, where its items go, and how it takes a namespace. */
interface Form {
  holder: ItemsHolder;
  /** `LIST of pods`, `Lister List of pods`: the read as messages name it. */
  read: string;
  /** Edits that make the read take namespace `value`; undefined when there is no such edit. */
  namespaced(value: string): TextEdit[] | undefined;
  /** The expressions that select the read's objects (label and field selectors). */
  selectors: ApiCallFact['node'][];
  /** The read looks objects up in an index (a field index of the cache): not a scan. */
  indexed: boolean;
}

/** `Pods("")` -> `Pods(ns)`; `dyn.Resource(gvr).List` -> `dyn.Resource(gvr).Namespace(ns).List`. */
function clientGoEdits(call: ApiCallFact, value: string): TextEdit[] | undefined {
  if (call.namespace.kind !== 'all') return undefined;
  if (call.namespace.node) return [{ start: call.namespace.node.startIndex, end: call.namespace.node.endIndex, newText: value }];
  if (call.client !== 'dynamic') return undefined;
  const operand = call.node.childForFieldName('function')?.childForFieldName('operand');
  if (!operand || unwrap(operand).type !== 'call_expression') return undefined;
  return [{ start: operand.endIndex, end: operand.endIndex, newText: `.Namespace(${value})` }];
}

/** The selector expressions of the options; undefined when one is written in another file (no node to read). */
function optionSelectors(call: ApiCallFact): ApiCallFact['node'][] | undefined {
  if (call.options.kind !== 'resolved') return [];
  const out: ApiCallFact['node'][] = [];
  for (const key of ['LabelSelector', 'FieldSelector']) {
    const v = call.options.fields.get(key);
    if (!v || v.kind === 'unknown') continue;
    if (!v.node) return undefined;
    out.push(v.node);
  }
  return out;
}

function formOf(call: ApiCallFact, facts: FileFacts): Form | undefined {
  const what = resourceLabel(call);
  if (call.client === 'controller-runtime') {
    // Options we cannot read may hold the namespace.
    const spread = call.options.kind === 'resolved' ? undefined : call.controllerRuntime?.spread;
    if (call.options.kind !== 'resolved' && !spread) return undefined;
    if ((spread?.namespace ?? call.namespace).kind !== 'all') return undefined;
    const args = callArgs(call.node);
    const list = args[1];
    const q = [...namesFor(facts.imports, PKG.crClient)][0];
    const cached = call.path !== 'api';
    const selectors = spread ? spread.selectors : optionSelectors(call);
    if (!selectors) return undefined;
    return {
      holder: { kind: 'argument-items', arg: list },
      read: call.path === 'api' ? `LIST of ${what}` : call.path === 'informer-cache' ? `Cached List of ${what}` : `List of ${what}`,
      namespaced: (v) => (q && !spread ? [{ start: list.endIndex, end: list.endIndex, newText: `, ${q}.InNamespace(${v})` }] : undefined),
      selectors,
      // The cache answers a field selector from its field index (a reader we cannot place is likely the cache).
      indexed: cached && (spread ? spread.fieldSelector : call.options.kind === 'resolved' && call.options.fields.has('FieldSelector')),
    };
  }
  if (call.client === 'lister') {
    if (call.localRead?.method !== 'List' || call.namespace.kind !== 'all') return undefined;
    const operand = call.node.childForFieldName('function')?.childForFieldName('operand');
    const sel = call.localRead.selector;
    return {
      holder: { kind: 'result-slice' },
      read: `Lister List of ${what}`,
      namespaced: (v) => (operand && call.resource ? [{ start: operand.endIndex, end: operand.endIndex, newText: `.${call.resource}(${v})` }] : undefined),
      selectors: sel && sel.kind !== 'everything' ? [sel.node] : [],
      indexed: false,
    };
  }
  if (call.client === 'indexer') {
    // A store's List() walks every object; ByIndex on the namespace index is namespaced already.
    if (call.localRead?.method === 'List') return { holder: { kind: 'result-slice' }, read: `Store List of ${what}`, namespaced: () => undefined, selectors: [], indexed: false };
    const index = call.localRead?.indexName?.text ?? '';
    if (call.localRead?.method !== 'ByIndex' || /NamespaceIndex$|^"namespace"$/.test(index)) return undefined;
    return { holder: { kind: 'result-slice' }, read: `ByIndex over ${what}`, namespaced: () => undefined, selectors: [], indexed: true };
  }
  if (call.path !== 'api' || call.namespace.kind !== 'all') return undefined;
  const selectors = optionSelectors(call);
  if (!selectors) return undefined;
  return {
    holder: { kind: 'result-items' },
    read: `LIST of ${what}`,
    namespaced: (v) => clientGoEdits(call, v),
    selectors,
    indexed: false,
  };
}

function costDetail(call: ApiCallFact, form: Form): string {
  const one = singular(resourceLabel(call));
  if (call.path === 'lister' && form.indexed) return `The index holds the ${one} objects of every namespace under one key; a key with the namespace in it returns only the ones kept.`;
  if (call.path === 'lister' || call.path === 'informer-cache') return `Across all namespaces the cache scans every ${one} it holds; a namespaced read scans only that namespace's (its namespace index).`;
  if (call.path === 'unknown') return `A namespaced read asks for one namespace (an etcd key range, or a cache's namespace index) instead of every ${one}.`;
  return `A namespaced LIST reads one namespace (one etcd key range, or one slice of the watch cache) instead of every ${one} in the cluster.`;
}

function reportFilter(ctx: RuleContext, call: ApiCallFact, form: Form, use: ResultUse, keep: NamespaceKeep): void {
  const edits = form.namespaced(keep.value);
  const advice = edits ? '' : form.indexed ? ': key the index by namespace' : call.client === 'indexer' ? ': read the namespace index' : '';
  const message = advice
    ? `${form.read} across all namespaces, then keeps Namespace == ${clip(keep.value, 16)}${advice}`
    : `${form.read} across all namespaces, but the loop keeps only Namespace == ${clip(keep.value, 24)}`;
  ctx.report({
    node: call.node,
    related: [{ start: keep.cmp.startIndex, end: keep.cmp.endIndex, message: 'only this namespace is kept' }],
    message,
    data: { detail: costDetail(call, form) },
    fixes: edits ? [{ title: `List in namespace ${keep.value} only`, safe: onlyThisNamespace(use, ctx.facts.scope, keep.value), edits }] : [],
  });
}

function reportOwner(ctx: RuleContext, call: ApiCallFact, form: Form, owner: OwnerNamespace): void {
  const edits = form.namespaced(owner.expr);
  const ns = clip(owner.expr, 20);
  const message =
    owner.owner === owner.expr
      ? `${form.read} across all namespaces, though this function is given the namespace (${ns})`
      : `${form.read} across all namespaces; children of ${clip(owner.owner, 12)} live in ${ns}`;
  ctx.report({
    node: call.node,
    message,
    data: {
      detail:
        `The selector picks objects that belong to ${owner.owner}; owner references cannot cross namespaces, so they are in ${owner.expr}. ` +
        costDetail(call, form),
    },
    fixes: edits ? [{ title: `List in namespace ${owner.expr} only`, safe: false, edits }] : [],
  });
}

/** The listed kind is one Kubernetes serves namespaced (custom resources' scope is not visible). */
function namespacedKind(call: ApiCallFact): boolean {
  if (kindScope(call.resource) !== 'namespaced') return false;
  const cr = call.controllerRuntime;
  return !cr || !!cr.objectType?.pkgPath?.startsWith('k8s.io/api/');
}

export const rule: Rule = {
  meta: {
    id: 'KLL101',
    name: 'cluster-wide-list',
    defaultSeverity: 'warning',
    summary: "A read across all namespaces of objects that all live in one namespace (a namespace filter, or a namespaced owner's children).",
    fixes: 'mixed',
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.verb !== 'list' || kindScope(call.resource) === 'cluster') continue;
      const form = formOf(call, ctx.facts);
      if (!form) continue;
      const use = itemsUse(call.node, call.resource?.toLowerCase(), form.holder);
      // The first loop that keeps one namespace; a loop that keeps none (`for i := range list.Items`
      // counting) is another use, which makes the fix unsafe.
      let keep: NamespaceKeep | undefined;
      const keeping = use?.loops.find((l) => (keep = namespaceKeeps(l, ctx.facts.scope).find((k) => keepVisibleAt(k, call.node))));
      if (use && keep) {
        // Another loop that groups or excludes by namespace needs the items of every namespace.
        if (use.loops.some((l) => l !== keeping && readsItemNamespace(l, namespaceKeeps(l, ctx.facts.scope)))) continue;
        reportFilter(ctx, call, form, use, keep);
        continue;
      }
      if (form.indexed || !namespacedKind(call)) continue;
      // The code reads the items' namespaces (groups, excludes): it wants them all.
      if (use?.loops.some((l) => readsItemNamespace(l, []))) continue;
      const owner = ownerNamespace(call.node, form.selectors, ctx.facts.imports);
      // A list of the owner's own kind is of its peers, which may live anywhere.
      if (!owner || (owner.kind && pluralKind(owner.kind).toLowerCase() === resourceLabel(call))) continue;
      reportOwner(ctx, call, form, owner);
    }
  },
};
