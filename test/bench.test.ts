// The benchmark's instruments, not its timings: the corpus generator is deterministic, the
// ast-grep rules match what they claim, and the CLI's fast paths (worker threads) change no finding.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { corpusFiles, corpusHash, writeCorpus } from '../bench/corpus';
import { mayContainFindings, type Engine } from '../server/src/engine/analyze';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { lintFiles } from '../server/src/cli/parallel';
import { walk } from '../server/src/host/walk';

const ROOT = packageRoot();

describe('bench: synthetic corpus', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    const a = corpusHash(corpusFiles({ seed: 8, files: 300 }));
    const b = corpusHash(corpusFiles({ seed: 8, files: 300 }));
    const c = corpusHash(corpusFiles({ seed: 9, files: 300 }));
    assert.strictEqual(a, b);
    assert.notStrictEqual(a, c);
  });

  it('mixes files without Kubernetes code, files the prefilter passes, and findings', () => {
    const files = corpusFiles({ seed: 8, files: 400 });
    const passing = files.filter((f) => mayContainFindings(f.text)).length;
    const k8s = files.filter((f) => f.text.includes('k8s.io/')).length;
    assert.ok(files.length - k8s > 150, `${files.length - k8s} files without Kubernetes imports`);
    assert.ok(passing > 40 && passing < 250, `${passing} of 400 pass the prefilter`);
  });

  it('writes what it hashes, and the CLI finds the planted mistakes in it', function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-corpus-'));
    try {
      const w = writeCorpus(dir, { seed: 8, files: 120 });
      assert.strictEqual(w.hash, corpusHash(corpusFiles({ seed: 8, files: 120 })));
      const goFiles = walk([dir], { tests: false }).files;
      assert.strictEqual(goFiles.length, 120);
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'kube-list-lint.js'), 'check', '--format', 'json', dir], { encoding: 'utf8' });
      const report = JSON.parse(r.stdout);
      const agents = corpusFiles({ seed: 8, files: 120 }).filter((f) => f.path.includes('/agent_')).length;
      // Every agent file plants a cluster-wide pod LIST with RV unset and one per node.
      assert.ok(agents > 0);
      assert.strictEqual(report.findings.filter((f: { rule: string; path: string }) => f.rule === 'KLL001' && f.path.includes('/agent_')).length, 2 * agents);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench: ast-grep equivalents of KLL001/KLL101/KLL201', () => {
  const sg = path.join(ROOT, 'node_modules', '.bin', 'ast-grep');
  it('report exactly the lines marked `// sg:ID` in bench/ast-grep/testdata', function () {
    if (!fs.existsSync(sg)) {
      if (process.env.CI) assert.fail('@ast-grep/cli is a devDependency; npm ci installs it');
      this.skip();
    }
    const dir = path.join(ROOT, 'bench', 'ast-grep');
    const r = spawnSync(sg, ['scan', '-c', path.join(dir, 'sgconfig.yml'), '--json=compact', path.join(dir, 'testdata')], { encoding: 'utf8' });
    assert.strictEqual(r.error, undefined);
    const got = (JSON.parse(r.stdout) as { ruleId: string; file: string; range: { start: { line: number } } }[])
      .map((m) => `${path.basename(m.file)}:${m.range.start.line + 1} ${m.ruleId}`)
      .sort();
    const want: string[] = [];
    const text = fs.readFileSync(path.join(dir, 'testdata', 'calls.go'), 'utf8');
    text.split('\n').forEach((l, i) => {
      for (const m of l.matchAll(/sg:(KLL\d+)/g)) if (i > 4) want.push(`calls.go:${i + 1} ${m[1]}`);
    });
    assert.deepStrictEqual(got, want.sort());
  });
});

describe('CLI fast paths change no finding', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  const goFiles = () => walk([path.join(ROOT, 'test', 'fixtures'), path.join(ROOT, 'examples'), path.join(ROOT, 'bench', 'ast-grep', 'testdata')], { tests: true }).files;

  it('worker threads return the sequential results, in the same order', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-par-'));
    try {
      writeCorpus(dir, { seed: 3, files: 450 });
      const files = walk([dir], { tests: false }).files;
      const opts = { settings: { rules: {} }, maxBytes: 10 * 1024 * 1024 };
      const one = await lintFiles(files.map((path) => ({ path, ...opts })), 1);
      const two = await lintFiles(files.map((path) => ({ path, ...opts })), 2);
      assert.strictEqual(one.length, files.length);
      assert.deepStrictEqual(two.map((r) => r.path), files);
      assert.deepStrictEqual(two, one);
      assert.ok(one.some((r) => (r.result?.findings.length ?? 0) > 0));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
