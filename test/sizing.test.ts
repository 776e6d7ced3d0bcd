// The sizing model's parts: profile resolution, the serving path table (DESIGN §4, every
// row and version range), the estimate's narrowing, and how costs read.
import * as assert from 'assert';
import {
  ASSUMED_KUBERNETES_VERSION,
  codeLensText,
  DEFAULT_PRESET,
  estimateCall,
  fmtBytes,
  fmtSeconds,
  formatCostMarkdown,
  grouped,
  headline,
  PRESET_NAMES,
  readSlo,
  resolveProfile,
  servingPath,
  servingPaths,
  sizingNotes,
  type CallShape,
  type ClusterProfile,
  type RequestShape,
  type Source,
} from '../server/src/sizing';

function profile(spec: Parameters<typeof resolveProfile>[0]): ClusterProfile {
  const p = resolveProfile(spec);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

/** A profile built in code with no Kubernetes or etcd version at all: every version range is estimated. */
function versionless(spec: Parameters<typeof resolveProfile>[0]): ClusterProfile {
  return { ...profile(spec), kubernetesVersion: undefined, minor: undefined, etcdVersion: undefined, versionAssumed: undefined, etcdAssumed: undefined };
}

const req = (over: Partial<RequestShape>): RequestShape => ({ verb: 'list', rv: 'unset', rvm: 'unset', limit: 'none', ...over });
const LIST_PODS: CallShape = { verb: 'list', rv: 'unset', rvm: 'unset', limit: 'none', resource: 'pods', scope: 'all', fieldSelector: 'none', labelSelector: false };

describe('sizing: profiles', () => {
  it('has the four presets, and resolves a name or a mapping', () => {
    assert.deepStrictEqual(PRESET_NAMES, ['small', '1k-nodes', '4k-nodes', '5k-max']);
    assert.strictEqual(profile('small').nodes, 50);
    assert.strictEqual(profile('5k-max').resources.pods.count, 150_000);
    assert.strictEqual(profile('5k-max').nodes, 5000);
    assert.strictEqual(profile({ preset: '4k-nodes' }).resources.pods.avgBytes, 20_000);
    assert.strictEqual(profile(undefined).name, DEFAULT_PRESET);
  });

  it('with no version configured, assumes the oldest supported minor (1.34) and etcd ≥ 3.5.13, and says so', () => {
    const d = profile(undefined);
    assert.deepStrictEqual([d.kubernetesVersion, d.minor, d.etcdVersion, d.versionAssumed, d.etcdAssumed], ['1.34', 34, '3.5.13', true, true]);
    assert.strictEqual(d.kubernetesVersion, ASSUMED_KUBERNETES_VERSION);
    // A given etcd is kept; a given Kubernetes version assumes nothing.
    const e = profile({ etcdVersion: '3.5.10' });
    assert.deepStrictEqual([e.minor, e.etcdVersion, e.versionAssumed, e.etcdAssumed], [34, '3.5.10', true, undefined]);
    const old = profile({ preset: '4k-nodes', kubernetesVersion: '1.30' });
    assert.deepStrictEqual([old.minor, old.etcdVersion, old.versionAssumed, old.etcdAssumed], [30, undefined, undefined, undefined]);
  });

  it('an unknown preset is an error naming the presets', () => {
    const r = resolveProfile('huge');
    assert.strictEqual(typeof r, 'string');
    assert.match(r as string, /unknown profile preset "huge"; presets: small, 1k-nodes, 4k-nodes, 5k-max/);
  });

  it('rejects versions that are not versions', () => {
    assert.match(resolveProfile({ kubernetesVersion: '2.0' }) as string, /kubernetesVersion/);
    assert.match(resolveProfile({ etcdVersion: 'latest' }) as string, /etcdVersion/);
    assert.strictEqual(profile({ kubernetesVersion: 'v1.31.2' }).minor, 31);
  });

  it('derives counts from the node count and keeps given numbers', () => {
    const p = profile({ preset: '1k-nodes', nodes: 2000, resources: { pods: { avgBytes: 5000 }, widgets: { count: 10, avgBytes: 100 } } });
    assert.strictEqual(p.name, '1k-nodes+custom');
    assert.strictEqual(p.resources.pods.count, 60_000);
    assert.strictEqual(p.resources.pods.avgBytes, 5000);
    assert.strictEqual(p.resources.nodes.count, 2000);
    assert.strictEqual(p.resources.services.count, 4000);
    assert.deepStrictEqual([p.resources.widgets.count, p.resources.widgets.avgBytes], [10, 100]);
    assert.match(resolveProfile({ resources: { widgets: { count: 10 } } }) as string, /no default for this resource/);
  });

  it('every derived resource says where its numbers come from', () => {
    for (const [name, r] of Object.entries(profile('4k-nodes').resources)) {
      assert.ok(r.source.length > 10, name);
      assert.ok(r.count > 0 && r.avgBytes > 0, name);
    }
  });
});

describe('sizing: serving path (DESIGN §4)', () => {
  // [request, 1.24–1.30, 1.31–1.33, 1.34+]: first source (→ continue-page source).
  const rows: [string, RequestShape, string, string, string][] = [
    ['LIST RV="" no limit', req({}), 'etcd', 'watch-cache', 'watch-cache'],
    ['LIST RV="" + limit', req({ limit: 'set' }), 'etcd', 'watch-cache→etcd', 'watch-cache→cache-snapshot'],
    ['LIST RV="0"', req({ rv: 'zero' }), 'watch-cache', 'watch-cache', 'watch-cache'],
    ['LIST RV="0" + limit (ignored)', req({ rv: 'zero', limit: 'set' }), 'watch-cache!', 'watch-cache!', 'watch-cache!'],
    ['LIST RV=N no limit', req({ rv: 'exact' }), 'watch-cache', 'watch-cache', 'watch-cache'],
    ['LIST RV=N + limit (silently Exact)', req({ rv: 'exact', limit: 'set' }), 'etcd', 'etcd', 'cache-snapshot'],
    ['LIST RV=N + RVM=Exact', req({ rv: 'exact', rvm: 'Exact' }), 'etcd', 'etcd', 'cache-snapshot'],
    ['LIST RV=N + RVM=NotOlderThan', req({ rv: 'exact', rvm: 'NotOlderThan' }), 'watch-cache', 'watch-cache', 'watch-cache'],
    ['LIST RV=N + RVM=NotOlderThan + limit', req({ rv: 'exact', rvm: 'NotOlderThan', limit: 'set' }), 'etcd', 'watch-cache→etcd', 'watch-cache→cache-snapshot'],
    ['GET RV=""', req({ verb: 'get' }), 'etcd', 'etcd', 'etcd'],
    ['GET RV="0"', req({ verb: 'get', rv: 'zero' }), 'watch-cache', 'watch-cache', 'watch-cache'],
    ['GET RV=N', req({ verb: 'get', rv: 'exact' }), 'watch-cache', 'watch-cache', 'watch-cache'],
    ['lister / controller-runtime cache', req({ local: true }), 'local-cache', 'local-cache', 'local-cache'],
    ['Events (no watch cache), RV="0" + limit', req({ rv: 'zero', limit: 'set', noWatchCache: true }), 'etcd', 'etcd', 'etcd'],
    ['Events (no watch cache), GET RV="0"', req({ verb: 'get', rv: 'zero', noWatchCache: true }), 'etcd', 'etcd', 'etcd'],
  ];
  const show = (p: { first: Source; rest?: Source; limitIgnored: boolean }) => p.first + (p.rest ? `→${p.rest}` : '') + (p.limitIgnored ? '!' : '');
  for (const [name, r, old, mid, gaVersion] of rows) {
    it(name, () => {
      for (const minor of [24, 30]) assert.strictEqual(show(servingPath(r, minor, '3.5.16')), old, `1.${minor}`);
      for (const minor of [31, 33]) assert.strictEqual(show(servingPath(r, minor, '3.5.16')), mid, `1.${minor}`);
      for (const minor of [34, 36]) assert.strictEqual(show(servingPath(r, minor, '3.5.16')), gaVersion, `1.${minor}`);
    });
  }

  it('from 1.31, etcd older than 3.4.31 / 3.5.13 reads a consistent LIST from etcd, GA (1.34+) included', () => {
    for (const etcd of ['3.5.12', '3.4.30', '3.3.27']) assert.strictEqual(servingPath(req({}), 31, etcd).first, 'etcd', etcd);
    for (const etcd of ['3.5.13', '3.4.31', '3.6.0']) assert.strictEqual(servingPath(req({}), 33, etcd).first, 'watch-cache', etcd);
    assert.match(servingPath(req({}), 32).caveat ?? '', /3\.4\.31 \/ 3\.5\.13/);
    // kubernetes/apiserver v0.34–v0.36 ConsistentReadSupported(): the gate (GA) AND etcd's RequestWatchProgress.
    assert.strictEqual(servingPath(req({}), 34, '3.5.1').first, 'etcd');
    assert.strictEqual(servingPath(req({ limit: 'set' }), 35, '3.4.30').first, 'etcd');
    assert.match(servingPath(req({}), 34).caveat ?? '', /3\.4\.31 \/ 3\.5\.13/);
    assert.strictEqual(servingPath(req({}), 34, '3.5.13').caveat, undefined);
  });

  it('unknown options give an unknown path', () => {
    assert.strictEqual(servingPath(req({ rv: 'unknown' }), 30).first, 'unknown');
    assert.strictEqual(servingPath(req({ limit: 'unknown' }), 30).first, 'unknown');
    assert.strictEqual(servingPath(req({ rv: 'zero', limit: 'unknown' }), 30).first, 'watch-cache');
  });

  it('with no version, says both: etcd before 1.31, watch cache from 1.31', () => {
    assert.deepStrictEqual(
      servingPaths(req({}), undefined).map((v) => [v.versions, v.path.first]),
      [['before 1.31', 'etcd'], ['from 1.31', 'watch-cache']],
    );
    assert.deepStrictEqual(servingPaths(req({ rv: 'zero' }), undefined).map((v) => v.versions), ['all versions']);
    assert.deepStrictEqual(servingPaths(req({ rv: 'exact', limit: 'set' }), undefined).map((v) => [v.versions, v.path.first]), [['before 1.34', 'etcd'], ['1.34+', 'cache-snapshot']]);
    assert.deepStrictEqual(servingPaths(req({}), 30).map((v) => v.versions), ['1.30']);
  });
});

describe('sizing: estimates', () => {
  const p = profile({ preset: '4k-nodes', kubernetesVersion: '1.30' });

  it('a namespace narrows what etcd reads to objects / namespaces', () => {
    const all = estimateCall(LIST_PODS, p).estimates[0];
    const ns = estimateCall({ ...LIST_PODS, scope: 'namespaced' }, p).estimates[0];
    assert.strictEqual(ns.objectsScanned, all.objectsScanned / p.namespaces);
  });

  it('a node-name selector returns pods / nodes; etcd still reads them all', () => {
    const e = estimateCall({ ...LIST_PODS, fieldSelector: 'nodeName' }, p).estimates[0];
    assert.strictEqual(e.objectsReturned, 25);
    assert.strictEqual(e.objectsScanned, 100_000);
    assert.strictEqual(e.returnedIsUpperBound, false);
  });

  it('a label selector of unknown selectivity gives an upper bound and says so', () => {
    const c = estimateCall({ ...LIST_PODS, labelSelector: true }, p);
    assert.strictEqual(c.estimates[0].returnedIsUpperBound, true);
    assert.ok(c.assumptions.some((a) => /selectivity is unknown/.test(a)));
  });

  it('paginated etcd reads bound memory per page, not the total read', () => {
    const whole = estimateCall(LIST_PODS, p).estimates[0];
    const paged = estimateCall({ ...LIST_PODS, limit: 'set', limitValue: 500 }, p).estimates[0];
    assert.strictEqual(paged.bytesProcessed, whole.bytesProcessed);
    assert.strictEqual(paged.responses, 200);
    assert.ok(paged.memoryBytes < whole.memoryBytes / 100);
  });

  it('1.31–1.33 paginated consistent list: one page from the cache, the rest from etcd', () => {
    const p31 = profile({ preset: '4k-nodes', kubernetesVersion: '1.31', etcdVersion: '3.5.16' });
    const e = estimateCall({ ...LIST_PODS, limit: 'set', limitValue: 500 }, p31).estimates[0];
    assert.strictEqual(e.objectsScanned, 100_000);
    assert.ok(Math.abs(e.etcdBytes - 99_500 * 10_000) < 1);
    // A node's pods fit the first page: no continue page, nothing from etcd.
    const node = estimateCall({ ...LIST_PODS, limit: 'set', limitValue: 500, fieldSelector: 'nodeName' }, p31).estimates[0];
    assert.strictEqual(node.etcdBytes, 0);
  });

  it('a resource the profile does not size is unknown, with the reason', () => {
    const c = estimateCall({ ...LIST_PODS, resource: 'widgets' }, p);
    assert.strictEqual(c.known, false);
    assert.match(headline(c), /no size for widgets/);
    assert.strictEqual(estimateCall({ ...LIST_PODS, rv: 'unknown' }, p).known, false);
  });

  it('multiplicity multiplies the total', () => {
    const c = estimateCall(LIST_PODS, p, { factor: 4000, reasons: ['× 4,000 nodes: per-node agent'], known: true });
    assert.strictEqual(c.total.bytesProcessed, c.estimates[0].bytesProcessed * 4000);
  });
});

describe('sizing: presentation', () => {
  it('groups digits exactly as toLocaleString("en-US") does, without loading ICU', () => {
    for (const n of [0, 7, 999, 1000, 4000, 12345, 100000, 999999, 1000000, 5000000000, -1234, 1.5, 1234.5678, 0.125]) {
      assert.strictEqual(grouped(n), n.toLocaleString('en-US'), String(n));
    }
  });
  it('the headline names the bytes, the source and the profile', () => {
    assert.strictEqual(headline(estimateCall(LIST_PODS, profile({ preset: '4k-nodes', kubernetesVersion: '1.30' }))), '≈1.0 GB read from etcd, ≈2.0 GB processed per call at 4k-nodes / 1.30 (100k pods)');
    // No version configured: 1.34, the watch cache.
    assert.strictEqual(headline(estimateCall(LIST_PODS, profile('4k-nodes'))), '≈2.0 GB sent from the watch cache per call at 4k-nodes / 1.34 (100k pods)');
    // A profile built with no version at all still says what each version range does.
    assert.strictEqual(headline(estimateCall(LIST_PODS, versionless('4k-nodes'))), '≈1.0 GB read from etcd, ≈2.0 GB processed per call before 1.31, ≈2.0 GB sent from the watch cache from 1.31, at 4k-nodes (100k pods)');
  });

  it('CodeLens text: verb, resource, source, bytes, time', () => {
    const c = estimateCall(LIST_PODS, profile({ preset: '4k-nodes', kubernetesVersion: '1.30' }));
    assert.strictEqual(codeLensText(c), 'LIST pods · etcd · ≈2.0 GB processed · ≈29 s');
    const agent = estimateCall({ ...LIST_PODS, fieldSelector: 'nodeName', rv: 'zero' }, profile('4k-nodes'), { factor: 4000, reasons: ['× 4,000 nodes'], known: true });
    assert.strictEqual(codeLensText(agent), 'LIST pods · watch cache · ≈500 KB sent · ≈0.04 s · ×4,000');
  });

  it('the hover table has every row, a column per version range, and the assumptions', () => {
    const md = formatCostMarkdown(estimateCall({ ...LIST_PODS, fieldSelector: 'nodeName' }, profile({ preset: '4k-nodes', kubernetesVersion: '1.31' })));
    for (const row of ['served from', 'scanned', 'sent', 'latency', 'memory', 'multiplicity', 'total']) assert.match(md, new RegExp(`^\\| ${row} \\|`, 'm'), row);
    assert.match(md, /^\| \| 1\.31 \| assumption \|$/m);
    assert.match(md, /^- spec\.nodeName selects one node's pods/m);
    assert.ok(!md.includes('assumed: no version configured'), 'a configured version is not a footnote');
    assert.match(formatCostMarkdown(estimateCall(LIST_PODS, versionless('4k-nodes'))), /^\| \| before 1\.31 \| from 1\.31 \| assumption \|$/m);
  });

  it('the hover says the assumed version once, as a footnote under the table', () => {
    const md = formatCostMarkdown(estimateCall(LIST_PODS, profile('4k-nodes')));
    assert.match(md, /^\| \| 1\.34 \| assumption \|$/m);
    assert.match(md, /\n\n_Kubernetes 1\.34 with etcd ≥ 3\.5\.13 assumed: no version configured [^\n]*_\n$/);
    assert.strictEqual(md.split('assumed').length, 2);
  });

  it('sizing notes: the assumed version once, the resources with no size once', () => {
    const d = profile('1k-nodes');
    const costs = [estimateCall(LIST_PODS, d), estimateCall(LIST_PODS, d), estimateCall({ ...LIST_PODS, resource: 'widgets' }, d), estimateCall({ ...LIST_PODS, resource: 'gadgets' }, d), estimateCall({ ...LIST_PODS, resource: 'widgets' }, d)];
    const notes = sizingNotes(costs);
    assert.strictEqual(notes.length, 2);
    assert.match(notes[0], /^no Kubernetes version configured: costs assume Kubernetes 1\.34 with etcd ≥ 3\.5\.13/);
    assert.strictEqual(notes[1], 'cost unknown for 3 findings: the profile has no size for gadgets, widgets (set profile.resources.NAME.count and avgBytes).');
    assert.deepStrictEqual(sizingNotes([estimateCall(LIST_PODS, profile({ kubernetesVersion: '1.30' }))]), []);
    // An old etcd given without a Kubernetes version: no claim that the cache serves the LIST.
    assert.match(sizingNotes([estimateCall(LIST_PODS, profile({ etcdVersion: '3.5.10' }))])[0], /assume Kubernetes 1\.34 with etcd 3\.5\.10 \(the oldest minor supported upstream\)\. /);
    assert.deepStrictEqual(sizingNotes([]), []);
  });

  it('formats bytes and seconds compactly', () => {
    assert.deepStrictEqual([2e9, 526e3, 70e6, 900, 1.5e12].map(fmtBytes), ['2.0 GB', '526 KB', '70 MB', '900 B', '1.5 TB']);
    assert.deepStrictEqual([10.4, 1.44, 0.05, 0.004, 300].map(fmtSeconds), ['10 s', '1.4 s', '0.05 s', '4 ms', '5 min']);
  });
});

describe('sizing: the read SLO (sig-scalability api_call_latency.md)', () => {
  const at = (preset: string, v: string) => profile({ preset, kubernetesVersion: v });

  it('grades one request by its scope: 1 s one object, 5 s one namespace, 30 s cluster-wide', () => {
    const get = readSlo(estimateCall({ ...LIST_PODS, verb: 'get', scope: 'namespaced' }, at('1k-nodes', '1.34')))!;
    assert.deepStrictEqual([get.scope, get.objectiveSeconds, get.over], ['resource', 1, false]);
    const ns = readSlo(estimateCall({ ...LIST_PODS, scope: 'namespaced' }, at('1k-nodes', '1.34')))!;
    assert.deepStrictEqual([ns.scope, ns.objectiveSeconds], ['namespace', 5]);
    // Nodes are cluster-scoped whatever the call says.
    assert.strictEqual(readSlo(estimateCall({ ...LIST_PODS, resource: 'nodes', scope: 'namespaced' }, at('1k-nodes', '1.34')))!.scope, 'cluster');
  });

  it('every pod from etcd at 5k-max takes longer than 30 s; from the watch cache at 1k-nodes it does not', () => {
    const etcd = readSlo(estimateCall(LIST_PODS, at('5k-max', '1.30')))!;
    assert.ok(etcd.over && etcd.requestSeconds > 30, JSON.stringify(etcd));
    const cache = readSlo(estimateCall({ ...LIST_PODS, rv: 'zero' }, at('1k-nodes', '1.30')))!;
    assert.ok(!cache.over && cache.requestSeconds < 30, JSON.stringify(cache));
    assert.match(formatCostMarkdown(estimateCall(LIST_PODS, at('5k-max', '1.30'))), /^\| read SLO \| ≈\d+ s per request, over the read SLO \(p99 ≤ 30 s cluster-wide\) \|/m);
  });

  it('one request is one page: a paginated LIST is judged per page', () => {
    const paged = readSlo(estimateCall({ ...LIST_PODS, limit: 'set', limitValue: 500 }, at('5k-max', '1.30')))!;
    assert.ok(!paged.over && paged.requestSeconds < 1, JSON.stringify(paged));
  });

  it('says nothing for custom resources, unknown scopes and the local informer cache', () => {
    assert.strictEqual(readSlo(estimateCall({ ...LIST_PODS, resource: 'ciliumnodes' }, at('5k-max', '1.30'))), undefined);
    assert.strictEqual(readSlo(estimateCall({ ...LIST_PODS, scope: 'unknown' }, at('5k-max', '1.30'))), undefined);
    assert.strictEqual(readSlo(estimateCall({ ...LIST_PODS, local: true }, at('5k-max', '1.30'))), undefined);
    assert.doesNotMatch(formatCostMarkdown(estimateCall({ ...LIST_PODS, resource: 'ciliumnodes' }, at('5k-max', '1.30'))), /read SLO/);
  });
});
