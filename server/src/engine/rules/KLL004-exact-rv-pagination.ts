import type { Rule } from '../rule';
import { apiCalls, fixPlace, effectiveLimit, isSet, resourceLabel, rvState, setFieldEdits } from './helpers';
import { since } from '../../sizing/gates';
import { VERSION_RANGES } from '../../sizing/serving';

const CACHE_LISTS = since('ConsistentListFromCache');
const SNAPSHOTS = since('ListFromCacheSnapshot');

export const rule: Rule = {
  meta: {
    id: 'KLL004',
    name: 'exact-rv-pagination',
    defaultSeverity: 'warning',
    summary: `A specific ResourceVersion with a Limit and no ResourceVersionMatch is an Exact read, served from etcd before ${SNAPSHOTS}.`,
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
        message: `LIST of ${resourceLabel(call)} at a specific ResourceVersion with a Limit: an Exact read, from etcd before ${SNAPSHOTS}`,
        data: {
          detail:
            'A specific ResourceVersion with a Limit and no ResourceVersionMatch: the apiserver treats it as ' +
            `ResourceVersionMatch=Exact, which the watch cache cannot serve before Kubernetes ${SNAPSHOTS}, so it reads from ` +
            `etcd (from ${SNAPSHOTS} from a cache snapshot while that version is retained). With NotOlderThan the first page ` +
            `comes from the watch cache with the Limit honoured from ${CACHE_LISTS} (continue pages from etcd on ` +
            `${VERSION_RANGES[1].label}, from cache snapshots on ${VERSION_RANGES[2].label}); before ${CACHE_LISTS} any Limit with a ResourceVersion other than "0" ` +
            'still goes to etcd.',
        },
        fixes: edits
          ? [{ title: `Add ResourceVersionMatch: NotOlderThan (first page from the watch cache from ${CACHE_LISTS})` + fixPlace(call), safe: false, edits }]
          : [],
      });
    }
  },
};
