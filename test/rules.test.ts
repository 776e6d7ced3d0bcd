// The Rule contract, checked for every rule in the table.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../server/src/engine/rules';
import { MESSAGE_MAX } from '../server/src/engine/types';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { fixtureFiles } from './harness/analysistest';

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

describe('messages (ARCHITECTURE.md, "Messages")', () => {
  const problems = (where: string, messages: string[]) =>
    messages.filter((m) => m.includes('\n') || [...m].length > MESSAGE_MAX || m.trim() !== m || m === '').map((m) => `${where}: ${[...m].length}: ${m}`);

  it(`every message of every fixture is one line of at most ${MESSAGE_MAX} characters`, async () => {
    const engine = await createEngine();
    const bad: string[] = [];
    let seen = 0;
    for (const file of fixtureFiles(path.join(packageRoot(), 'test', 'fixtures'))) {
      const text = fs.readFileSync(file, 'utf8');
      // Sized and unsized: the message must not depend on the profile's numbers.
      for (const profile of [undefined, null]) {
        const r = engine.analyze(text, { settings: { rules: {}, profile }, noPrefilter: true });
        const all = [...r.findings, ...r.suppressed];
        seen += all.length;
        bad.push(...problems(path.basename(file), all.map((f) => f.message)));
        for (const f of all) if (/cost unknown/i.test(f.message)) bad.push(`${path.basename(file)}: cost unknown in: ${f.message}`);
      }
    }
    assert.ok(seen > 100, `only ${seen} findings`);
    assert.deepStrictEqual(bad, []);
  });

  it('and so is every message the CLI prints for the program fixtures, the CLI fixtures and the examples', () => {
    const bin = path.join(packageRoot(), 'bin', 'kube-list-lint.js');
    const bad: string[] = [];
    const trees = [
      ...fs.readdirSync(path.join(packageRoot(), 'test', 'program-fixtures')).map((m) => path.join('test', 'program-fixtures', m)),
      path.join('test', 'cli-fixtures'),
      'examples',
    ];
    for (const tree of trees) {
      for (const extra of [[], ['--tests']]) {
        const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', ...extra, '.'], { cwd: path.join(packageRoot(), tree), encoding: 'utf8' });
        assert.ok(r.status === 0 || r.status === 1, `${tree}: exit ${r.status}: ${r.stderr}`);
        const doc = JSON.parse(r.stdout) as { findings: { rule: string; message: string }[] };
        assert.ok(doc.findings.length > 0, `${tree}: no findings`);
        bad.push(...problems(tree, doc.findings.map((f) => f.message)));
      }
    }
    assert.deepStrictEqual(bad, []);
  });
});
