// controller-runtime's cache reader (pkg/cache/internal/cache_reader.go) pages nothing: it
// stops after `Limit` matching objects (v0.9+), returns an error for a Continue token
// (v0.16+), and from v0.21 sets Continue to "continue-not-supported" so the next page fails.
import type { Rule } from '../rule';
import { isSet, limitState, resourceLabel } from './helpers';

export const rule: Rule = {
  meta: {
    id: 'KLL305',
    name: 'truncated-cached-list',
    defaultSeverity: 'warning',
    summary: "A Limit or Continue on a cached controller-runtime List: the cache truncates to the limit and cannot continue, so objects go missing.",
    fixes: 'none',
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.client !== 'controller-runtime' || call.path !== 'informer-cache' || call.verb !== 'list') continue;
      if (call.options.kind !== 'resolved') continue;
      const what = resourceLabel(call);
      if (isSet(call.options.fields.get('Continue'))) {
        ctx.report({
          node: call.node,
          message: `Cached List of ${what} with Continue: the cache cannot page and fails on a continue token`,
          data: { detail: "controller-runtime's cache reader returns an error for a continue token (v0.16+; before, it returned page one again). Read through the APIReader when paging is needed." },
        });
        continue;
      }
      if (limitState(call.options) !== 'set') continue;
      const limit = call.options.fields.get('Limit');
      const n = limit?.kind === 'int' ? `${limit.value}` : 'Limit';
      ctx.report({
        node: call.node,
        message: `Cached List of ${what} with a Limit: the cache returns the first ${n} matches, the rest are silently missing`,
        data: { detail: "controller-runtime's cache reader stops after Limit objects and cannot continue. Drop the Limit, or read through the APIReader when paging is really needed." },
      });
    }
  },
};
