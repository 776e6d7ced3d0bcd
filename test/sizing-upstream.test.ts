// Issue 16: the apiserver's semantics as upstream source has them (kubernetes/apiserver
// v0.30–v0.36), one test per correction: the serving path, the message, the fix or its absence.
import * as assert from 'assert';
import type { Engine } from '../server/src/engine/analyze';
import { createEngine } from '../server/src/host/grammarFiles';
import { estimateCall, resolveProfile, type CallShape, type ClusterProfile, type ProfileSpec } from '../server/src/sizing';
import { validateConfig } from '../server/src/config/validate';

function profile(spec: ProfileSpec): ClusterProfile {
  const p = resolveProfile(spec);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

const LIST: CallShape = { verb: 'list', rv: 'unset', rvm: 'unset', limit: 'none', resource: 'pods', scope: 'all', fieldSelector: 'none', labelSelector: false };

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
});
