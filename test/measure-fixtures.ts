// Recorded inputs for `profile import` and `audit`, written from the upstream formats:
// - /metrics lines as kube-apiserver prints them (the HELP texts and label sets of
//   apiserver_resource_objects, apiserver_storage_objects, apiserver_resource_size_estimate_bytes
//   in k8s.io/apiserver/pkg/storage/etcd3/metrics/metrics.go; kubernetes_build_info);
// - `kubectl version -o json` and `kubectl get pods -A -o json` output;
// - audit.k8s.io/v1 Events, one per line, with the fields --audit-log-path writes at the
//   Metadata level (kind, apiVersion, level, auditID, stage, requestURI, verb, user,
//   sourceIPs, userAgent, objectRef, responseStatus, requestReceivedTimestamp,
//   stageTimestamp, annotations), from a per-node agent, a controller and kubectl.

export const METRICS = `# HELP apiserver_resource_objects [ALPHA] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.
# TYPE apiserver_resource_objects gauge
apiserver_resource_objects{group="",resource="configmaps"} 3120
apiserver_resource_objects{group="",resource="namespaces"} 48
apiserver_resource_objects{group="",resource="nodes"} 40
apiserver_resource_objects{group="",resource="pods"} 1210
apiserver_resource_objects{group="",resource="secrets"} -1
apiserver_resource_objects{group="apps",resource="deployments"} 310
apiserver_resource_objects{group="example.com",resource="widgets"} 77
apiserver_resource_objects{group="",resource="services"
# HELP apiserver_resource_size_estimate_bytes [ALPHA] Estimated size of stored objects in database. Estimate is based on sum of last observed sizes of serialized objects. In case of a fetching error, the value will be -1.
# TYPE apiserver_resource_size_estimate_bytes gauge
apiserver_resource_size_estimate_bytes{group="",resource="configmaps"} 3.19488e+06
# HELP apiserver_storage_objects [STABLE] [DEPRECATED, consider using apiserver_resource_objects instead] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.
# TYPE apiserver_storage_objects gauge
apiserver_storage_objects{resource="configmaps"} 3120
apiserver_storage_objects{resource="deployments.apps"} 310
apiserver_storage_objects{resource="leases.coordination.k8s.io"} 95
apiserver_storage_objects{resource="nodes"} 40
apiserver_storage_objects{resource="pods"} 1210
# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.
# TYPE apiserver_request_total counter
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1"} 8815
# HELP kubernetes_build_info [ALPHA] A metric with a constant '1' value labeled by major, minor, git version, git commit, git tree state, build date, Go version, and compiler from which Kubernetes was built, and platform on which it is running.
# TYPE kubernetes_build_info gauge
kubernetes_build_info{build_date="2025-08-12T18:10:25Z",compiler="gc",git_commit="2a2e1d3f2f9c4e7f5c1b0a9d8e7f6a5b4c3d2e1f",git_tree_state="clean",git_version="v1.34.1",go_version="go1.24.6",major="1",minor="34",platform="linux/amd64"} 1
`;

/** An older apiserver (before 1.34): apiserver_storage_objects only, `resource.group` in one label. */
export const METRICS_1_29 = `# HELP apiserver_storage_objects [STABLE] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.
# TYPE apiserver_storage_objects gauge
apiserver_storage_objects{resource="pods"} 52000
apiserver_storage_objects{resource="nodes"} 2100
apiserver_storage_objects{resource="namespaces"} 130
apiserver_storage_objects{resource="ingresses.networking.k8s.io"} 12
`;

export const VERSION_JSON = JSON.stringify(
  {
    clientVersion: { major: '1', minor: '31', gitVersion: 'v1.31.2', gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d', gitTreeState: 'clean', buildDate: '2024-10-22T20:35:25Z', goVersion: 'go1.22.8', compiler: 'gc', platform: 'linux/amd64' },
    kustomizeVersion: 'v5.4.2',
    serverVersion: { major: '1', minor: '29+', gitVersion: 'v1.29.8-eks-a737599', gitCommit: '1c7d3b2a6b6a0a3f9f1d2c3b4a5f6e7d8c9b0a1f', gitTreeState: 'clean', buildDate: '2024-08-26T21:27:41Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64' },
  },
  null,
  2,
);

/** What server-side apply records in metadata.managedFields (the apiserver sends it; kubectl hides it). */
const MANAGED = [
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2025-06-02T08:59:10Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
  },
];

function pod(i: number, padding: number, managedFields = false): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${i}`,
      namespace: 'shop',
      uid: `0f5c2a1e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: `${1000 + i}`,
      labels: { app: 'web' },
      annotations: { note: 'x'.repeat(padding) },
      ...(managedFields ? { managedFields: MANAGED } : {}),
    },
    spec: { nodeName: `node-${i % 40}`, containers: [{ name: 'web', image: 'nginx:1.27' }] },
    status: { phase: 'Running', podIP: `10.1.0.${i}` },
  };
}

/** `kubectl get pods -A -o json` (pretty-printed, as kubectl writes it). */
export function podList(n: number, padding = 1500): string {
  return JSON.stringify({ apiVersion: 'v1', items: Array.from({ length: n }, (_, i) => pod(i, padding)), kind: 'List', metadata: { resourceVersion: '' } }, null, 4);
}

const START = Date.parse('2025-06-02T09:00:00Z');

function ts(ms: number, micros = 0): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, m) => `.${m}${String(micros).padStart(3, '0')}Z`);
}

export interface EventSpec {
  verb: string;
  uri: string;
  ua: string;
  ref?: { resource: string; namespace?: string; name?: string; apiGroup?: string; apiVersion?: string; subresource?: string };
  /** Seconds after the log's start. */
  at: number;
  seconds: number;
  code?: number;
  stage?: string;
  user?: string;
  responseObject?: unknown;
}

let seq = 0;

export function auditEvent(e: EventSpec): string {
  seq++;
  const received = START + e.at * 1000;
  const done = received + e.seconds * 1000;
  const stage = e.stage ?? 'ResponseComplete';
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: e.responseObject !== undefined ? 'RequestResponse' : 'Metadata',
    auditID: `8b6d2f0e-3c1a-4f7e-9a4b-${String(seq).padStart(12, '0')}`,
    stage,
    requestURI: e.uri,
    verb: e.verb,
    user: { username: e.user ?? 'system:serviceaccount:kube-system:default', uid: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
    sourceIPs: ['10.0.3.17'],
    userAgent: e.ua,
    ...(e.ref ? { objectRef: { apiVersion: 'v1', ...e.ref } } : {}),
    ...(stage === 'ResponseComplete' ? { responseStatus: { metadata: {}, code: e.code ?? 200 } } : {}),
    ...(e.responseObject !== undefined ? { responseObject: e.responseObject } : {}),
    requestReceivedTimestamp: ts(received, 123),
    stageTimestamp: ts(stage === 'RequestReceived' ? received : done, stage === 'RequestReceived' ? 123 : 456),
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "agent" of ClusterRole "agent" to ServiceAccount "default/kube-system"' },
  });
}

export const AGENT_UA = 'node-agent/v0.0.0 (linux/amd64) kubernetes/$Format';
export const CONTROLLER_UA = 'controller/v0.0.0 (linux/amd64) kubernetes/$Format';
export const KUBECTL_UA = 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46';
export const JOB_UA = 'batch-job/v1.2.0 (linux/amd64) kubernetes/$Format';

/**
 * The code the log's requests come from: a per-node agent, a controller, and a library
 * whose Refresh takes any label selector and whose Prune and Audit both list backend
 * configmaps (the same request: ambiguous).
 */
export const CODE: Record<string, string> = {
  'cmd/node-agent/main.go': `package main

import (
	"context"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func podsOnNode(ctx context.Context, cs kubernetes.Interface) {
	node := os.Getenv("NODE_NAME")
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + node})
}

func main() {}
`,
  'cmd/controller/main.go': `package main

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func resync(ctx context.Context, cs kubernetes.Interface, ns string) {
	_, _ = cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	_, _ = cs.CoreV1().Services("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
}

func main() {}
`,
  'cmd/controller/informers.go': `package main

import (
	"time"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
)

func startInformers(cs kubernetes.Interface, stop <-chan struct{}) {
	f := informers.NewSharedInformerFactoryWithOptions(cs, 10*time.Minute, informers.WithNamespace("shop"))
	f.Core().V1().ConfigMaps().Informer()
	f.Start(stop)
}
`,
  'cmd/node-agent/watch.go': `package main

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func watchNode(ctx context.Context, cs kubernetes.Interface, node string) {
	w, _ := cs.CoreV1().Nodes().Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + node})
	defer w.Stop()
}
`,
  'pkg/sync/sync.go': `package sync

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func Refresh(ctx context.Context, cs kubernetes.Interface, ns, selector string) {
	_, _ = cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: selector})
}

func Prune(ctx context.Context, cs kubernetes.Interface, ns string) {
	_, _ = cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: "tier=backend"})
}

func Audit(ctx context.Context, cs kubernetes.Interface, ns string) {
	_, _ = cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: "tier = backend"})
}
`,
};

/**
 * One hour of reads: the agent lists its node's pods (40 nodes × 3), the controller lists
 * configmaps and services, a batch job lists backend configmaps (two call sites make that
 * request, a third may), kubectl lists pods of every namespace, the controller's informer
 * lists and watches configmaps, each agent watches its Node, and writes, other stages and non-resource requests are in between. `bad`
 * inserts a truncated line, an event of another API version and an event with no verb.
 */
export function auditLog(bad = false): string {
  const lines: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (let n = 0; n < 40; n++) {
      const at = round * 1200 + n * 10;
      const uri = `/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-${n}`;
      lines.push(auditEvent({ verb: 'list', uri, ua: AGENT_UA, ref: { resource: 'pods' }, at, seconds: 0, stage: 'RequestReceived' }));
      lines.push(auditEvent({ verb: 'list', uri, ua: AGENT_UA, ref: { resource: 'pods' }, at, seconds: 0.2 + (n % 10) * 0.1 }));
    }
  }
  for (let i = 0; i < 10; i++) {
    lines.push(auditEvent({ verb: 'list', uri: '/api/v1/namespaces/shop/configmaps?labelSelector=app%3Dweb', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop' }, at: 60 + i * 300, seconds: 0.05 }));
    lines.push(auditEvent({ verb: 'list', uri: '/api/v1/services?resourceVersion=0', ua: CONTROLLER_UA, ref: { resource: 'services' }, at: 61 + i * 300, seconds: 0.02 }));
    lines.push(auditEvent({ verb: 'update', uri: '/api/v1/namespaces/shop/configmaps/web', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop', name: 'web' }, at: 62 + i * 300, seconds: 0.01 }));
  }
  for (let i = 0; i < 4; i++) {
    lines.push(auditEvent({ verb: 'list', uri: `/api/v1/namespaces/team-${i}/configmaps?labelSelector=tier%3Dbackend`, ua: JOB_UA, ref: { resource: 'configmaps', namespace: `team-${i}` }, at: 100 + i * 600, seconds: 0.08 }));
  }
  lines.push(auditEvent({ verb: 'list', uri: '/api/v1/pods?limit=500', ua: KUBECTL_UA, ref: { resource: 'pods' }, at: 1800, seconds: 1.9, user: 'alice@example.com' }));
  lines.push(auditEvent({ verb: 'list', uri: '/api/v1/pods?limit=500', ua: KUBECTL_UA, ref: { resource: 'pods' }, at: 1900, seconds: 2.1, user: 'alice@example.com' }));
  lines.push(auditEvent({ verb: 'list', uri: '/apis/example.com/v1/widgets?limit=500', ua: KUBECTL_UA, ref: { resource: 'widgets', apiGroup: 'example.com', apiVersion: 'v1' }, at: 1950, seconds: 0.03 }));
  lines.push(
    auditEvent({ verb: 'watch', uri: '/api/v1/namespaces/shop/configmaps?allowWatchBookmarks=true&resourceVersion=48213&timeout=8m27s&timeoutSeconds=507&watch=true', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop' }, at: 5, seconds: 507 }),
  );
  lines.push(auditEvent({ verb: 'get', uri: '/healthz', ua: 'kube-probe/1.34', at: 7, seconds: 0.001 }));
  // The controller's informer: its first LIST (the reflector's, RV "0" in pages of 500); its WATCH is above.
  lines.push(auditEvent({ verb: 'list', uri: '/api/v1/namespaces/shop/configmaps?limit=500&resourceVersion=0', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop' }, at: 4, seconds: 0.03 }));
  // Each agent watches its own Node.
  for (let n = 0; n < 40; n++) {
    const uri = `/api/v1/nodes?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dnode-${n}&timeoutSeconds=412&watch=true`;
    lines.push(auditEvent({ verb: 'watch', uri, ua: AGENT_UA, ref: { resource: 'nodes' }, at: 20 + n, seconds: 412 }));
  }
  if (bad) {
    const truncated = auditEvent({ verb: 'list', uri: '/api/v1/pods', ua: AGENT_UA, ref: { resource: 'pods' }, at: 3000, seconds: 1 });
    lines.splice(5, 0, truncated.slice(0, 120));
    lines.splice(9, 0, auditEvent({ verb: 'list', uri: '/api/v1/pods', ua: AGENT_UA, ref: { resource: 'pods' }, at: 3001, seconds: 1 }).replace('audit.k8s.io/v1', 'audit.k8s.io/v1beta1'));
    lines.splice(12, 0, auditEvent({ verb: 'list', uri: '/api/v1/pods', ua: AGENT_UA, ref: { resource: 'pods' }, at: 3002, seconds: 1 }).replace('"verb":"list",', ''));
  }
  return lines.join('\n') + '\n';
}

/** A RequestResponse event whose line holds a whole pod list (`n` pods). */
export function bigListEvent(n: number): string {
  const list = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '52011' }, items: Array.from({ length: n }, (_, i) => pod(i, 1500)) };
  return auditEvent({ verb: 'list', uri: '/api/v1/pods?limit=500', ua: KUBECTL_UA, ref: { resource: 'pods' }, at: 2000, seconds: 3.5, responseObject: list });
}

/** Pods `from`..`to`-1 as a LIST response body carries them (managedFields included). */
export function podItems(from: number, to: number, padding: number): object[] {
  return Array.from({ length: to - from }, (_, k) => pod(from + k, padding, true));
}

function widget(i: number): object {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: `w-${i}`, namespace: 'shop', uid: `7d1e-${i}`, resourceVersion: `${9000 + i}` }, spec: { size: i, colour: 'blue'.repeat(i + 1) } };
}

export const WIDGETS = [0, 1, 2].map(widget);

export const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop', uid: 'c0nf-1', resourceVersion: '77' }, data: { 'nginx.conf': 'server { listen 80; }\n'.repeat(40) } };

/**
 * An audit log at level RequestResponse for reads: the agent lists pods twice (the second
 * time pods 10..19 have grown), a controller GETs a configmap and lists widgets, a GET
 * that failed (404, a Status body), a watch, a read logged at level Metadata (no body), a
 * write with a body, and a truncated line (line 4).
 */
/** A line cut inside its response body (a log rotated mid-write). */
const truncated = (line: string) => line.slice(0, line.indexOf('"items"') + 40);

export function sizedAuditLog(): string {
  const podList = (items: object[]) => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '52011' }, items });
  const lines = [
    auditEvent({ verb: 'list', uri: '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1', ua: AGENT_UA, ref: { resource: 'pods' }, at: 1, seconds: 0.4, responseObject: podList(podItems(0, 20, 1500)) }),
    auditEvent({ verb: 'get', uri: '/api/v1/namespaces/shop/configmaps/web', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop', name: 'web' }, at: 2, seconds: 0.01, responseObject: CONFIGMAP }),
    auditEvent({ verb: 'get', uri: '/api/v1/namespaces/shop/configmaps/gone', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop', name: 'gone' }, at: 3, seconds: 0.01, code: 404, responseObject: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } }),
    truncated(auditEvent({ verb: 'list', uri: '/api/v1/pods', ua: AGENT_UA, ref: { resource: 'pods' }, at: 4, seconds: 1, responseObject: podList(podItems(40, 42, 10)) })),
    auditEvent({ verb: 'list', uri: '/apis/example.com/v1/namespaces/shop/widgets', ua: CONTROLLER_UA, ref: { resource: 'widgets', namespace: 'shop', apiGroup: 'example.com', apiVersion: 'v1' }, at: 5, seconds: 0.02, responseObject: { kind: 'WidgetList', apiVersion: 'example.com/v1', metadata: {}, items: WIDGETS } }),
    auditEvent({ verb: 'watch', uri: '/api/v1/pods?watch=true', ua: AGENT_UA, ref: { resource: 'pods' }, at: 6, seconds: 300 }),
    auditEvent({ verb: 'list', uri: '/api/v1/services', ua: KUBECTL_UA, ref: { resource: 'services' }, at: 7, seconds: 0.1 }),
    auditEvent({ verb: 'update', uri: '/api/v1/namespaces/shop/configmaps/web', ua: CONTROLLER_UA, ref: { resource: 'configmaps', namespace: 'shop', name: 'web' }, at: 8, seconds: 0.01, responseObject: { ...CONFIGMAP, data: { big: 'y'.repeat(50000) } } }),
    auditEvent({ verb: 'list', uri: '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1', ua: AGENT_UA, ref: { resource: 'pods' }, at: 60, seconds: 0.4, responseObject: podList([...podItems(10, 20, 1600), ...podItems(20, 30, 1500)]) }),
  ];
  return lines.join('\n') + '\n';
}
