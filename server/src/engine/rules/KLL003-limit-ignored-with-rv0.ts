import type { Fix } from '../types';
import type { Rule } from '../rule';
import { apiCalls, fixPlace, effectiveLimit, removeFieldEdits, resourceLabel, rvState } from './helpers';

export const rule: Rule = {
  meta: {
    id: 'KLL003',
    name: 'limit-ignored-with-rv0',
    defaultSeverity: 'warning',
    summary: 'ResourceVersion "0" with a Limit: the watch cache ignores the limit and returns the whole list.',
    fixes: 'mixed',
  },
  check(ctx) {
    for (const call of apiCalls(ctx.facts, ctx.profile)) {
      if (call.verb !== 'list' || call.options.kind !== 'resolved') continue;
      if (rvState(call.options) !== 'zero' || effectiveLimit(call) !== 'set') continue;
      const fixes: Fix[] = [];
      // A pager sends its PageSize when Limit is 0: removing Limit changes nothing there.
      const dropLimit = call.pager ? undefined : removeFieldEdits(ctx.facts.lines, call, 'Limit');
      // The server already ignores the limit, so removing it changes nothing on the wire's answer.
      // Safe only when no other call shares the edited options (a helper's literal may be used elsewhere with another RV).
      if (dropLimit) fixes.push({ title: 'Remove Limit (the watch cache ignores it)' + fixPlace(call), safe: call.options.kind === 'resolved' && call.options.origin?.kind !== 'helper', edits: dropLimit });
      const dropRv = removeFieldEdits(ctx.facts.lines, call, 'ResourceVersion');
      if (dropRv) {
        fixes.push({
          title: 'Remove ResourceVersion to paginate for real (a consistent read, from etcd before 1.31)' + fixPlace(call),
          safe: false,
          edits: dropRv,
        });
      }
      const pagerNote = call.pager
        ? `The pager asks for pages (PageSize ${call.pager.pageSize === 'unknown' ? 'set' : call.pager.pageSize} when Limit is 0), but with ResourceVersion "0" the first response already holds everything: the pager pages nothing. `
        : '';
      const what = resourceLabel(call);
      ctx.report({
        node: call.node,
        message: call.pager
          ? `LIST of ${what} through a pager with ResourceVersion "0": the watch cache ignores the limit, the pager pages nothing`
          : `LIST of ${what} with ResourceVersion "0" and a Limit: the watch cache ignores the limit`,
        data: {
          detail:
            pagerNote +
            'The watch cache ignores the limit and returns the whole list in one response, in every Kubernetes version to ' +
            'date, so the code\'s paging never happens and memory is not bounded. Drop the Limit, or drop ResourceVersion ' +
            'to paginate for real.',
        },
        fixes,
      });
    }
  },
};
