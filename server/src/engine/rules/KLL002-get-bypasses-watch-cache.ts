import type { Rule } from '../rule';
import { freshIntent } from '../freshness';
import { apiCalls, fixPlace, resourceLabel, rvState, setFieldEdits, singular } from './helpers';

export const rule: Rule = {
  meta: {
    id: 'KLL002',
    name: 'get-bypasses-watch-cache',
    defaultSeverity: 'information',
    summary: 'A GET with ResourceVersion unset is a quorum read from etcd in every Kubernetes version.',
    fixes: 'unsafe',
  },
  check(ctx) {
    for (const call of apiCalls(ctx.facts, ctx.profile)) {
      if (call.verb !== 'get' || call.options.kind !== 'resolved') continue;
      if (rvState(call.options) !== 'unset') continue;
      // A read-modify-write, a conflict retry, a comment asking for the latest: keep it fresh.
      if (freshIntent(call, ctx.facts)) continue;
      const what = singular(resourceLabel(call));
      const edits = setFieldEdits(ctx.facts.lines, call, 'ResourceVersion', '"0"');
      ctx.report({
        node: call.node,
        message: `GET of a ${what === 'object' ? 'single object' : what} without ResourceVersion: a quorum read from etcd on every version`,
        data: {
          detail:
            'ResourceVersion unset asks for the latest object: a quorum read from etcd in every Kubernetes version. One key, ' +
            'so cheap alone; in a hot loop or a per-node agent it adds up. ResourceVersion "0" serves it from the watch cache, ' +
            'with "Any" semantics: possibly arbitrarily stale.',
        },
        fixes: edits
          ? [{ title: 'Add ResourceVersion: "0" (serve from the watch cache; data may be slightly stale)' + fixPlace(call), safe: false, edits }]
          : [],
      });
    }
  },
};
