import type { Node } from 'web-tree-sitter';
import type { FileFacts } from '../facts';
import { contextsAround, isRetryLoop, isRetryPoll, listsInCallee } from '../loops';
import type { Rule } from '../rule';
import { resultBinding } from '../resultUse';
import { resourceLabel } from './helpers';

/** The polling construct around `node` (innermost), ignoring retry loops around `node`'s call. */
function pollAround(node: Node, facts: FileFacts, errName: string | undefined, directOnly = false): { where: Node; poll: string } | undefined {
  const contexts = contextsAround(node, facts.scope, facts.imports);
  // A helper called in a further loop (`for c.processNext() {}`) runs per work item.
  for (const c of directOnly ? contexts.slice(0, 1) : contexts) {
    // A condition that is done once the read succeeds retries; it does not poll.
    if (c.kind === 'poll') return isRetryPoll(node, c.literal, errName) ? undefined : { where: c.node, poll: c.poll };
    if (c.loop.poll && !isRetryLoop(c.loop.node, errName)) return { where: c.loop.node, poll: c.loop.poll };
  }
  return undefined;
}

const DETAIL = 'Polling re-reads the whole list every period; use an informer (list once, then watch) or a watch.';

export const rule: Rule = {
  meta: {
    id: 'KLL202',
    name: 'list-in-poll-loop',
    defaultSeverity: 'warning',
    summary: 'A LIST inside a polling loop re-reads the whole list every period; an informer or a watch reads it once.',
    fixes: 'none',
  },
  check(ctx) {
    const { facts } = ctx;
    for (const call of facts.calls) {
      if (call.verb !== 'list' || call.path !== 'api') continue;
      const p = pollAround(call.node, facts, resultBinding(call.node)?.err?.text);
      if (!p) continue;
      ctx.report({
        node: call.node,
        related: [{ start: p.where.startIndex, end: p.where.startIndex + 3, message: `polls here (${p.poll})` }],
        message: `LIST of ${resourceLabel(call)} inside ${p.poll}: re-reads the whole list every period`,
        data: { frequency: `inside ${p.poll}`, detail: DETAIL },
      });
    }
    // One level deep: a poll that calls a function of this file which lists.
    for (const lc of facts.scope.localCalls) {
      const inside = listsInCallee(lc, facts.calls, (c) => c.path === 'api');
      if (inside.length === 0) continue;
      const p = pollAround(lc.node, facts, resultBinding(lc.node)?.err?.text, true);
      if (!p) continue;
      ctx.report({
        node: lc.node,
        related: [
          ...inside.map((c) => ({ start: c.node.startIndex, end: c.node.endIndex, message: `${lc.name} lists ${resourceLabel(c)} here` })),
          { start: p.where.startIndex, end: p.where.startIndex + 3, message: `polls here (${p.poll})` },
        ],
        message: `${lc.name} lists ${resourceLabel(inside[0])} and is called inside ${p.poll}: re-reads the list every period`,
        data: {
          verb: 'list',
          resource: inside[0].resource?.toLowerCase(),
          frequency: `inside ${p.poll}`,
          detail: `${lc.name} lists ${resourceLabel(inside[0])} (line ${inside[0].node.startPosition.row + 1}). ${DETAIL}`,
        },
      });
    }
  },
};
