// Issue 16: the apiserver's semantics as upstream source has them (kubernetes/apiserver
// v0.30–v0.36), one test per correction: the serving path, the message, the fix or its absence.
import * as assert from 'assert';
import type { Engine } from '../server/src/engine/analyze';
import { createEngine } from '../server/src/host/grammarFiles';
import { estimateCall, gateOn, GATES, informerStart, resolveProfile, servingPath, SERVING_TABLE_ROWS, since, type RequestShape, type CallShape, type ClusterProfile, type ProfileSpec } from '../server/src/sizing';
import { validateConfig } from '../server/src/config/validate';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../server/src/host/grammarFiles';

function profile(spec: ProfileSpec): ClusterProfile {
  const p = resolveProfile(spec);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

const LIST: CallShape = { verb: 'list', rv: 'unset', rvm: 'unset', limit: 'none', resource: 'pods', scope: 'all', fieldSelector: 'none', labelSelector: false };

const req = (over: Partial<RequestShape>): RequestShape => ({ verb: 'list', rv: 'unset', rvm: 'unset', limit: 'none', ...over });

const HEADER = `package main

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)
`;

describe('issue 16: upstream semantics', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  describe('1. resources with no watch cache (Events, --watch-cache-sizes=X#0)', () => {
    it('the profile lists them; Events are always in it', () => {
      assert.deepStrictEqual(profile('small').noWatchCache, ['events']);
      assert.deepStrictEqual(profile({ watchCacheDisabled: ['Leases.coordination.k8s.io'] }).noWatchCache, ['events', 'leases']);
      assert.deepStrictEqual(validateConfig({ profile: { watchCacheDisabled: 'leases' } }).map((i) => i.keyPath), ['profile.watchCacheDisabled']);
      assert.deepStrictEqual(validateConfig({ profile: { watchCacheDisabled: ['leases'] } }), []);
    });

    it('every read of an uncached resource is priced from etcd, RV "0" or not, and its Limit is honoured', () => {
      const p = profile({ preset: '4k-nodes', watchCacheDisabled: ['leases'] });
      const e = estimateCall({ ...LIST, resource: 'leases', rv: 'zero', limit: 'set', limitValue: 500 }, p).estimates[0];
      assert.strictEqual(e.path.first, 'etcd');
      assert.strictEqual(e.path.limitIgnored, false);
      assert.ok(e.etcdBytes > 0);
      assert.strictEqual(e.responses, Math.ceil(4050 / 500));
      assert.strictEqual(estimateCall({ ...LIST, resource: 'leases', rv: 'zero' }, profile('4k-nodes')).estimates[0].path.first, 'watch-cache');
    });

    it('KLL001-KLL003 say nothing of an uncached resource: their ResourceVersion fixes change nothing there', () => {
      const text = `${HEADER}
func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().ConfigMaps("").List(ctx, metav1.ListOptions{})
	_, _ = cs.CoreV1().ConfigMaps("").List(ctx, metav1.ListOptions{ResourceVersion: "0", Limit: 10})
}
`;
      const rules = (spec: ProfileSpec) => engine.analyze(text, { settings: { rules: {}, profile: profile(spec) } }).findings.map((f) => f.rule).filter((r) => /^KLL00/.test(r));
      assert.deepStrictEqual(rules({ kubernetesVersion: '1.30' }), ['KLL001', 'KLL003']);
      assert.deepStrictEqual(rules({ kubernetesVersion: '1.30', watchCacheDisabled: ['configmaps'] }), []);
    });
  });

  describe('2. the etcd condition holds on every version from 1.31, GA included', () => {
    it('a consistent LIST on 1.31–1.37 with etcd 3.5.12 reads etcd; with 3.5.13 the cache', () => {
      for (const minor of [31, 33, 34, 36, 37]) {
        assert.strictEqual(servingPath(req({}), minor, '3.5.12').first, 'etcd', `1.${minor}`);
        assert.strictEqual(servingPath(req({}), minor, '3.5.13').first, 'watch-cache', `1.${minor}`);
      }
    });
  });

  describe('3. RV=N + NotOlderThan + Limit (v0.30 hasLimit, v0.31 computeListLimit, v0.34 ShouldDelegateContinue)', () => {
    const shape = req({ rv: 'exact', rvm: 'NotOlderThan', limit: 'set' });
    it('etcd on 1.30; the cache honours the Limit from 1.31, continue pages from etcd then from snapshots', () => {
      assert.strictEqual(servingPath(shape, 30).first, 'etcd');
      for (const minor of [31, 34]) assert.strictEqual(servingPath(shape, minor).limitIgnored, false);
      assert.strictEqual(servingPath(shape, 33).rest, 'etcd');
      assert.strictEqual(servingPath(shape, 34).rest, 'cache-snapshot');
      // Only RV "0" drops the Limit.
      assert.strictEqual(servingPath(req({ rv: 'zero', rvm: 'NotOlderThan', limit: 'set' }), 34).limitIgnored, true);
    });
    it('priced in pages: 1.31 reads one page from the cache and the rest from etcd', () => {
      const e = estimateCall({ ...LIST, rv: 'exact', rvm: 'NotOlderThan', limit: 'set', limitValue: 500 }, profile({ preset: '4k-nodes', kubernetesVersion: '1.31', etcdVersion: '3.5.16' })).estimates[0];
      assert.strictEqual(e.responses, 200);
      assert.ok(Math.abs(e.etcdBytes - 99_500 * 10_000) < 1);
    });
    it("KLL004's fix and detail say which versions NotOlderThan helps", () => {
      const text = `${HEADER}
func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "12345", Limit: 500})
}
`;
      const [f] = engine.analyze(text).findings.filter((x) => x.rule === 'KLL004');
      assert.match(f.fixes[0].title, /first page from the watch cache from 1\.31/);
      assert.match(f.data?.detail ?? '', /continue pages from etcd on 1\.31–1\.33, from cache snapshots on 1\.34\+/);
      assert.match(f.data?.detail ?? '', /before 1\.31 any Limit/);
    });
  });

  describe('4. KLL003 is information and removing its Limit is unsafe (client-go reflector keeps it)', () => {
    it('information; both fixes unsafe; the detail says when the Limit applies', () => {
      const text = `${HEADER}
func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0", Limit: 500})
}
`;
      const [f] = engine.analyze(text, { settings: { rules: {}, profile: profile({ kubernetesVersion: '1.30' }) } }).findings.filter((x) => x.rule === 'KLL003');
      assert.strictEqual(f.severity, 'information');
      assert.deepStrictEqual(f.fixes.map((x) => [x.title.split(' (')[0], x.safe]), [['Remove Limit', false], ['Remove ResourceVersion to paginate for real', false]]);
      assert.match(f.data?.detail ?? '', /Keep the Limit: it applies whenever the cache does not serve/);
    });
  });

  describe('5. KLL001 on 1.31+: RV "0" only where the LIST runs many times', () => {
    const text = `${HEADER}
func once(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Services("").List(ctx, metav1.ListOptions{})
}

func perItem(ctx context.Context, cs kubernetes.Interface, nss []string) {
	for _, ns := range nss {
		_, _ = cs.CoreV1().Services(ns).List(ctx, metav1.ListOptions{})
	}
}
`;
    const kll001 = (spec: ProfileSpec | undefined) =>
      engine.analyze(text, { settings: { rules: {}, profile: spec === undefined ? undefined : profile(spec) } }).findings.filter((f) => f.rule === 'KLL001');
    it('on the default 1.34: information; no fix once, a fix in the loop', () => {
      const [once, loop] = kll001(undefined);
      assert.deepStrictEqual([once.severity, once.fixes.length], ['information', 0]);
      assert.deepStrictEqual([loop.severity, loop.fixes.length], ['information', 1]);
      assert.match(loop.fixes[0].title, /any staleness: may be old or go back in time/);
      assert.match(once.data?.detail ?? '', /arbitrarily stale and can go back in time across apiservers/);
      assert.ok(!/slightly stale/.test(once.data?.detail ?? ''));
    });
    it('on 1.30, or 1.34 with an etcd too old: a warning with the fix everywhere', () => {
      for (const spec of [{ kubernetesVersion: '1.30' }, { kubernetesVersion: '1.34', etcdVersion: '3.5.12' }]) {
        assert.deepStrictEqual(kll001(spec).map((f) => [f.severity, f.fixes.length]), [['warning', 1], ['warning', 1]], JSON.stringify(spec));
      }
    });
  });

  describe('6, 7. docs/sizing.md: unready caches from 1.31, and the freshness wait with its 3 s timeout', () => {
    const doc = fs.readFileSync(path.join(packageRoot(), 'docs', 'sizing.md'), 'utf8');
    it('says 429 on an unready cache from 1.31, Limit-without-selectors to etcd, GET to etcd', () => {
      assert.match(doc, /429 Too Many Requests, except a LIST with a Limit and no selectors/);
      assert.match(doc, /a GET with a ResourceVersion goes\s+to etcd/);
    });
    it('says the wait falls back to etcd after 3 s, not "≤ ~100 ms"', () => {
      assert.match(doc, /3 s timeout/);
      assert.ok(!/≤ ~100 ms/.test(doc));
    });
  });

  describe('the gate table: every version-dependent behaviour in one place, minors up to 1.37', () => {
    it('each gate turns on where upstream turns it on (WatchList off again on 1.33)', () => {
      const on = (g: Parameters<typeof gateOn>[0]) => [30, 31, 32, 33, 34, 37].filter((m) => gateOn(g, m));
      assert.deepStrictEqual(on('ConsistentListFromCache'), [31, 32, 33, 34, 37]);
      assert.deepStrictEqual(on('BtreeWatchCache'), [32, 33, 34, 37]);
      assert.deepStrictEqual(on('StreamingCollectionEncoding'), [33, 34, 37]);
      assert.deepStrictEqual(on('ListFromCacheSnapshot'), [34, 37]);
      assert.deepStrictEqual(on('WatchList'), [32, 34, 37]);
      assert.strictEqual(GATES.WatchListClient.side, 'client-go');
      for (const [name, g] of Object.entries(GATES)) assert.match(g.source, /\.go:\d+/, name);
    });
    it('the serving path changes only where a gate turns on', () => {
      const boundaries = new Set([GATES.ConsistentListFromCache.onFrom, GATES.ListFromCacheSnapshot.onFrom]);
      for (const [label, r] of SERVING_TABLE_ROWS) {
        for (let m = 25; m <= 37; m++) {
          if (boundaries.has(m)) continue;
          assert.deepStrictEqual(servingPath(r, m, '3.5.13'), servingPath(r, m - 1, '3.5.13'), `${label}: 1.${m - 1} → 1.${m}`);
        }
      }
    });
    it('a minor after 1.37 is served as 1.37, and the estimate says the gate table stops there', () => {
      for (const [label, r] of SERVING_TABLE_ROWS) assert.deepStrictEqual(servingPath(r, 40), servingPath(r, 37), label);
      const e = estimateCall(LIST, profile({ kubernetesVersion: '1.38' }));
      assert.ok(e.assumptions.some((a) => /1\.38 is newer than the model's gate table \(1\.37\)/.test(a)), e.assumptions.join('\n'));
      assert.ok(!estimateCall(LIST, profile({ kubernetesVersion: '1.37' })).assumptions.some((a) => /newer than/.test(a)));
    });
    it('messages take their versions from the table', () => {
      assert.deepStrictEqual([since('ConsistentListFromCache'), since('ListFromCacheSnapshot')], ['1.31', '1.34']);
    });
  });

  describe('15. options the apiserver rejects are not a serving path', () => {
    it('RVM without RV, and RVM=Exact with RV "0": rejected (400), no cost', () => {
      for (const r of [req({ rvm: 'NotOlderThan' }), req({ rvm: 'Exact' }), req({ rv: 'zero', rvm: 'Exact' })]) {
        for (const m of [30, 34]) assert.strictEqual(servingPath(r, m).first, 'invalid', JSON.stringify(r));
      }
      assert.strictEqual(servingPath(req({ rv: 'zero', rvm: 'NotOlderThan' }), 34).first, 'watch-cache');
      const cost = estimateCall({ ...LIST, rvm: 'NotOlderThan' }, profile({ kubernetesVersion: '1.34' }));
      assert.deepStrictEqual([cost.known, cost.unknownReason], [false, 'ResourceVersionMatch without a ResourceVersion is rejected (400)']);
    });
  });

  describe('9. memory by version: whole responses before 1.33, item by item after; etcd range reads grow to 10,000 keys', () => {
    const at = (minor: string, over: Partial<CallShape>, etcd = '3.5.13') => estimateCall({ ...LIST, ...over }, profile({ preset: '4k-nodes', kubernetesVersion: minor, etcdVersion: etcd })).estimates[0];
    it('a LIST from the cache holds its whole response on 1.32, about one object from 1.33', () => {
      assert.strictEqual(at('1.32', { rv: 'zero' }).memoryBytes, 100_000 * 20_000);
      assert.strictEqual(at('1.33', { rv: 'zero' }).memoryBytes, 20_000);
    });
    it('an etcd LIST is 5× its etcd response; a selective paginated one reads up to 10,000 keys per range', () => {
      assert.strictEqual(at('1.30', {}).memoryBytes, 5 * 100_000 * 10_000);
      const paged = at('1.30', { limit: 'set', limitValue: 500, fieldSelector: 'nodeName' });
      assert.strictEqual(paged.memoryBytes, 5 * 10_000 * 10_000, 'spec.nodeName drops most pods: the range read grows to 10,000 keys');
      assert.strictEqual(at('1.30', { limit: 'set', limitValue: 500 }).memoryBytes, 5 * 500 * 10_000, 'no selector: 500 keys per range read');
    });
  });

  describe('10. APF seats in every estimate (list_work_estimator.go)', () => {
    const seats = (spec: ProfileSpec, over: Partial<CallShape>) => estimateCall({ ...LIST, ...over }, profile(spec)).estimates[0].apfSeats;
    it('before 1.34: one seat per 100 objects, at most 10', () => {
      assert.strictEqual(seats({ kubernetesVersion: '1.33', resources: { leases: { count: 250 } } }, { resource: 'leases', rv: 'zero' }), 3);
      assert.strictEqual(seats({ kubernetesVersion: '1.30' }, {}), 10);
    });
    it('from 1.34: one seat per 100 KB loaded (storage size); cache reads at most 10, etcd reads up to workload-low\'s 37', () => {
      assert.strictEqual(seats({ kubernetesVersion: '1.34' }, { resource: 'leases' }), 3, '1,050 leases × 200 B in etcd = 210 KB');
      assert.strictEqual(seats({ kubernetesVersion: '1.34' }, {}), 10, '30k pods from the cache: capped at 1 MB');
      assert.strictEqual(seats({ kubernetesVersion: '1.34', etcdVersion: '3.5.12' }, {}), 37, '300 MB from etcd: 100 seats, capped by the level');
      assert.strictEqual(seats({ kubernetesVersion: '1.34' }, { fieldSelector: 'name', scope: 'namespaced' }), 1);
    });
    it('APF judges by the options: RV "0" with a Limit is charged for the Limit the cache ignores, Events as if cached', () => {
      assert.strictEqual(seats({ kubernetesVersion: '1.34' }, { resource: 'leases', rv: 'zero', limit: 'set', limitValue: 100 }), 1);
      const events = estimateCall({ ...LIST, resource: 'events', rv: 'zero' }, profile({ kubernetesVersion: '1.34' })).estimates[0];
      assert.deepStrictEqual([events.path.first, events.apfSeats], ['etcd', 10]);
    });
    it('a per-node agent\'s LISTs starting together are said to crowd workload-low', () => {
      const p = profile({ preset: '4k-nodes', kubernetesVersion: '1.34' });
      const e = estimateCall(LIST, p, { factor: 4000, reasons: [], known: true, perNode: 4000 });
      assert.ok(e.assumptions.some((a) => /4,000 agents starting together ask for 40,000 seats against workload-low's 245/.test(a)), e.assumptions.join('\n'));
      assert.ok(!estimateCall(LIST, p).assumptions.some((a) => /workload-low/.test(a)));
    });
  });

  describe('8. selectors and etcd: metadata.namespace narrows the range, metadata.name reads one key', () => {
    const text = `${HEADER}
func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "metadata.namespace=kube-system"})
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "metadata.namespace=kube-system,metadata.name=etcd-0"})
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=etcd-0"})
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "metadata.namespace!=kube-system"})
}
`;
    const costs = (spec: ProfileSpec) => engine.analyze(text, { settings: { rules: {}, profile: profile(spec) } }).findings.filter((f) => f.rule === 'KLL001').map((f) => f.cost!);
    it('a metadata.namespace= term reads one namespace\'s range from etcd; with metadata.name one key; != does not narrow', () => {
      const [ns, nsName, name, notNs] = costs({ preset: '4k-nodes', kubernetesVersion: '1.30' });
      assert.strictEqual(ns.estimates[0].objectsScanned, 100_000 / 100, '100k pods over 100 namespaces');
      assert.strictEqual(ns.estimates[0].returnedIsUpperBound, false, 'the namespace term is the whole selector');
      assert.strictEqual(nsName.estimates[0].objectsScanned, 1);
      assert.strictEqual(name.estimates[0].objectsScanned, 100_000, 'a name in every namespace: the whole range');
      assert.strictEqual(notNs.estimates[0].objectsScanned, 100_000);
    });
    it("KLL001 names the narrowed range: 'in the namespace', and one pod by name", () => {
      const msgs = engine.analyze(text, { settings: { rules: {}, profile: profile({ kubernetesVersion: '1.30' }) } }).findings.filter((f) => f.rule === 'KLL001').map((f) => f.message.split(' without')[0]);
      assert.deepStrictEqual(msgs, ['LIST of all pods in the namespace', 'LIST of one pod by name in the namespace', 'LIST of all pods in the cluster', 'LIST of all pods in the cluster']);
    });
    it('before 1.32 the watch cache walks every key of the type for one namespace, and the estimate says so', () => {
      const on = (v: string) => estimateCall({ ...LIST, rv: 'zero', scope: 'namespaced' }, profile({ preset: '4k-nodes', kubernetesVersion: v })).assumptions.some((a) => /Before 1\.32 the watch cache checks the key of every one of the 100,000 pods/.test(a));
      assert.deepStrictEqual([on('1.31'), on('1.32')], [true, false]);
    });
  });

  describe('12, 13. discovery is two large requests; KLL301 names the other ways to hold less', () => {
    const details = (fixture: string, rule: string) => {
      const text = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'shapes', fixture), 'utf8');
      return engine.analyze(text, { settings: { rules: {} } }).findings.filter((f) => f.rule === rule).map((f) => f.data?.detail ?? '');
    };
    it('KLL302: aggregated discovery (/api and /apis), per group-version only on older servers; the lazy REST mapper', () => {
      const all = details('kll302.go', 'KLL302').join('\n');
      assert.match(all, /two large requests with aggregated discovery/);
      assert.match(all, /one per group-version on older servers/);
      assert.match(all, /lazily, from controller-runtime v0\.15/);
    });
    it('KLL301: metadata-only reads, stripped managed fields, DisableFor, ReaderFailOnMissingInformer; three informers per kind', () => {
      const [d] = details('kll301_reconciler.go', 'KLL301');
      for (const alt of ['PartialObjectMetadata', 'builder.OnlyMetadata', 'TransformStripManagedFields()', 'DisableFor', 'ReaderFailOnMissingInformer: true', 'start three informers']) {
        assert.ok(d.includes(alt), alt);
      }
      const page = fs.readFileSync(path.join(packageRoot(), 'docs', 'rules', 'KLL301.md'), 'utf8');
      assert.match(page, /cache\.AllNamespaces: \{\}\}` restricts nothing/);
    });
  });

  describe("11. informers: the first sync follows the module's client-go (go.mod) and the server's WatchList", () => {
    it('client-go v0.35+: a streaming watch (WatchList on 1.32 and 1.34+, a LIST on 1.33); v0.30–v0.34: the env switch; unknown: silent', () => {
      assert.match(informerStart(35, 34)!, /client-go v0\.35 the informer starts with a streaming watch \(sendInitialEvents\)/);
      assert.match(informerStart(36, 33)!, /Kubernetes 1\.33 has WatchList off, so it falls back to a LIST/);
      assert.match(informerStart(32, 34)!, /KUBE_FEATURE_WatchListClient=true .* on Kubernetes 1\.32 and from 1\.34/);
      assert.match(informerStart(28, 34)!, /from client-go v0\.35 it starts with a streaming watch/);
      assert.strictEqual(informerStart(undefined, 34), undefined);
    });
    it("KLL303's detail says it when go.mod gives client-go, and nothing when it does not", () => {
      const text = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'agent', 'kll303.go'), 'utf8');
      const detail = (p: ClusterProfile) => engine.analyze(text, { settings: { rules: {}, profile: p } }).findings.find((f) => f.rule === 'KLL303')!.data?.detail ?? '';
      const hinted = resolveProfile({ kubernetesVersion: '1.34' }, { clientGo: 'v0.32.1' }) as ClusterProfile;
      assert.strictEqual(hinted.clientGoMinor, 32, 'the module\'s client-go is kept when the cluster version is configured');
      assert.match(detail(hinted), /KUBE_FEATURE_WatchListClient=true/);
      assert.doesNotMatch(detail(profile({ kubernetesVersion: '1.34' })), /streaming watch|WatchListClient/);
    });
  });

  describe("13. KLL301's option names follow the module's controller-runtime (go.mod)", () => {
    const text = () => fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'shapes', 'kll301_reconciler.go'), 'utf8');
    const detail = (controllerRuntime?: string) => {
      const hint = { clientGo: 'v0.30.0', ...(controllerRuntime ? { controllerRuntime } : {}) };
      const p = resolveProfile(undefined, hint) as ClusterProfile;
      return engine.analyze(text(), { settings: { rules: {}, profile: p } }).findings.find((f) => f.rule === 'KLL301')!.data?.detail ?? '';
    };
    it('v0.14: SelectorsByObject, ctrl.Options{Namespace}, ClientDisableCacheFor; nothing newer', () => {
      const d = detail('v0.14.6');
      assert.match(d, /cache\.SelectorsByObject\{.*ctrl\.Options\{Namespace: \.\.\.\} \(controller-runtime v0\.14's option names\)/);
      assert.match(d, /ClientDisableCacheFor/);
      assert.doesNotMatch(d, /DefaultNamespaces|ReaderFailOnMissingInformer|TransformStripManagedFields|DisableFor: /);
    });
    it('v0.15: ByObject with Namespaces []string; v0.16: DefaultNamespaces and ReaderFailOnMissingInformer; v0.18 and unknown: TransformStripManagedFields', () => {
      assert.match(detail('v0.15.3'), /cache\.Options\{Namespaces: \[\]string\{\.\.\.\}\}/);
      const v16 = detail('v0.16.3');
      assert.match(v16, /DefaultNamespaces/);
      assert.match(v16, /ReaderFailOnMissingInformer/);
      assert.doesNotMatch(v16, /TransformStripManagedFields/);
      for (const d of [detail('v0.18.0'), detail()]) assert.match(d, /TransformStripManagedFields\(\)/);
    });
  });

  describe("11. the pager's FullListIfExpired fallback is a consistent full LIST: etcd before 1.31, the watch cache after", () => {
    it('KLL001 says where the fallback reads at the profile version', () => {
      const text = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'shapes', 'pager.go'), 'utf8');
      const msg = (v: string) => engine.analyze(text, { settings: { rules: {}, profile: profile({ kubernetesVersion: v }) } }).findings.find((f) => f.rule === 'KLL001' && /FullListIfExpired/.test(f.message));
      assert.match(msg('1.30')!.message, /may fall back to one full LIST from etcd$/);
      assert.match(msg('1.34')!.message, /may fall back to one full LIST from the watch cache$/);
      assert.match(msg('1.34')!.data?.detail ?? '', /read from etcd before 1\.31 \(or with etcd older than 3\.4\.31\/3\.5\.13\) and from the watch cache after/);
    });
  });
});

