// Events have no watch cache in kube-apiserver (DefaultWatchCacheSizes in
// pkg/kubeapiserver/default_storage_factory_builder.go: events 0 for core and events.k8s.io),
// so every LIST and WATCH of them, and every informer of them, is served by etcd whatever the
// ResourceVersion. The only lever is to read fewer: a namespace, a field selector, a Limit.
import { informerShape } from '../callShape';
import type { ApiCallFact } from '../facts';
import type { ResolvedOptions, OptionsFact } from '../options';
import type { Rule } from '../rule';
import { isSet, limitState, readsEvents } from './helpers';

/** What the read visibly lacks, as the narrowing to suggest; empty when nothing is visibly missing. */
function missing(call: Pick<ApiCallFact, 'namespace'>, options: OptionsFact, watch: boolean): string[] {
  const out: string[] = [];
  if (call.namespace.kind === 'all') out.push('a namespace');
  const opts: ResolvedOptions | undefined = options.kind === 'resolved' ? options : undefined;
  if (opts && !isSet(opts.fields.get('FieldSelector'))) out.push('an involvedObject.* selector');
  if (opts && !watch && limitState(opts) === 'none') out.push('a Limit');
  return out;
}

function list(parts: string[]): string {
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export const rule: Rule = {
  meta: {
    id: 'KLL005',
    name: 'events-read-from-etcd',
    defaultSeverity: 'warning',
    summary: 'A LIST, WATCH or cached read of Events: Events have no watch cache, so every such read is served by etcd.',
    fixes: 'none',
  },
  readsCacheRestrictions: true,
  check(ctx) {
    const { cache } = ctx.facts;
    const cachedSeen = new Set<string>();
    for (const call of ctx.facts.calls) {
      if (!readsEvents(call)) continue;
      if (call.path === 'informer-cache') {
        // The informer behind it; once per file, and not when the manager's cache is narrowed for it.
        const kind = call.controllerRuntime?.kind ?? 'Event';
        if (cachedSeen.has(kind) || cache.restrictsAll || cache.restrictedKinds.has(kind)) continue;
        cachedSeen.add(kind);
        ctx.report({
          node: call.node,
          message: 'Cached read of events: an informer lists and watches every Event from etcd (they have no watch cache)',
          data: { detail: 'Events have no watch cache: the informer lists and watches all of them from etcd. Read them live instead, in one namespace, with an involvedObject.* field selector and a Limit.' },
        });
        continue;
      }
      // A GET by name is one key; listers read an informer made elsewhere.
      if (call.path !== 'api' || call.verb !== 'list') continue;
      const lacks = missing(call, call.options, false);
      if (!lacks.length) continue;
      ctx.report({
        node: call.node,
        message: `LIST of events, read from etcd whatever the RV: add ${list(lacks)}`,
        data: { detail: 'Events have no watch cache (kube-apiserver sizes it 0), so every LIST reads etcd, and the Limit is honoured.' },
      });
    }
    // A client-go informer of Events lists them all from etcd at every start and relist, then watches etcd.
    for (const inf of ctx.facts.informers) {
      const sel = inf.resource === 'events' ? inf.selection : 'unknown';
      if (sel === 'unknown') continue;
      const lacks = [...(sel.namespaced ? [] : ['a namespace']), ...(sel.field === 'none' ? ['an involvedObject.* selector'] : [])];
      if (!lacks.length) continue;
      ctx.report({
        node: inf.node,
        message: `Events ${inf.how === 'factory' ? 'informer' : 'ListWatch'} lists and watches them from etcd (no watch cache): add ${list(lacks)}`,
        data: {
          verb: 'list',
          resource: 'events',
          detail: 'Events have no watch cache: the informer lists every Event it covers from etcd at each start and relist, and its watch is an etcd watch. Narrow it with WithNamespace and WithTweakListOptions (an involvedObject.* field selector), or read Events live where they are needed.',
        },
        request: { shape: informerShape(inf), informer: true },
      });
    }
    for (const w of ctx.facts.watches) {
      const lacks = readsEvents(w) ? missing(w, w.options, true) : [];
      if (lacks.length) ctx.report({ node: w.node, message: `WATCH of events is an etcd watch (no watch cache): add ${list(lacks)}`, data: { detail: 'Events have no watch cache, so each WATCH of them is a watch on etcd.' } });
    }
  },
};
