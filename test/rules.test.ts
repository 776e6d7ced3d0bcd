// The Rule contract, checked for every rule in the table.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../server/src/engine/rules';
import { packageRoot } from '../server/src/host/grammarFiles';

describe('rule table', () => {
  it('codes are unique, ordered, KLL + three digits; names unique kebab-case', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepStrictEqual([...ids].sort(), ids);
    assert.strictEqual(new Set(ids).size, ids.length);
    assert.strictEqual(new Set(RULES.map((r) => r.meta.name)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.meta.id, /^KLL\d{3}$/);
      assert.match(r.meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.meta.summary.endsWith('.'), `${r.meta.id} summary is a sentence`);
    }
  });

  it('each rule has its page with the sections explain promises', () => {
    for (const r of RULES) {
      const page = fs.readFileSync(path.join(packageRoot(), 'docs', 'rules', `${r.meta.id}.md`), 'utf8');
      assert.ok(page.startsWith(`# ${r.meta.id} ${r.meta.name}\n`));
      for (const section of ['## What it does', '## Why is this bad?', '## Example', '## Fix safety']) {
        assert.ok(page.includes(section), `${r.meta.id} page lacks ${section}`);
      }
    }
  });
});

describe('message wording', () => {
  it('names one object of a resource in singular, including the irregular plurals client-go generates', () => {
    const { singular } = require('../server/src/engine/rules/helpers') as typeof import('../server/src/engine/rules/helpers');
    const cases: [string, string][] = [
      ['pods', 'pod'], ['nodes', 'node'], ['priorityclasses', 'priorityclass'], ['networkpolicies', 'networkpolicy'],
      ['nodemetricses', 'nodemetrics'], ['podmetricses', 'podmetrics'], ['leases', 'lease'], ['endpoints', 'endpoints'],
      ['ingresses', 'ingress'], ['objects', 'object'], ['configmaps', 'configmap'],
    ];
    for (const [plural, one] of cases) assert.strictEqual(singular(plural), one, plural);
  });
});
