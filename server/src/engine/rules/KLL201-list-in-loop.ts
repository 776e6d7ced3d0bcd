import type { Node } from 'web-tree-sitter';
import type { ApiCallFact, FileFacts } from '../facts';
import { hoistEdits } from '../hoist';
import { contextsAround, dependsOn, listsInCallee, type LoopFact, rangeValueName } from '../loops';
import type { Report, Rule } from '../rule';
import { isAncestor, unwrap } from '../syntax';
import { clip } from '../findingData';
import { resourceLabel, singular } from './helpers';

const LOCAL_LISTS = new Set(['List', 'ListAll', 'ListAllByNamespace']);

/** The lister/indexer method of a local read. */
function localMethod(call: ApiCallFact): string | undefined {
  return call.localRead?.method;
}

/**
 * A read whose repetition costs: any API LIST or GET, or a cached/lister LIST. An indexed
 * or keyed read of the store (ByIndex, GetByKey, a lister Get) is the cure, not the disease.
 */
function isRepeatedRead(call: ApiCallFact): boolean {
  if (call.path === 'api') return true;
  if (call.path !== 'lister' && call.path !== 'informer-cache') return false;
  return call.verb === 'list' && LOCAL_LISTS.has(localMethod(call) ?? 'List');
}

/**
 * A cached controller-runtime List with a field selector (`client.MatchingFields{...}`):
 * controller-runtime's cache answers it only from a registered field index (ByIndex on
 * `field:<name>`; an error without one), so it reads the matching objects, not the store.
 */
function isIndexLookup(call: ApiCallFact): boolean {
  return call.path === 'informer-cache' && call.options.kind === 'resolved' && call.options.fields.has('FieldSelector');
}

/** Repeated reads that walk a store or ask the server; an index lookup per item is the cure. */
export function isWalkOrRequest(call: ApiCallFact): boolean {
  return isRepeatedRead(call) && !isIndexLookup(call);
}

function collectionLoops(node: Node, facts: FileFacts): LoopFact[] {
  return contextsAround(node, facts.scope, facts.imports).flatMap((c) => (c.kind === 'loop' && c.loop.collection ? [c.loop] : []));
}

/** "node" for `for _, node := range x.Items`, else "item of x.Items". */
function perWhat(loop: LoopFact): string {
  return rangeValueName(loop.node) ?? `item of ${clip(loop.collection!.expr.text, 24)}`;
}

function nesting(loops: LoopFact[]): string {
  // Outermost first reads like the code: "per DaemonSet and per node".
  return [...loops].reverse().map((l) => `per ${perWhat(l)}`).join(' and ');
}

/** "len(dsList.Items) × len(nodes.Items)": how many times the body runs. */
function times(loops: LoopFact[]): string {
  return [...loops].reverse().map((l) => `len(${clip(l.collection!.expr.text, 24)})`).join(' × ');
}

function bigO(what: string, loops: LoopFact[]): string {
  return `O(${what} × ${times(loops)})`;
}

/** The client expression the call chain starts from (`cs`, `clients[i]`, `c.client`). */
function clientRoot(call: Node): Node {
  let n = unwrap(call);
  for (;;) {
    if (n.type === 'call_expression') n = unwrap(n.childForFieldName('function')!);
    else if (n.type === 'selector_expression') {
      const op = unwrap(n.childForFieldName('operand')!);
      if (op.type === 'identifier') return n;
      n = op;
    } else return n;
  }
}

/** Options built or modified inside the loop make the call depend on it too. */
function optionsDependOn(call: ApiCallFact, loop: Node): boolean {
  if (call.options.kind !== 'resolved') return false;
  for (const ws of call.options.writes.values()) for (const w of ws) if (isAncestor(loop, w) && dependsOn(w, loop)) return true;
  return false;
}

function isNamespaceLoop(loop: LoopFact, facts: FileFacts): boolean {
  const c = loop.collection!;
  if (c.typeName === 'Namespace') return true;
  const src = c.source ? facts.calls.find((x) => x.node.startIndex === c.source!.startIndex) : undefined;
  return src?.resource === 'Namespaces' || src?.resource === 'namespaces';
}

export const rule: Rule = {
  meta: {
    id: 'KLL201',
    name: 'list-in-loop',
    defaultSeverity: 'warning',
    summary: 'A LIST or GET runs once per item of another collection: N requests where one would do.',
    fixes: 'safe',
  },
  check(ctx) {
    const { facts } = ctx;
    for (const call of facts.calls) {
      // A reader we cannot place (API or cache) is unknown: silent.
      if (!isRepeatedRead(call)) continue;
      const local = call.path !== 'api';
      const loops = collectionLoops(call.node, facts);
      if (loops.length === 0) continue;
      const what = resourceLabel(call);
      const verb = local ? 'Cached list' : call.verb === 'list' ? 'LIST' : 'GET';
      const related = loops.map((l) => ({ start: l.node.startIndex, end: l.node.startIndex + 3, message: `loop ${perWhat(l)} (range over ${l.collection!.expr.text})` }));
      const inner = loops[0];
      const depends = dependsOn(call.node, inner.node) || optionsDependOn(call, inner.node);
      // One index lookup per item reads only that item's objects: the intended shape, silent.
      // So is a cached List whose options are unknown: they may hold the field selector.
      const index = isIndexLookup(call);
      if ((index || (call.path === 'informer-cache' && call.options.kind !== 'resolved')) && depends) continue;
      // A different namespace or a different cluster per iteration: each request reads a
      // different range, so the total is the same as one wide list (scope, not repetition).
      const nsNode = call.namespace.kind === 'namespaced' ? call.namespace.node : undefined;
      const perNamespace = !!nsNode && dependsOn(nsNode, inner.node) && isNamespaceLoop(inner, facts);
      const perClient = dependsOn(clientRoot(call.node), inner.node);
      if (perNamespace || perClient) {
        ctx.report({
          node: call.node,
          severity: 'information',
          related,
          message: `${verb} of ${what} ${nesting(loops)}: each iteration reads a different ${perClient ? 'cluster or client' : 'namespace'}`,
          data: {
            frequency: nesting(loops),
            detail:
              'The requests do not repeat one another; a single cluster-wide list (or an informer) would still cost one ' +
              `request instead of one per ${perWhat(inner)}.`,
          },
        });
        continue;
      }
      const report: Report = { node: call.node, related, message: '' };
      if (!depends) {
        // Hoist above every enclosing collection loop the call does not depend on.
        const hoistable: Node[] = [];
        for (const l of loops) {
          if (dependsOn(call.node, l.node) || optionsDependOn(call, l.node)) break;
          hoistable.push(l.node);
        }
        const edits = hoistEdits(facts.lines, call.node, hoistable);
        const free = loops.slice(0, Math.max(1, hoistable.length));
        if (index) report.severity = 'information';
        const same = index ? 'index lookup is repeated' : local ? 'store walk is repeated' : 'request is sent';
        report.message = `${index ? 'Cached index lookup' : verb} of ${what} ${nesting(free)} does not depend on the loop: the same ${same} each time`;
        report.data = {
          frequency: nesting(free),
          detail:
            `The same ${same} ${times(free)} times where once${free.length < loops.length ? ` per ${perWhat(loops[free.length])}` : ''} ` +
            'would do. Make it once, before the loop.',
        };
        report.fixes = edits ? [{ title: `Move the call above the loop (one ${index ? 'lookup' : local ? 'list' : 'request'} instead of one per item)`, safe: true, edits }] : [];
      } else if (local) {
        const lookup = call.client === 'controller-runtime' ? 'client.MatchingFields' : 'ByIndex';
        report.message = `${what} listed from the informer cache once ${nesting(loops)}: each List walks the store; use an index (${lookup})`;
        report.data = {
          frequency: nesting(loops),
          detail:
            `Each List walks every ${singular(what)} in the store (or namespace), ${bigO(what, loops)} in memory and CPU. ` +
            `List once before the loop and group the items by the key the loop selects on, or read them through an index (${lookup}).`,
        };
      } else if (call.verb === 'list') {
        report.message = `${what} listed once ${nesting(loops)}: ${bigO(what, loops)} objects read`;
        report.data = {
          frequency: nesting(loops),
          detail:
            'One LIST would do: list once before the loop and group the items by the key the loop selects on (a map from key to items), ' +
            'or read them from an informer\'s indexer.',
        };
      } else {
        report.severity = 'information';
        report.message = `GET of ${what} once ${nesting(loops)}: one request per item where one LIST could do`;
        report.data = {
          frequency: nesting(loops),
          detail: `If most items need one, a single LIST (or an informer's lister) before the loop costs one request instead of ${times(loops)}.`,
        };
      }
      ctx.report(report);
    }
    // One level deep: a loop that calls a function of this file which lists.
    for (const lc of facts.scope.localCalls) {
      const inside = listsInCallee(lc, facts.calls, isWalkOrRequest);
      if (inside.length === 0) continue;
      const loops = collectionLoops(lc.node, facts);
      if (loops.length === 0) continue;
      const first = inside[0];
      const name = lc.name;
      ctx.report({
        node: lc.node,
        related: [
          ...inside.map((c) => ({ start: c.node.startIndex, end: c.node.endIndex, message: `${name} lists ${resourceLabel(c)} here` })),
          ...loops.map((l) => ({ start: l.node.startIndex, end: l.node.startIndex + 3, message: `loop ${perWhat(l)}` })),
        ],
        message: `${name} lists ${resourceLabel(first)} and is called ${nesting(loops)}: ${bigO(resourceLabel(first), loops)} objects read`,
        data: {
          verb: first.verb,
          resource: first.resource?.toLowerCase(),
          frequency: nesting(loops),
          detail: `${name} lists ${resourceLabel(first)} (line ${first.node.startPosition.row + 1}). List once before the loop and pass the items (grouped by key) to ${name}.`,
        },
      });
    }
  },
};
