// KLL102 beyond what a fixture's `// want` can say: which fixes are safe, fields that depend
// on the cluster's version, and the selectable-field table against the upstream lists.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../server/src/engine/analyze';
import { selectableField, selectableLabels } from '../server/src/engine/selectableFields';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { resolveProfile, type ClusterProfile } from '../server/src/sizing/profile';

const SHAPES = path.join(packageRoot(), 'test', 'fixtures', 'scope', 'kll102_shapes.go');

const on = (version: string) => ({ rules: {}, profile: resolveProfile({ kubernetesVersion: version }) as ClusterProfile });

describe('KLL102 client-side filter', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('offers a safe fix except where len(list.Items) is read too, or a label is compared with a variable', () => {
    const text = fs.readFileSync(SHAPES, 'utf8');
    const lines = text.split('\n');
    // The LIST line of each function: len(pods.Items) read; a label equal to a variable that may be "".
    const listOf = (fn: string) => lines.findIndex((l, i) => i > lines.findIndex((x) => x.startsWith(`func ${fn}(`)) && l.includes('.List('));
    const unsafe = ['emptinessChecked', 'constantLabelKey', 'labelInInitializer'].map(listOf);
    assert.ok(unsafe.every((l) => l > 0));
    const findings = engine.analyze(text, { settings: on('1.34') }).findings.filter((f) => f.rule === 'KLL102');
    assert.ok(findings.length >= 15, `${findings.length} findings`);
    for (const f of findings) {
      assert.strictEqual(f.fixes.length, 1, `line ${f.range.start.line + 1}: one fix`);
      assert.strictEqual(f.fixes[0].safe, !unsafe.includes(f.range.start.line), `line ${f.range.start.line + 1}: ${f.fixes[0].title}`);
    }
  });

  it('points into the helper that compares the field', () => {
    const text = fs.readFileSync(SHAPES, 'utf8');
    const f = engine.analyze(text, { settings: on('1.34') }).findings.find((x) => x.rule === 'KLL102' && /nodeName == nodeName/.test(x.message));
    assert.ok(f);
    const rel = f.related ?? [];
    assert.strictEqual(rel.length, 1);
    assert.match(rel[0].message, /in onNode\(\)/);
    assert.strictEqual(rel[0].range.start.line, text.split('\n').findIndex((l) => l.includes('return p.Spec.NodeName == node')));
  });

  const services = `package x

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func lbs(ctx context.Context, cs kubernetes.Interface) {
	svcs, _ := cs.CoreV1().Services("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	for _, s := range svcs.Items {
		if s.Spec.Type != corev1.ServiceTypeLoadBalancer {
			continue
		}
		fmt.Println(s.Name)
	}
}
`;

  it('selects Services by spec.type from Kubernetes 1.31 on, where the apiserver can', () => {
    const rule = (v: string) => engine.analyze(services, { settings: on(v) }).findings.filter((f) => f.rule === 'KLL102');
    assert.deepStrictEqual(rule('1.30'), []);
    const [f] = rule('1.31');
    assert.ok(f);
    assert.match(f.fixes[0].edits[0].newText, /FieldSelector: "spec\.type=" \+ string\(corev1\.ServiceTypeLoadBalancer\)/);
  });

  it('a kind-specific field belongs to the built-in kind only (a CRD named jobs has no status.successful)', () => {
    assert.deepStrictEqual(selectableField({ resource: 'jobs', groupVersion: 'BatchV1' }, 'Status.Succeeded'), { label: 'status.successful', type: 'int' });
    assert.strictEqual(selectableField({ resource: 'jobs', groupVersion: 'ExampleV1' }, 'Status.Succeeded'), undefined);
    assert.strictEqual(selectableField({ resource: 'jobs', pkgPath: 'example.com/api/v1' }, 'Status.Succeeded'), undefined);
    assert.deepStrictEqual(selectableField({ resource: 'jobs', groupVersion: 'ExampleV1' }, 'GetName()'), { label: 'metadata.name', type: 'string' });
  });

  it('knows the field labels upstream converts (pkg/apis/core/v1/conversion.go and the apps, batch, certificates groups)', () => {
    // status.podIPs is left out on purpose: its value is the list joined, no Go field equals it.
    const upstream: Record<string, string[]> = {
      pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
      nodes: ['spec.unschedulable'],
      secrets: ['type'],
      namespaces: ['status.phase'],
      replicationcontrollers: ['status.replicas'],
      replicasets: ['status.replicas'],
      jobs: ['status.successful'],
      certificatesigningrequests: ['spec.signerName'],
      services: ['spec.clusterIP', 'spec.type'],
    };
    for (const [resource, labels] of Object.entries(upstream)) assert.deepStrictEqual(selectableLabels(resource).sort(), [...labels].sort(), resource);
    assert.ok(selectableLabels('events').includes('involvedObject.name'));
    assert.deepStrictEqual(selectableLabels('persistentvolumeclaims'), []);
  });
});
