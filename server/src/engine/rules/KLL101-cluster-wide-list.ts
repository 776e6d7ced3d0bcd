import type { ApiCallFact } from '../facts';
import { everyUseGuarded, listResultUse, visibleAt, type Guard } from '../resultUse';
import type { Rule } from '../rule';
import { unwrap } from '../syntax';
import type { TextEdit } from '../types';
import { clip } from '../findingData';
import { resourceLabel, singular } from './helpers';

function isNamespaceGuard(g: Guard): boolean {
  return g.ref.kind === 'field' && g.ref.label === 'metadata.namespace';
}

/** `Pods("")` -> `Pods(ns)`; `dyn.Resource(gvr).List` -> `dyn.Resource(gvr).Namespace(ns).List`. */
function namespacedEdits(call: ApiCallFact, value: string): TextEdit[] | undefined {
  if (call.namespace.kind !== 'all') return undefined;
  if (call.namespace.node) return [{ start: call.namespace.node.startIndex, end: call.namespace.node.endIndex, newText: value }];
  if (call.client !== 'dynamic') return undefined;
  const fn = call.node.childForFieldName('function');
  const operand = fn?.childForFieldName('operand');
  if (!operand || unwrap(operand).type !== 'call_expression') return undefined;
  return [{ start: operand.endIndex, end: operand.endIndex, newText: `.Namespace(${value})` }];
}

export const rule: Rule = {
  meta: {
    id: 'KLL101',
    name: 'cluster-wide-list',
    defaultSeverity: 'warning',
    summary: 'A LIST across all namespaces whose items are then filtered to one namespace.',
    fixes: 'mixed',
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.verb !== 'list' || call.path !== 'api' || call.namespace.kind !== 'all') continue;
      const use = listResultUse(call.node, call.resource?.toLowerCase());
      if (!use || use.loops.length === 0) continue;
      const guard = use.loops[0].guards.find((g) => isNamespaceGuard(g) && visibleAt(g.value, call.node));
      if (!guard) continue;
      const what = resourceLabel(call);
      const ns = guard.value.text;
      const edits = namespacedEdits(call, ns);
      const safe = everyUseGuarded(use, (g) => isNamespaceGuard(g) && g.value.text === ns);
      ctx.report({
        node: call.node,
        related: [{ start: guard.cmp.startIndex, end: guard.cmp.endIndex, message: 'only this namespace is kept' }],
        message: `LIST of ${what} across all namespaces, but the loop keeps only the items with Namespace == ${clip(ns, 24)}`,
        data: {
          detail:
            `A namespaced LIST reads one namespace (one etcd key range, or one slice of the watch cache) instead of every ` +
            `${singular(what)} in the cluster.`,
        },
        fixes: edits ? [{ title: `List in namespace ${ns} only`, safe, edits }] : [],
      });
    }
  },
};
