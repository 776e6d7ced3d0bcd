import type { Rule } from '../rule';
import { apiCalls, fixPlace, effectiveLimit, pagerFallbackNote, resourceLabel, rvState, setFieldEdits, singular } from './helpers';
import type { ApiCallFact, FileFacts } from '../facts';
import type { ClusterProfile } from '../../sizing/profile';
import { servingPath } from '../../sizing/serving';
import { freshIntent } from '../freshness';
import { callShape, fieldSelectorKind, multiplicityOf, sizingContext } from '../callShape';
import { defaultProfile } from '../../sizing/profile';
import { since } from '../../sizing/gates';

const CACHE_LISTS = since('ConsistentListFromCache');
const SNAPSHOTS = since('ListFromCacheSnapshot');

const WHERE = { all: 'in the cluster', 'cluster-scoped': 'in the cluster', namespaced: 'in the namespace', unknown: 'in its range' };

/**
 * "all pods in the namespace": what an etcd read of this call covers, selectors aside; but a
 * `metadata.name=` field selector in a known namespace (or on a cluster-scoped resource) is
 * one key: the registry reads only it (the sizing model prices it so, estimate.ts).
 */
function scopeText(call: ApiCallFact): string {
  const what = call.resource ? resourceLabel(call) : 'objects';
  // callShape's scope: a metadata.namespace= field selector makes a cluster-wide call one namespace's.
  const where = WHERE[callShape(call).scope];
  if (singleKey(call)) return `one ${call.resource ? singular(what) : 'object'} by name ${where}`;
  return `all ${what} ${where}`;
}

function singleKey(call: ApiCallFact): boolean {
  if (call.options.kind !== 'resolved' || fieldSelectorKind(call.options.fields.get('FieldSelector')) !== 'name') return false;
  const scope = callShape(call).scope;
  return scope === 'namespaced' || scope === 'cluster-scoped';
}

/** The message's head when the LIST sits in a ListWatch ListFunc or a pager page function that ignores its options parameter. */
const CALLBACK_HEAD: Record<string, (what: string) => string> = {
  'list-watch': (what) => `ListFunc ignores the reflector's options: every relist is a LIST of ${what} without ResourceVersion`,
  pager: (what) => `Page function ignores the pager's options, so the pager never pages: LIST of ${what} without ResourceVersion`,
};

/** The hover's explanation of a callback that builds its own options. */
const CALLBACK_DETAIL: Record<string, string> = {
  'list-watch':
    'This ListFunc builds its own options instead of passing on the ones the reflector gives it ' +
    '(ResourceVersion "0" on the first list, pagination), so every list and relist of the informer pays for this read. ',
  pager: 'This page function builds its own options instead of using the pager\'s (Limit, Continue), so the pager never pages. ',
};

const OLD_ETCD = 'or with etcd older than 3.4.31/3.5.13';
const ANY_SEMANTICS =
  'with "Any" semantics: the answer can be arbitrarily stale and can go back in time across apiservers (each ' +
  'answers from its own cache, however far behind it is)';

const CONSISTENT_DETAIL =
  `ResourceVersion unset asks for a consistent read: before Kubernetes ${CACHE_LISTS} (${OLD_ETCD}) the apiserver reads ` +
  'every object in the range from etcd whatever the selectors and filters them in memory; ' +
  `from ${CACHE_LISTS} the watch cache serves it after a freshness wait (~110 ms at p99.9 in KEP-2340's test; after ` +
  `3 s it falls back to etcd). ResourceVersion "0" serves it from the watch cache on every version ${ANY_SEMANTICS}. ` +
  `From ${CACHE_LISTS} that saves only the wait and one etcd read, so it is worth it only where the LIST runs many times.`;

const SINGLE_KEY_DETAIL =
  'ResourceVersion unset asks for a consistent read. With a metadata.name field selector in a known namespace (or on a ' +
  `cluster-scoped resource) the registry reads only that key from etcd, before Kubernetes ${CACHE_LISTS} (${OLD_ETCD}); ` +
  `from ${CACHE_LISTS} the watch cache serves it after a freshness wait. ResourceVersion "0" serves it from the watch ` +
  `cache on every version ${ANY_SEMANTICS}; a Get by name says the same more plainly.`;

const PAGINATED_DETAIL =
  `Before Kubernetes ${CACHE_LISTS} every page is read from etcd, the whole range over all pages whatever the selectors; ` +
  `from ${CACHE_LISTS} the first page comes from the watch cache and continue pages from etcd (from cache snapshots ` +
  `from ${SNAPSHOTS}). Pagination bounds memory per page, not the total read.`;

/** True when the profile's Kubernetes (and etcd) serve a consistent LIST from the watch cache. */
function servedFromCacheOnProfile(profile: ClusterProfile | undefined): boolean {
  if (!profile || profile.minor === undefined) return false;
  return servingPath({ verb: 'list', rv: 'unset', rvm: 'unset', limit: 'none' }, profile.minor, profile.etcdVersion).first === 'watch-cache';
}

/** The LIST runs many times per run: in a loop or poll (not a retry or the pagination), or on every node. */
function repeats(call: ApiCallFact, facts: FileFacts, profile: ClusterProfile | undefined): boolean {
  const m = multiplicityOf(call, sizingContext(facts, facts.lines.text, profile ?? defaultProfile()));
  return m.factor > 1 || !m.known;
}

export const rule: Rule = {
  meta: {
    id: 'KLL001',
    name: 'list-bypasses-watch-cache',
    defaultSeverity: 'warning',
    summary: `A LIST with ResourceVersion unset is a consistent read: served from etcd before Kubernetes ${CACHE_LISTS}.`,
    fixes: 'unsafe',
  },
  check(ctx) {
    for (const call of apiCalls(ctx.facts, ctx.profile)) {
      if (call.verb !== 'list' || call.options.kind !== 'resolved') continue;
      if (rvState(call.options) !== 'unset') continue;
      // A consistent read the code wants (a conflict retry, a comment saying so): nothing to trade.
      if (freshIntent(call, ctx.facts)) continue;
      const what = resourceLabel(call);
      const limit = effectiveLimit(call);
      if (limit === 'unknown') continue;
      if (limit === 'set') {
        const fallback = pagerFallbackNote(call);
        ctx.report({
          node: call.node,
          severity: 'information',
          message: fallback
            ? `Paginated LIST of ${what} without ResourceVersion; FullListIfExpired may fall back to one full LIST ${servedFromCacheOnProfile(ctx.profile) ? 'from the watch cache' : 'from etcd'}`
            : `Paginated LIST of ${scopeText(call)} without ResourceVersion: each page from etcd before ${CACHE_LISTS}`,
          data: { detail: PAGINATED_DETAIL + fallback },
        });
        continue;
      }
      // From ConsistentListFromCache (gates.ts) the watch cache serves it (unless etcd is known to be too old for that):
      // still a freshness wait and a full response, but no longer an etcd read. RV "0" then
      // trades consistency for one wait and one etcd key: offered only where the LIST repeats.
      const fromCache = servedFromCacheOnProfile(ctx.profile);
      const edits = !fromCache || repeats(call, ctx.facts, ctx.profile) ? setFieldEdits(ctx.facts.lines, call, 'ResourceVersion', '"0"') : undefined;
      ctx.report({
        node: call.node,
        severity: fromCache ? 'information' : undefined,
        message:
          CALLBACK_HEAD[call.callbackOf ?? '']?.(what) ??
          `LIST of ${scopeText(call)} without ResourceVersion: a consistent read, from etcd before ${CACHE_LISTS}`,
        data: { detail: (CALLBACK_DETAIL[call.callbackOf ?? ''] ?? '') + (singleKey(call) ? SINGLE_KEY_DETAIL : CONSISTENT_DETAIL) },
        fixes: edits
          ? [{ title: 'Add ResourceVersion: "0" (from the watch cache, any staleness: may be old or go back in time)' + fixPlace(call), safe: false, edits }]
          : [],
      });
    }
  },
};
