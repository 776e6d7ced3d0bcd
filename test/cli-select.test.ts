// Narrowing a run: --select/--ignore, --stdin-filename, --changed-since, --shard and
// --report-unused-ignores.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { shardOf } from '../server/src/cli/select';
import { BAD, findingLines, ON_1_30, runCli } from './cli.test';
import { FIXTURE_REPO } from './cli-formats.test';
import { itNeeds, missingProgram } from './harness/needs';
import { tmpTree } from './harness/tmpTree';

function rules(stdout: string): string[] {
  return findingLines(stdout).map((l) => l.split(' ')[2]);
}

function tmp(files: Record<string, string>): string {
  return tmpTree(files, 'kll-sel-');
}

describe('selection', () => {
  it('--select takes id prefixes and names, --ignore removes', () => {
    const all = ['KLL001', 'KLL003', 'KLL002', 'KLL004'];
    assert.deepStrictEqual(rules(runCli(['check', '.'], { cwd: FIXTURE_REPO }).stdout), all);
    assert.deepStrictEqual(rules(runCli(['check', '--select', 'KLL00', '--ignore', 'KLL002', '.'], { cwd: FIXTURE_REPO }).stdout), ['KLL001', 'KLL003', 'KLL004']);
    assert.deepStrictEqual(rules(runCli(['check', '--select', 'KLL003,exact-rv-pagination', '.'], { cwd: FIXTURE_REPO }).stdout), ['KLL003', 'KLL004']);
    const bad = runCli(['check', '--select', 'KLL9', '.'], { cwd: FIXTURE_REPO });
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--select: KLL9 matches no rule/);
  });

  it('--select limits what --fix touches', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-sel-'));
    fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
    const r = runCli(['check', '--fix', '--unsafe-fixes', '--select', 'KLL002', '.'], { cwd: dir });
    assert.match(r.stderr, /fixed 1 finding in 1 file/);
    assert.match(fs.readFileSync(path.join(dir, 'pkg/agent/agent.go'), 'utf8'), /GetOptions\{ResourceVersion: "0"\}/);
    assert.match(fs.readFileSync(path.join(dir, 'pkg/agent/agent.go'), 'utf8'), /Limit: 500/);
  });

  it('--stdin-filename lints standard input as that file, with its folder\'s config', () => {
    const dir = tmp({ 'sub/.kube-list-lint.yaml': 'rules:\n  KLL001: error\n', ...ON_1_30 });
    const r = runCli(['check', '--stdin-filename', 'sub/x.go'], { cwd: dir, input: BAD });
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /^sub\/x\.go:11:9: error KLL001/);
    const outside = runCli(['check', '--stdin-filename', 'x.go'], { cwd: dir, input: BAD });
    assert.match(outside.stdout, /^x\.go:11:9: warning KLL001/);
    // --fix prints the fixed text; the report goes to standard error.
    const fixed = runCli(['check', '--stdin-filename', 'x.go', '--fix', '--unsafe-fixes'], { cwd: dir, input: BAD });
    assert.strictEqual(fixed.code, 0, fixed.stderr);
    assert.strictEqual(fixed.stdout, BAD.replace('metav1.ListOptions{}', 'metav1.ListOptions{ResourceVersion: "0"}'));
    assert.match(fixed.stderr, /fixed 1 finding in 1 file/);
    assert.strictEqual(runCli(['check', '--stdin-filename', 'x.go', 'a.go'], { cwd: dir, input: BAD }).code, 2);
  });

  itNeeds([missingProgram('git', 'git')], '--changed-since lints only .go files changed since REV, plus untracked ones', () => {
    const dir = tmp({ 'old.go': BAD, 'touched.go': BAD, 'gone.go': BAD, 'notes.txt': 'x' });
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
    };
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    fs.appendFileSync(path.join(dir, 'touched.go'), '\n// edited\n');
    fs.rmSync(path.join(dir, 'gone.go'));
    fs.writeFileSync(path.join(dir, 'new.go'), BAD);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'y');
    const r = runCli(['check', '--changed-since', 'HEAD', '.'], { cwd: dir });
    assert.deepStrictEqual(findingLines(r.stdout).map((l) => l.split(':')[0]), ['new.go', 'touched.go']);
    assert.match(r.stderr, /in 2 files/);
    const bad = runCli(['check', '--changed-since', 'no-such-rev', '.'], { cwd: dir });
    assert.strictEqual(bad.code, 2);
  });

  it('--shard K/N: shards are disjoint and their union is the full run', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`p${i}/f${i}.go`] = BAD;
    const dir = tmp(files);
    const full = findingLines(runCli(['check', '.'], { cwd: dir }).stdout).sort();
    assert.strictEqual(full.length, 12);
    const parts = [1, 2, 3].map((k) => findingLines(runCli(['check', '--shard', `${k}/3`, '.'], { cwd: dir }).stdout));
    assert.ok(parts.every((p) => p.length > 0 && p.length < 12), parts.map((p) => p.length).join(','));
    assert.deepStrictEqual(parts.flat().sort(), full);
    assert.strictEqual(shardOf('p1/f1.go', 3), shardOf('p1/f1.go', 3));
    for (const bad of ['0/3', '4/3', '1/0', 'x']) assert.strictEqual(runCli(['check', '--shard', bad, '.'], { cwd: dir }).code, 2, bad);
  });

  it('--report-unused-ignores reports suppressions that silence nothing', () => {
    const src = BAD.replace(
      '\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n',
      '\t//kube-list-lint:ignore KLL001 used\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n' +
        '\t//kube-list-lint:ignore KLL001 stale\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})\n' +
        '\t_ = 1 //nolint:kube-list-lint\n' +
        '\t//kube-list-lint:ignore KLL002 rule turned off below\n\t_ = 2\n' +
        '\n\t//nolint:kube-list-lint // between blank lines\n\n\t_ = 3\n',
    );
    const dir = tmp({ 'a.go': src });
    assert.strictEqual(runCli(['check', '.'], { cwd: dir }).code, 0);
    const r = runCli(['check', '--report-unused-ignores', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'a.go:13:2: warning unused-ignore',
      'a.go:15:8: warning unused-ignore',
      'a.go:16:2: warning unused-ignore',
      'a.go:19:2: warning unused-ignore',
    ]);
    assert.match(r.stdout, /silences nothing \(KLL001\)/);
    // With KLL002 off nobody can tell whether a KLL002 or blanket suppression is used: silent.
    const off = runCli(['check', '--report-unused-ignores', '--ignore', 'KLL002', '.'], { cwd: dir });
    assert.deepStrictEqual(findingLines(off.stdout).map((l) => l.split(' ')[0]), ['a.go:13:2:']);
    const sarif = JSON.parse(runCli(['check', '--report-unused-ignores', '--format', 'sarif', '.'], { cwd: dir }).stdout);
    assert.ok(sarif.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'unused-ignore'));
    // --fix removes the ones alone on their line; the trailing //nolint stays (gofmt alignment).
    const fixed = runCli(['check', '--report-unused-ignores', '--fix', '.'], { cwd: dir });
    assert.match(fixed.stderr, /fixed 3 findings in 1 file/);
    const after = fs.readFileSync(path.join(dir, 'a.go'), 'utf8');
    assert.strictEqual(after, src.replace('\t//kube-list-lint:ignore KLL001 stale\n', '').replace('\t//kube-list-lint:ignore KLL002 rule turned off below\n', '').replace('\n\t//nolint:kube-list-lint // between blank lines\n\n', '\n'));
    assert.deepStrictEqual(findingLines(fixed.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), ['a.go:14:8: warning unused-ignore']);
  });
});
