// The fields kube-apiserver can select on, per kind, keyed by the Go path of the typed
// object: the one table (KLL102 builds field selectors from it). Sources, kubernetes
// pkg/apis/<group>/v1/conversion.go (AddFieldLabelConversionFunc) and the matching
// pkg/registry/<group>/<kind>/strategy.go (ToSelectableFields). Every kind also selects on
// metadata.name and, when namespaced, metadata.namespace (generic.ObjectMetaFieldsSet).

/**
 * How the Go value is written into a selector string: `string` as is; `named` (a named
 * string type: PodPhase, SecretType) through `string(v)`; `bool` and `int` only from a
 * literal (`true`, `3`), since formatting a variable would need strconv.
 */
export type FieldType = 'string' | 'named' | 'bool' | 'int';

export interface SelectableField {
  label: string;
  type: FieldType;
}

interface KindFields {
  /** Typed client group versions (`CoreV1`) that serve the kind. */
  groupVersions: string[];
  /** Go packages of the object types (controller-runtime's `&corev1.PodList{}`). */
  pkgPaths: string[];
  fields: Record<string, SelectableField & { sinceMinor?: number }>;
}

const CORE = { groupVersions: ['CoreV1'], pkgPaths: ['k8s.io/api/core/v1'] };
const s = (label: string, type: FieldType = 'string', sinceMinor?: number) => ({ label, type, sinceMinor });

const KINDS: Record<string, KindFields> = {
  pods: {
    ...CORE,
    fields: {
      'Spec.NodeName': s('spec.nodeName'),
      'Spec.RestartPolicy': s('spec.restartPolicy', 'named'),
      'Spec.SchedulerName': s('spec.schedulerName'),
      'Spec.ServiceAccountName': s('spec.serviceAccountName'),
      'Spec.HostNetwork': s('spec.hostNetwork', 'bool'),
      'Status.Phase': s('status.phase', 'named'),
      'Status.PodIP': s('status.podIP'),
      'Status.NominatedNodeName': s('status.nominatedNodeName'),
      // status.podIPs is the list joined by commas: no Go field equals it.
    },
  },
  nodes: { ...CORE, fields: { 'Spec.Unschedulable': s('spec.unschedulable', 'bool') } },
  events: {
    ...CORE,
    fields: {
      'InvolvedObject.Kind': s('involvedObject.kind'),
      'InvolvedObject.Namespace': s('involvedObject.namespace'),
      'InvolvedObject.Name': s('involvedObject.name'),
      'InvolvedObject.UID': s('involvedObject.uid', 'named'),
      'InvolvedObject.APIVersion': s('involvedObject.apiVersion'),
      'InvolvedObject.ResourceVersion': s('involvedObject.resourceVersion'),
      'InvolvedObject.FieldPath': s('involvedObject.fieldPath'),
      Reason: s('reason'),
      Type: s('type'),
      ReportingController: s('reportingComponent'),
      // `source` is Source.Component, or ReportingController when that is empty: not one field.
    },
  },
  secrets: { ...CORE, fields: { Type: s('type', 'named') } },
  namespaces: { ...CORE, fields: { 'Status.Phase': s('status.phase', 'named') } },
  replicationcontrollers: { ...CORE, fields: { 'Status.Replicas': s('status.replicas', 'int') } },
  // AddFieldLabelConversionsForService: Kubernetes 1.31.
  services: { ...CORE, fields: { 'Spec.ClusterIP': s('spec.clusterIP', 'string', 31), 'Spec.Type': s('spec.type', 'named', 31) } },
  replicasets: { groupVersions: ['AppsV1'], pkgPaths: ['k8s.io/api/apps/v1'], fields: { 'Status.Replicas': s('status.replicas', 'int') } },
  jobs: { groupVersions: ['BatchV1'], pkgPaths: ['k8s.io/api/batch/v1'], fields: { 'Status.Succeeded': s('status.successful', 'int') } },
  certificatesigningrequests: {
    groupVersions: ['CertificatesV1'],
    pkgPaths: ['k8s.io/api/certificates/v1'],
    fields: { 'Spec.SignerName': s('spec.signerName') },
  },
};

const META: Record<string, string> = {
  Name: 'metadata.name',
  'ObjectMeta.Name': 'metadata.name',
  'GetName()': 'metadata.name',
  Namespace: 'metadata.namespace',
  'ObjectMeta.Namespace': 'metadata.namespace',
  'GetNamespace()': 'metadata.namespace',
};

/** What is known of the listed kind: its resource, who serves it, on which Kubernetes minor. */
export interface ListedKind {
  /** Lower-case plural: `pods`. */
  resource?: string;
  /** Typed client group version (`CoreV1`), when the client is typed. */
  groupVersion?: string;
  /** Package of the object type, for controller-runtime. */
  pkgPath?: string;
  /** The profile's Kubernetes minor; fields added later than it are not offered. */
  minor?: number;
}

/**
 * The selectable field a Go path (`Spec.NodeName`, `GetName()`) of an item of `kind` reads.
 * Kind-specific fields need the kind to be the built-in one: a group version or package
 * that says otherwise (a CRD also named `jobs`) leaves only metadata.
 */
export function selectableField(kind: ListedKind, goPath: string): SelectableField | undefined {
  const meta = META[goPath];
  if (meta) return { label: meta, type: 'string' };
  const k = kind.resource ? KINDS[kind.resource] : undefined;
  if (!k || !Object.prototype.hasOwnProperty.call(k.fields, goPath)) return undefined;
  if (kind.groupVersion !== undefined && !k.groupVersions.includes(kind.groupVersion)) return undefined;
  if (kind.pkgPath !== undefined && !k.pkgPaths.includes(kind.pkgPath)) return undefined;
  const f = k.fields[goPath];
  if (f.sinceMinor !== undefined && (kind.minor === undefined || kind.minor < f.sinceMinor)) return undefined;
  return { label: f.label, type: f.type };
}

/** Every kind-specific label the table knows for `resource` (docs and tests read the table through this). */
export function selectableLabels(resource: string): string[] {
  return Object.values(KINDS[resource]?.fields ?? {}).map((f) => f.label);
}
