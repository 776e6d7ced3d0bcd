// --baseline / --update-baseline: entries are fingerprints without line numbers, so they
// survive edits above the finding; new findings still show.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BAD, findingLines, ON_1_30, runCli } from './cli.test';
import { tmpTree } from './harness/tmpTree';

const TWO_SAME = BAD.replace(
  '\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n',
  '\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n',
);

function tmp(files: Record<string, string>): string {
  return tmpTree(files, 'kll-base-');
}

describe('baseline', () => {
  it('--update-baseline writes a sorted, versioned file; --baseline then hides those findings', () => {
    const dir = tmp({ 'b.go': TWO_SAME, 'a/a.go': BAD });
    const w = runCli(['check', '--baseline', 'kll-baseline.json', '--update-baseline', '.'], { cwd: dir });
    assert.strictEqual(w.code, 0, w.stderr);
    assert.match(w.stderr, /wrote 3 entries to kll-baseline\.json/);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'kll-baseline.json'), 'utf8'));
    assert.strictEqual(doc.version, 1);
    assert.deepStrictEqual(doc.entries.map((e: { path: string; rule: string }) => `${e.path} ${e.rule}`), ['a/a.go KLL001', 'b.go KLL001', 'b.go KLL001']);
    assert.strictEqual(new Set(doc.entries.map((e: { fingerprint: string }) => e.fingerprint)).size, 3, 'identical calls get distinct entries');
    const r = runCli(['check', '--baseline', 'kll-baseline.json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, /0 findings in 2 files, 3 in baseline/);
  });

  it('entries survive an inserted line above; a new finding is still reported', () => {
    const dir = tmp({ 'b.go': TWO_SAME, ...ON_1_30 });
    runCli(['check', '--baseline', 'base.json', '--update-baseline', '.'], { cwd: dir });
    const edited = TWO_SAME.replace('func f(', '// a new comment\n\nfunc helper() {}\n\nfunc f(');
    fs.writeFileSync(path.join(dir, 'b.go'), edited);
    const r = runCli(['check', '--baseline', 'base.json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout);
    // A third identical call in the same function is new: occurrence index 2.
    fs.writeFileSync(path.join(dir, 'b.go'), edited.replace('\n}\n', '\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n}\n'));
    const n = runCli(['check', '--baseline', 'base.json', '.'], { cwd: dir });
    assert.strictEqual(n.code, 1);
    assert.strictEqual(findingLines(n.stdout).length, 1);
    assert.match(n.stderr, /1 finding in 1 file, 2 in baseline/);
  });

  it('--fix leaves baselined findings alone and fixes the new ones', () => {
    const dir = tmp({ 'b.go': TWO_SAME, ...ON_1_30 });
    runCli(['check', '--baseline', 'base.json', '--update-baseline', '.'], { cwd: dir });
    const withNew = TWO_SAME + '\nfunc g(ctx context.Context, cs kubernetes.Interface) {\n\t_, _ = cs.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})\n}\n';
    fs.writeFileSync(path.join(dir, 'b.go'), withNew);
    const r = runCli(['check', '--fix', '--unsafe-fixes', '--baseline', 'base.json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /fixed 1 finding in 1 file/);
    const after = fs.readFileSync(path.join(dir, 'b.go'), 'utf8');
    assert.strictEqual(after, withNew.replace('Secrets("").List(ctx, metav1.ListOptions{})', 'Secrets("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})'));
    // Without the baseline, --fix takes them all.
    runCli(['check', '--fix', '--unsafe-fixes', '.'], { cwd: dir });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'b.go'), 'utf8').split('ResourceVersion: "0"').length - 1, 3);
  });

  it('works from another working directory (paths are relative to the baseline file)', () => {
    const dir = tmp({ 'repo/pkg/a.go': BAD });
    runCli(['check', '--baseline', 'base.json', '--update-baseline', '.'], { cwd: path.join(dir, 'repo') });
    const r = runCli(['check', '--baseline', 'repo/base.json', 'repo'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
  });

  it('reports stale entries, and a missing or broken baseline is exit 2', () => {
    const dir = tmp({ 'a.go': BAD });
    runCli(['check', '--baseline', 'base.json', '--update-baseline', '.'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'a.go'), 'package x\n');
    const r = runCli(['check', '--baseline', 'base.json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0);
    assert.match(r.stderr, /base\.json: 1 entry no longer match/);
    const missing = runCli(['check', '--baseline', 'nope.json', '.'], { cwd: dir });
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /^nope\.json: expected a readable baseline file, got no such file/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"version": 7, "entries": []}');
    assert.strictEqual(runCli(['check', '--baseline', 'bad.json', '.'], { cwd: dir }).code, 2);
    assert.strictEqual(runCli(['check', '--update-baseline', '.'], { cwd: dir }).code, 2);
  });
});
