// Which resources have a namespace: the one table the rules and the sizing read. Only the
// kinds Kubernetes itself serves (and a few well-known add-ons) are listed; a custom
// resource's scope lives in its CRD, which the code does not show, so it is `unknown`.

/** Plural resource names (lowercase) of cluster-scoped kinds. */
const CLUSTER_SCOPED = new Set([
  'nodes', 'namespaces', 'persistentvolumes', 'componentstatuses',
  'clusterroles', 'clusterrolebindings',
  'storageclasses', 'csidrivers', 'csinodes', 'volumeattachments', 'volumeattributesclasses',
  'customresourcedefinitions', 'apiservices',
  'priorityclasses', 'runtimeclasses', 'ingressclasses', 'ipaddresses', 'servicecidrs',
  'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
  'certificatesigningrequests', 'clustertrustbundles',
  'flowschemas', 'prioritylevelconfigurations',
  'resourceslices', 'deviceclasses', 'storageversions', 'storageversionmigrations',
  'podsecuritypolicies', 'tokenreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews',
  'ciliumnodes', 'ciliumidentities', 'ciliumclusterwidenetworkpolicies',
]);

/** Plural resource names (lowercase) of built-in namespaced kinds. */
const NAMESPACED = new Set([
  'pods', 'services', 'endpoints', 'endpointslices', 'configmaps', 'secrets', 'serviceaccounts',
  'persistentvolumeclaims', 'events', 'limitranges', 'resourcequotas', 'replicationcontrollers', 'podtemplates',
  'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'controllerrevisions',
  'jobs', 'cronjobs', 'horizontalpodautoscalers', 'poddisruptionbudgets',
  'roles', 'rolebindings', 'networkpolicies', 'ingresses', 'leases', 'csistoragecapacities',
  'resourceclaims', 'resourceclaimtemplates', 'podschedulingcontexts',
]);

export type KindScope = 'cluster' | 'namespaced' | 'unknown';

/** The scope of a resource given as written (`Pods`, `pods`, `ServiceAccounts`). */
export function kindScope(resource: string | undefined): KindScope {
  const r = resource?.toLowerCase();
  if (!r) return 'unknown';
  if (CLUSTER_SCOPED.has(r)) return 'cluster';
  return NAMESPACED.has(r) ? 'namespaced' : 'unknown';
}

export function isClusterScoped(resource: string | undefined): boolean {
  return kindScope(resource) === 'cluster';
}
