// A program that runs on every node (a DaemonSet: it reads NODE_NAME, or the profile says
// perNodeAgent) and watches every pod, node or lease of the cluster: each agent lists and
// caches all of them and receives every event, so the apiserver sends each pod change to
// every node. Narrowed to the agent's own node (`spec.nodeName=`, `metadata.name=`), each
// agent gets 1/N of it; the watch cache serves `spec.nodeName` from an index.
import { informerInitialList, perNodeEvidence, watchReplayShape } from '../callShape';
import type { WatchFact } from '../facts';
import type { NodeScopedKind, WatchScope } from '../informers';
import type { Rule } from '../rule';
import { informerStart } from '../../sizing/gates';
import { isSet, rvState, singular } from './helpers';
import type { CallShape } from '../../sizing/estimate';

const NODE_SCOPED = new Set<string>(['pods', 'nodes', 'leases']);
const GROUP_VERSIONS: Record<NodeScopedKind, string> = { pods: 'CoreV1', nodes: 'CoreV1', leases: 'CoordinationV1' };

const isNodeScoped = (r: string): r is NodeScopedKind => NODE_SCOPED.has(r);

/** What a raw watch of pods, nodes or leases covers; undefined for other watches. */
function watchScope(w: WatchFact): { resource: NodeScopedKind; scope: WatchScope } | undefined {
  const resource = w.resource?.toLowerCase();
  if (!resource || !NODE_SCOPED.has(resource)) return undefined;
  const kind = resource as NodeScopedKind;
  if (w.client === 'typed' ? w.groupVersion !== GROUP_VERSIONS[kind] : w.client !== 'dynamic') return undefined;
  const ns = w.namespace;
  const everywhere = ns.kind === 'all' || (kind === 'nodes' && ns.kind === 'cluster-scoped') || (kind === 'leases' && ns.kind === 'namespaced' && ns.value === 'kube-node-lease');
  if (ns.kind === 'unknown' || w.options.kind !== 'resolved') return { resource: kind, scope: 'unknown' };
  const narrowed = !everywhere || isSet(w.options.fields.get('FieldSelector')) || isSet(w.options.fields.get('LabelSelector'));
  return { resource: kind, scope: narrowed ? 'narrowed' : 'all' };
}

/** The field selector that keeps one node's share. */
function selectorFor(resource: NodeScopedKind): string {
  return resource === 'pods' ? '"spec.nodeName=" + nodeName' : '"metadata.name=" + nodeName';
}

/** The informer's start: one LIST of everything of the kind, from the watch cache (ResourceVersion "0", pages ignored). */

export const rule: Rule = {
  meta: {
    id: 'KLL303',
    name: 'agent-cluster-wide-informer',
    defaultSeverity: 'warning',
    summary: 'A per-node agent informs on or watches every pod, node or lease in the cluster instead of its own node\'s: N agents × every event.',
    fixes: 'none',
  },
  check(ctx) {
    const evidence = perNodeEvidence(ctx.facts.lines.text);
    if (!evidence && !ctx.profile?.perNodeAgent) return;
    const agent = evidence ? `${evidence.text} at line ${evidence.line + 1}` : 'profile.perNodeAgent';
    const detail = (resource: NodeScopedKind, how: string) =>
      `This program runs on every node (${agent}), and ${how} every ${singular(resource)} in the cluster: each agent lists and keeps all of them ` +
      `and receives every change to any of them, so kube-apiserver sends each event once per node and each agent restart lists them all again. ` +
      `Narrow it to the agent's node with FieldSelector: ${selectorFor(resource)} (from the NODE_NAME env, the downward API's spec.nodeName)` +
      (resource === 'leases' ? ' in the kube-node-lease namespace' : '') +
      (resource === 'pods' ? '; the watch cache indexes pods by spec.nodeName.' : '.');
    // How the informer's first sync reaches the apiserver, when go.mod gives the client-go version.
    const start = informerStart(ctx.profile?.clientGoMinor, ctx.profile?.minor);
    const withStart = (d: string) => (start ? `${d} ${start}` : d);
    for (const inf of ctx.facts.informers) {
      if (inf.scope !== 'all' || !isNodeScoped(inf.resource)) continue;
      const what = inf.how === 'factory' ? `${inf.resource} informer` : `ListWatch of ${inf.resource}`;
      ctx.report({
        node: inf.node,
        message: `Per-node agent's ${what} is cluster-wide: every agent ${inf.how === 'factory' ? 'caches' : 'lists'} every ${singular(inf.resource)} and gets every event`,
        data: { verb: 'list', resource: inf.resource, frequency: 'on every node: the informer lists once, then watches', detail: withStart(detail(inf.resource, 'its informer watches')) },
        request: { shape: informerInitialList(inf.resource, inf.resource === 'nodes'), informer: true },
        related: inf.source ? [{ start: inf.source.startIndex, end: inf.source.endIndex, message: 'the informer factory, with no node field selector' }] : [],
      });
    }
    for (const w of ctx.facts.watches) {
      const s = watchScope(w);
      if (s?.scope !== 'all') continue;
      const rv = w.options.kind === 'resolved' ? rvState(w.options) : 'unknown';
      // A watch from "" or "0" starts with every object as an ADDED event: priced as that LIST.
      const replays = rv === 'unset' || rv === 'zero';
      ctx.report({
        node: w.node,
        message: `Per-node agent watches every ${singular(s.resource)} in the cluster: every agent receives every event; select its node`,
        data: { ...(replays ? { verb: 'list' as const } : {}), resource: s.resource, frequency: 'on every node', detail: detail(s.resource, 'this watch covers') },
        ...(replays ? { request: { shape: watchReplayShape(w) } } : {}),
      });
    }
  },
};
