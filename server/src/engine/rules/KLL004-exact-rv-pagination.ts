import type { Rule } from '../rule';
import { apiCalls, fixPlace, effectiveLimit, isSet, resourceLabel, rvState, setFieldEdits } from './helpers';

export const rule: Rule = {
  meta: {
    id: 'KLL004',
    name: 'exact-rv-pagination',
    defaultSeverity: 'warning',
    summary: 'A specific ResourceVersion with a Limit and no ResourceVersionMatch is an Exact read, served from etcd before 1.34.',
    fixes: 'unsafe',
  },
  check(ctx) {
    for (const call of apiCalls(ctx.facts, ctx.profile)) {
      const opts = call.options;
      if (call.verb !== 'list' || opts.kind !== 'resolved') continue;
      if (rvState(opts) !== 'exact' || effectiveLimit(call) !== 'set') continue;
      if (opts.fields.has('ResourceVersionMatch')) continue;
      // RV with a continue token is a different mistake (a 400 from the server), not this one.
      if (isSet(opts.fields.get('Continue')) || opts.fields.get('Continue')?.kind === 'unknown') continue;
      const edits = setFieldEdits(
        ctx.facts.lines,
        call,
        'ResourceVersionMatch',
        `${opts.qualifier}.ResourceVersionMatchNotOlderThan`,
      );
      ctx.report({
        node: call.node,
        message: `LIST of ${resourceLabel(call)} at a specific ResourceVersion with a Limit: an Exact read, from etcd before 1.34`,
        data: {
          detail:
            'A specific ResourceVersion with a Limit and no ResourceVersionMatch: the apiserver treats it as ' +
            'ResourceVersionMatch=Exact, which the watch cache cannot serve before Kubernetes 1.34, so it reads from etcd ' +
            '(on 1.34+ from a cache snapshot while that version is retained). With NotOlderThan the first page comes from ' +
            'the watch cache with the Limit honoured from 1.31 (continue pages from etcd on 1.31–1.33, from cache snapshots ' +
            'on 1.34+); before 1.31 any Limit with a ResourceVersion other than "0" still goes to etcd.',
        },
        fixes: edits
          ? [{ title: 'Add ResourceVersionMatch: NotOlderThan (first page from the watch cache from 1.31)' + fixPlace(call), safe: false, edits }]
          : [],
      });
    }
  },
};
