// KLL303 and KLL203 beyond the fixtures: the profile's perNodeAgent, the cost a rule's
// Report.request carries (per node for an agent, unknown times for a re-open loop), and
// the prefilter needles of the informer constructors.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, mayContainFindings } from '../server/src/engine/analyze';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { DEFAULT_SETTINGS } from '../server/src/engine/types';
import { resolveProfile, type ClusterProfile } from '../server/src/sizing/profile';

const fixture = (p: string) => fs.readFileSync(path.join(packageRoot(), 'test/fixtures', p), 'utf8');
const NOT_AGENT = fixture('agent/kll303_not_agent.go');

describe('watches and informers (KLL303, KLL203)', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('profile.perNodeAgent makes a file without a NODE_NAME read an agent', () => {
    assert.deepStrictEqual(engine.analyze(NOT_AGENT).findings.filter((f) => f.rule === 'KLL303'), []);
    const profile = resolveProfile({ preset: '4k-nodes', perNodeAgent: true }) as ClusterProfile;
    const found = engine.analyze(NOT_AGENT, { settings: { ...DEFAULT_SETTINGS, profile } }).findings.filter((f) => f.rule === 'KLL303');
    assert.deepStrictEqual(found.map((f) => f.range.start.line + 1), [18, 19, 20]);
    for (const f of found) {
      assert.strictEqual(f.data?.times?.factor, 4000);
      assert.match(f.data?.detail ?? '', /profile\.perNodeAgent/);
    }
    // The informer's initial LIST of 100k pods, on each of 4,000 nodes.
    assert.strictEqual(found[0].cost?.label, 'LIST pods');
    assert.strictEqual(found[0].cost?.resource, 'pods');
    assert.strictEqual(found[0].cost?.estimates[0].objectsReturned, 100_000);
  });

  it('sizing off: the findings stay, without cost', () => {
    const found = engine.analyze(fixture('agent/kll303.go'), { settings: { ...DEFAULT_SETTINGS, profile: null } }).findings.filter((f) => f.rule === 'KLL303');
    assert.ok(found.length >= 8);
    assert.ok(found.every((f) => f.cost === undefined && f.data?.times === undefined));
  });

  it('a watch re-opened in a loop is priced as one replay, repeated an unknown number of times', () => {
    const f = engine.analyze(fixture('scope/kll203.go')).findings.find((x) => x.rule === 'KLL203' && x.severity === 'warning');
    assert.ok(f?.cost?.known);
    assert.strictEqual(f.data?.times?.known, false);
    assert.match(f.data?.times?.reasons[0] ?? '', /re-opened by the loop at line 16/);
    const info = engine.analyze(fixture('scope/kll203.go')).findings.filter((x) => x.rule === 'KLL203' && x.severity === 'information');
    assert.strictEqual(info.length, 1);
    assert.strictEqual(info[0].cost, undefined);
  });

  it('prefilter: an informer factory or a ListWatch alone lets the file through', () => {
    const head = 'package p\nimport "k8s.io/client-go/informers"\nfunc f() {\n\t';
    assert.ok(mayContainFindings(head + 'informers.NewSharedInformerFactory(cs, 0).Core().V1().Pods()\n}\n'));
    assert.ok(mayContainFindings(head + 'informers.NewFilteredSharedInformerFactory(cs, 0, "", nil)\n}\n'));
    assert.ok(mayContainFindings(head + 'cache.NewListWatchFromClient(c, "pods", "", fields.Everything())\n}\n'));
  });
});
