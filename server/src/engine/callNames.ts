// The names the facts come from: selector calls and qualified literals. The facts query
// (facts.ts) and its text-directed twin (captures.ts) both read these lists; a rule that
// needs a new call shape adds its name here.

/** Methods whose selector calls are reads of every client: `x.List(...)`, `x.Get(...)`. */
export const READ_METHODS = ['List', 'Get'] as const;
/** Other selector calls a fact comes from (calls/): reads, reader producers, constructors. */
export const SHAPE_METHODS = [
  'ByIndex', 'GetByKey', 'ListKeys', 'ListAll', 'ListAllByNamespace',
  'ListWithAlloc', 'EachListItem', 'EachListItemWithAlloc',
  'Watch', 'Delete', 'GetAPIReader', 'GetClient', 'New', 'MultiNamespacedCacheBuilder',
  'NewForConfig', 'NewForConfigOrDie', 'NewForConfigAndClient',
  'NewDiscoveryClientForConfig', 'NewDiscoveryClientForConfigOrDie', 'NewDiscoveryClientForConfigAndClient',
  'NewDiscoveryClient', 'GetAPIGroupResources', 'NewDeferredDiscoveryRESTMapper',
  'NewSharedInformerFactory', 'NewSharedInformerFactoryWithOptions', 'NewFilteredSharedInformerFactory', 'NewListWatchFromClient',
  'NewDynamicSharedInformerFactory', 'NewFilteredDynamicSharedInformerFactory',
] as const;
/** Qualified composite literal types read as cache configuration (`cache.Options{...}`). */
export const SHAPE_LITERALS = ['Options', 'CacheOptions'] as const;
