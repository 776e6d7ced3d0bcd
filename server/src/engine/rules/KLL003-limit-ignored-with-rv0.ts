import type { Fix } from '../types';
import type { Rule } from '../rule';
import { since } from '../../sizing/gates';
import { apiCalls, fixPlace, effectiveLimit, removeFieldEdits, resourceLabel, rvState } from './helpers';

// Information, and "Remove Limit" is unsafe: the Limit still applies whenever the watch cache does
// not serve the request (a resource with no watch cache, a cache still initialising,
// --watch-cache=false). client-go's reflector keeps its pager's Limit with RV "0" on purpose
// (k8s.io/client-go tools/cache/reflector.go: "if watch cache is not enabled we don't introduce regression").

export const rule: Rule = {
  meta: {
    id: 'KLL003',
    name: 'limit-ignored-with-rv0',
    defaultSeverity: 'information',
    summary: 'ResourceVersion "0" with a Limit: the watch cache ignores the limit and returns the whole list.',
    fixes: 'unsafe',
  },
  check(ctx) {
    for (const call of apiCalls(ctx.facts, ctx.profile)) {
      if (call.verb !== 'list' || call.options.kind !== 'resolved') continue;
      if (rvState(call.options) !== 'zero' || effectiveLimit(call) !== 'set') continue;
      const fixes: Fix[] = [];
      // A pager sends its PageSize when Limit is 0: removing Limit changes nothing there.
      const dropLimit = call.pager ? undefined : removeFieldEdits(ctx.facts.lines, call, 'Limit');
      if (dropLimit) fixes.push({ title: 'Remove Limit (ignored by the watch cache, not by etcd when the cache does not serve)' + fixPlace(call), safe: false, edits: dropLimit });
      const dropRv = removeFieldEdits(ctx.facts.lines, call, 'ResourceVersion');
      if (dropRv) {
        fixes.push({
          title: `Remove ResourceVersion to paginate for real (a consistent read, from etcd before ${since('ConsistentListFromCache')})` + fixPlace(call),
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
            'The watch cache ignores the limit with ResourceVersion "0" and returns the whole list in one response, in every ' +
            'Kubernetes version to date (computeListLimit in kubernetes/apiserver cacher.go), so paging rarely happens. Keep ' +
            'the Limit: it applies whenever the cache does not serve the request (no watch cache for the resource, a cache ' +
            'still initialising, --watch-cache=false), as client-go\'s reflector keeps it. Drop ResourceVersion to paginate ' +
            'for real.',
        },
        fixes,
      });
    }
  },
};
