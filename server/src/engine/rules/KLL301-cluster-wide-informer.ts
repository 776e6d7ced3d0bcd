import type { ApiCallFact } from '../facts';
import { informerInitialList } from '../callShape';
import type { Rule } from '../rule';
import { CONTROLLER_RUNTIME_SINCE as SINCE, informerStart } from '../../sizing/gates';

/**
 * Kinds whose cluster-wide cache is the classic operator OOM: numerous and/or large objects.
 * An operator's own CRD or a Deployment cached cluster-wide is normal and not reported.
 */
const HEAVY_KINDS: Record<string, Record<string, string>> = {
  'k8s.io/api/core/v1': {
    Pod: 'every Pod (tens of KB each with managed fields and sidecars)',
    Secret: 'every Secret (Helm release blobs and service-account tokens included)',
    ConfigMap: 'every ConfigMap (up to 1 MiB each)',
    Event: 'every Event (the most churned kind in a busy cluster)',
    Endpoints: 'every Endpoints object (rewritten on every pod change)',
  },
  'k8s.io/api/events/v1': { Event: 'every Event (the most churned kind in a busy cluster)' },
  'k8s.io/api/discovery/v1': { EndpointSlice: 'every EndpointSlice (rewritten on every pod change)' },
  'k8s.io/api/apps/v1': { ReplicaSet: 'every ReplicaSet (old revisions of every Deployment included)' },
  'k8s.io/api/batch/v1': { Job: 'every Job (finished ones included until cleaned up)' },
};

function heavy(call: ApiCallFact): string | undefined {
  const cr = call.controllerRuntime;
  const path = cr?.objectType?.pkgPath;
  if (!cr?.kind || !path) return undefined;
  return HEAVY_KINDS[path]?.[cr.kind];
}

/**
 * Where to restrict the cache, in the option names of the module's controller-runtime
 * (`cr`, its minor from go.mod; the current names when go.mod does not say).
 */
function restrictAdvice(obj: string, cr: number | undefined): string {
  const v = cr ?? Infinity;
  const names = cr !== undefined && cr < SINCE.DefaultNamespaces ? ` (controller-runtime v0.${cr}'s option names)` : '';
  if (v >= SINCE.DefaultNamespaces) return `cache.Options{ByObject: map[client.Object]cache.ByObject{&${obj}{}: {Namespaces: ..., Label: ...}}} or cache.Options{DefaultNamespaces: ...}`;
  if (v >= SINCE.ByObject) return `cache.Options{ByObject: map[client.Object]cache.ByObject{&${obj}{}: {Label: ...}}} or cache.Options{Namespaces: []string{...}}${names}`;
  return `cache.Options{SelectorsByObject: cache.SelectorsByObject{&${obj}{}: {Label: ...}}} or ctrl.Options{Namespace: ...}${names}`;
}

/** The other ways to hold less that the module's controller-runtime has. */
function holdLessAdvice(cr: number | undefined): string {
  const v = cr ?? Infinity;
  const ways = ['metadata-only reads (PartialObjectMetadata, builder.OnlyMetadata)'];
  if (v >= SINCE.TransformStripManagedFields) ways.push('cache.Options{DefaultTransform: cache.TransformStripManagedFields()}');
  else if (v >= SINCE.ByObject) ways.push('a cache.Options{DefaultTransform} that drops managedFields');
  ways.push(v >= SINCE.DisableFor ? 'client.CacheOptions{DisableFor: ...}' : 'ctrl.Options{ClientDisableCacheFor: ...}');
  const fail = v >= SINCE.ReaderFailOnMissingInformer ? ', or cache.Options{ReaderFailOnMissingInformer: true} to make an unplanned cached read fail instead' : '';
  return `To hold less: ${ways.join(', ')}${fail}. `;
}

export const rule: Rule = {
  meta: {
    id: 'KLL301',
    name: 'cluster-wide-informer',
    defaultSeverity: 'warning',
    summary: 'A cached controller-runtime read of Pods, Secrets, ConfigMaps or Events starts an informer over every such object in the cluster.',
    fixes: 'none',
  },
  // One informer per kind: the first cached read of it in the file carries the finding.
  firstPerKey: (f) => f.data?.resource,
  readsCacheRestrictions: true,
  check(ctx) {
    const { cache } = ctx.facts;
    if (cache.restrictsAll) return;
    const start = informerStart(ctx.profile?.clientGoMinor, ctx.profile?.minor);
    const cr = ctx.profile?.controllerRuntimeMinor;
    for (const call of ctx.facts.calls) {
      if (call.client !== 'controller-runtime' || call.path !== 'informer-cache') continue;
      if (call.controllerRuntime?.reader !== 'manager-client') continue;
      const what = heavy(call);
      const kind = call.controllerRuntime.kind!;
      if (!what || cache.restrictedKinds.has(kind)) continue;
      const obj = call.controllerRuntime.objectType!.node.text.replace(/List$/, '');
      const filter = call.verb === 'list' ? 'InNamespace' : 'the key\'s namespace';
      const narrowing = call.namespace.kind === 'namespaced' ? `; ${filter} filters only the result` : '';
      ctx.report({
        node: call.node,
        message: `First cached ${call.verb === 'list' ? 'List' : 'Get'} of ${call.resource} caches every ${kind} cluster-wide${narrowing}`,
        // Its cost is the informer's: every object held in memory, listed again on every start.
        request: { shape: informerInitialList(call.resource?.toLowerCase(), false), informer: true },
        data: {
          frequency: 'once: the informer lists, then watches',
          detail:
            `The manager's client starts an informer that lists and watches ${what} in the cluster and keeps them all in memory, ` +
            `unless the manager's cache is restricted.${narrowing ? ` ${filter.charAt(0).toUpperCase() + filter.slice(1)} filters what this read returns, not what the informer holds.` : ''} ` +
            `Restrict it where the manager is built: ${restrictAdvice(obj, cr)}; or read rarely-needed objects with mgr.GetAPIReader(). ` +
            holdLessAdvice(cr) +
            `A typed, an unstructured and a metadata read of one kind start three informers. ` +
            `No restriction for it was found in the files read (the CLI reads the whole module; the editor, this file).` +
            (start ? ` ${start}` : ''),
        },
      });
    }
  },
};
