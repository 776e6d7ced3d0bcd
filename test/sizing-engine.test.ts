// The sizing model inside the engine: findings carry their cost (never in the message),
// KLL001's severity follows the profile's version, multiplicity comes from loops and
// per-node agents, and inventory() lists every call.
import * as assert from 'assert';
import type { Engine } from '../server/src/engine/analyze';
import { createEngine } from '../server/src/host/grammarFiles';
import { headline, resolveProfile, type ClusterProfile, type ProfileSpec } from '../server/src/sizing';

function profile(spec: ProfileSpec): ClusterProfile {
  const p = resolveProfile(spec);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

const HEADER = `package main

import (
	"context"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)
`;

const AGENT = `${HEADER}
func run(ctx context.Context, cs kubernetes.Interface) {
	node := os.Getenv("NODE_NAME")
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + node})
	_, _ = cs.CoreV1().Services("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
}
`;

const CONTROLLER = `${HEADER.replace('"os"', '"os"\n\t"time"')}
func reconcile(ctx context.Context, cs kubernetes.Interface, n int) {
	nodes, _ := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	for _, node := range nodes.Items {
		_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + node.Name})
	}
	for i := 0; i < n; i++ {
		_, _ = cs.CoreV1().Nodes().Get(ctx, "x", metav1.GetOptions{})
	}
	for {
		_, _ = cs.CoreV1().Services("").List(ctx, metav1.ListOptions{})
		time.Sleep(time.Minute)
	}
	opts := metav1.ListOptions{Limit: 500}
	for {
		list, err := cs.CoreV1().ConfigMaps("").List(ctx, opts)
		if err != nil || list.Continue == "" {
			return
		}
		opts.Continue = list.Continue
	}
}
`;

describe('call shapes for sizing', () => {
  it('reads the field selector kind from literals and expressions', async () => {
    const { fieldSelectorKind } = await import('../server/src/engine/callShape');
    const expr = (text: string) => ({ kind: 'expr' as const, text });
    assert.strictEqual(fieldSelectorKind(undefined), 'none');
    assert.strictEqual(fieldSelectorKind({ kind: 'string', value: '', node: {} as never }), 'none');
    assert.strictEqual(fieldSelectorKind(expr('"spec.nodeName=" + node')), 'nodeName');
    assert.strictEqual(fieldSelectorKind(expr('fields.OneTermEqualSelector("spec.nodeName", node).String()')), 'nodeName');
    assert.strictEqual(fieldSelectorKind({ kind: 'string', value: 'metadata.name=n1', node: {} as never }), 'name');
    assert.strictEqual(fieldSelectorKind(expr('"spec.nodeName!=" + node')), 'other');
    assert.strictEqual(fieldSelectorKind({ kind: 'string', value: 'status.phase=Running', node: {} as never }), 'other');
  });

  it('finds NODE_NAME-style env reads and their line', async () => {
    const { perNodeEvidence } = await import('../server/src/engine/callShape');
    assert.deepStrictEqual(perNodeEvidence('a\nb := os.Getenv("MY_NODE_NAME")\n'), { text: 'os.Getenv("MY_NODE_NAME")', line: 1 });
    assert.strictEqual(perNodeEvidence('os.Getenv("HOME")'), undefined);
  });
});

describe('sizing in the engine', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('a finding carries its cost; its message is the rule\'s text only', () => {
    const settings = { rules: {}, profile: profile({ preset: '4k-nodes', kubernetesVersion: '1.30' }) };
    const [f] = engine.analyze(AGENT.replace('os.Getenv("NODE_NAME")', '"n1"'), { settings }).findings;
    assert.strictEqual(f.rule, 'KLL001');
    assert.ok(!/Estimate|≈|per call/.test(f.message), f.message);
    assert.strictEqual(headline(f.cost!), '≈1.0 GB read from etcd, ≈2.0 GB processed per call at 4k-nodes / 1.30 (100k pods)');
    assert.strictEqual(f.cost?.estimates[0].path.first, 'etcd');
  });

  it('with no profile configured, the default is 1k-nodes on Kubernetes 1.34 with etcd ≥ 3.5.13: the watch cache', () => {
    const [f] = engine.analyze(AGENT.replace('os.Getenv("NODE_NAME")', '"n1"')).findings;
    assert.strictEqual(headline(f.cost!), '≈600 KB sent from the watch cache per call at 1k-nodes / 1.34 (30k pods)');
    assert.deepStrictEqual([f.cost!.profile.versionAssumed, f.cost!.profile.etcdAssumed], [true, true]);
    assert.strictEqual(f.cost!.estimates.length, 1);
    assert.strictEqual(f.cost!.estimates[0].etcdBytes, 0);
  });

  it('kubernetesVersion 1.30 brings the etcd read back', () => {
    const [f] = engine.analyze(AGENT.replace('os.Getenv("NODE_NAME")', '"n1"'), { settings: { rules: {}, profile: profile({ kubernetesVersion: '1.30' }) } }).findings;
    assert.strictEqual(headline(f.cost!), '≈300 MB read from etcd, ≈600 MB processed per call at 1k-nodes / 1.30 (30k pods)');
    assert.strictEqual(f.cost!.profile.versionAssumed, undefined);
    assert.strictEqual(f.severity, 'warning');
  });

  it('a request over the read SLO at the profile is a warning, with the verdict in its data; a configured severity is kept', () => {
    // RV "0": KLL003 (information) on a cluster-wide pod LIST served whole from the watch cache.
    const src = `${HEADER}
func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0", Limit: 500})
}
`;
    // 200k pods of 20 KB: 4 GB in one response, ~36 s to send; the default 1k-nodes' 600 MB takes ~6 s.
    const huge = { preset: '5k-max', kubernetesVersion: '1.34', resources: { pods: { count: 200_000, avgBytes: 20_000 } } };
    const at = (spec: ProfileSpec, severity?: 'information') => engine.analyze(src, { settings: { rules: severity ? { KLL003: severity } : {}, profile: profile(spec) } }).findings.find((x) => x.rule === 'KLL003')!;
    const big = at(huge);
    assert.strictEqual(big.severity, 'warning');
    assert.deepStrictEqual([big.data?.slo?.scope, big.data?.slo?.objectiveSeconds], ['cluster', 30]);
    assert.ok(big.data!.slo!.requestSeconds > 30);
    const small = at({ preset: '1k-nodes', kubernetesVersion: '1.34' });
    assert.deepStrictEqual([small.severity, small.data?.slo], ['information', undefined]);
    assert.strictEqual(at(huge, 'information').severity, 'information');
  });

  it('no message says "Estimate:" or "Cost unknown", known cost or not, under any profile', () => {
    const unsized = `${HEADER}
func f(ctx context.Context, dc dynamic.Interface, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	_, _ = dc.Resource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}).List(ctx, metav1.ListOptions{})
}
`.replace('"os"', '"os"\n\n\t"k8s.io/apimachinery/pkg/runtime/schema"\n\t"k8s.io/client-go/dynamic"');
    for (const spec of [undefined, { kubernetesVersion: '1.30' }, '4k-nodes'] as const) {
      const settings = { rules: {}, profile: spec === undefined ? undefined : profile(spec) };
      for (const text of [AGENT, CONTROLLER, unsized]) {
        const { findings } = engine.analyze(text, { settings });
        assert.ok(findings.length > 0);
        for (const f of findings) assert.ok(!/Estimate:|Cost unknown|cost at .* unknown/i.test(f.message), f.message);
      }
    }
    const widgets = engine.analyze(unsized).findings.find((f) => f.cost?.resource === 'widgets');
    assert.strictEqual(widgets?.cost?.known, false, 'the unsized resource is found and its cost is unknown');
  });

  it('profile null turns sizing off', () => {
    const [f] = engine.analyze(AGENT, { settings: { rules: {}, profile: null } }).findings;
    assert.strictEqual(f.cost, undefined);
  });

  it('KLL001 on an unpaginated list: warning before 1.31 or with old etcd, information on 1.31+ (the default 1.34 too); configured severity wins', () => {
    const sev = (spec: ProfileSpec, rules = {}) => engine.analyze(AGENT, { settings: { rules, profile: profile(spec) } }).findings[0].severity;
    assert.strictEqual(sev({ kubernetesVersion: '1.30' }), 'warning');
    assert.strictEqual(sev({}), 'information');
    assert.strictEqual(engine.analyze(AGENT).findings[0].severity, 'information');
    assert.strictEqual(sev({ etcdVersion: '3.5.12' }), 'warning');
    assert.strictEqual(sev({ kubernetesVersion: '1.31' }), 'information');
    assert.strictEqual(sev({ kubernetesVersion: '1.33', etcdVersion: '3.5.12' }), 'warning');
    assert.strictEqual(sev({ kubernetesVersion: '1.34' }), 'information');
    assert.strictEqual(sev({ kubernetesVersion: '1.34', etcdVersion: '3.5.12' }), 'warning');
    assert.strictEqual(sev({ kubernetesVersion: '1.34' }, { KLL001: 'error' }), 'error');
  });

  it('a NODE_NAME env read makes the file a per-node agent: × nodes, with the evidence', () => {
    const [f] = engine.analyze(AGENT, { settings: { rules: {}, profile: profile('4k-nodes') } }).findings;
    assert.strictEqual(f.cost?.multiplicity.factor, 4000);
    assert.match(f.cost!.multiplicity.reasons[0], /× 4,000 nodes: a per-node agent \(detected from os\.Getenv\("NODE_NAME"\) at line 12\)/);
    assert.match(headline(f.cost!), /≈500 KB sent from the watch cache per call .*≈2\.0 GB processed per run$/);
  });

  it('perNodeAgent in the profile multiplies without the env read', () => {
    const text = AGENT.replace('os.Getenv("NODE_NAME")', '"n1"');
    const [f] = engine.analyze(text, { settings: { rules: {}, profile: profile({ preset: 'small', perNodeAgent: true }) } }).findings;
    assert.strictEqual(f.cost?.multiplicity.factor, 50);
    assert.match(f.cost!.multiplicity.reasons[0], /profile\.perNodeAgent/);
  });

  it('a loop over a listed collection multiplies by its size; unknown loops and pagination loops do not', () => {
    const inv = engine.inventory(CONTROLLER, { settings: { rules: {}, profile: profile('4k-nodes') } });
    const byLine = new Map(inv.calls.map((c) => [c.range.start.line + 1, c]));
    const perNode = byLine.get(15)!.cost!.multiplicity;
    assert.deepStrictEqual([perNode.factor, perNode.known], [4000, true]);
    assert.match(perNode.reasons[0], /× 4,000: a loop over the nodes listed at line 13/);
    const get = byLine.get(18)!.cost!.multiplicity;
    assert.deepStrictEqual([get.factor, get.known], [1, false]);
    assert.match(get.reasons[0], /loop of unknown size \(line 17\)/);
    const poll = byLine.get(21)!.cost!.multiplicity;
    assert.deepStrictEqual([poll.factor, poll.known], [1, false]);
    assert.match(poll.reasons[0], /repeats in a polling loop \(for \{ \.\.\. time\.Sleep\(\.\.\.\) \}, line 20\)/);
    assert.deepStrictEqual(byLine.get(26)!.cost!.multiplicity, { factor: 1, known: true, reasons: [] });
  });

  it('lister reads cost the apiserver nothing: served from the local informer cache', () => {
    const text = `package x

import (
	"k8s.io/apimachinery/pkg/labels"
	corelisters "k8s.io/client-go/listers/core/v1"
)

type c struct{ podLister corelisters.PodLister }

func (x *c) f() {
	_, _ = x.podLister.List(labels.Everything())
}
`;
    const inv = engine.inventory(text, { settings: { rules: {}, profile: profile('4k-nodes') }, noPrefilter: true });
    assert.strictEqual(inv.calls.length, 1);
    const cost = inv.calls[0].cost!;
    assert.strictEqual(cost.known, true);
    assert.strictEqual(cost.estimates[0].path.first, 'local-cache');
    assert.strictEqual(cost.estimates[0].bytesProcessed, 0);
    assert.deepStrictEqual(inv.calls[0].rules, []);
  });

  it('inventory lists every recognised call, flagged or not, with its rules and package', () => {
    const inv = engine.inventory(AGENT, { settings: { rules: {}, profile: profile('4k-nodes') } });
    assert.strictEqual(inv.packageName, 'main');
    assert.strictEqual(inv.perNode?.line, 11);
    assert.deepStrictEqual(
      inv.calls.map((c) => [c.verb, c.shape.resource, c.shape.rv, c.shape.fieldSelector, c.rules.join(',')]),
      [
        ['list', 'pods', 'unset', 'nodeName', 'KLL001'],
        ['list', 'services', 'zero', 'none', ''],
      ],
    );
    assert.ok(inv.calls.every((c) => c.cost?.known));
  });
});
