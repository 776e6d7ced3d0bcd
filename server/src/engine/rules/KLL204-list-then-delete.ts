import type { Rule } from '../rule';
import { listThenDelete } from '../deletes';
import { resourceLabel, singular } from './helpers';

export const rule: Rule = {
  meta: {
    id: 'KLL204',
    name: 'list-then-delete',
    defaultSeverity: 'warning',
    summary: 'A loop deletes, one request each, every item of a LIST just made: DeleteCollection (DeleteAllOf) does it in one request.',
    fixes: 'none',
  },
  check(ctx) {
    for (const del of ctx.facts.deletes) {
      const hit = listThenDelete(del, ctx.facts);
      if (!hit) continue;
      const line = hit.list.node.startPosition.row + 1;
      const instead = hit.list.client === 'controller-runtime' ? 'DeleteAllOf' : 'DeleteCollection';
      ctx.report({
        node: del,
        message: `Deletes each ${singular(resourceLabel(hit.list))} listed at line ${line} with its own request: ${instead} with the same selectors is one request.`,
        related: [{ start: hit.list.node.startIndex, end: hit.list.node.endIndex, message: 'the LIST whose items are deleted' }],
      });
    }
  },
};
