// --fix, --unsafe-fixes and --diff on copies of the fixture tree: what is written, what is
// reported after, and what is never written (changed files, invalid UTF-8, syntax errors).
import * as assert from 'assert';
import { HOIST_SOURCE } from './harness/goSources';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixText, writeFixed } from '../server/src/cli/fix';
import { Engine } from '../server/src/engine/analyze';
import type { Rule } from '../server/src/engine/rule';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { BAD, findingLines, runCli } from './cli.test';
import { resolveProfile, type ClusterProfile } from '../server/src/sizing/profile';
import { itNeeds, missingProgram } from './harness/needs';
import { FIXTURE_REPO } from './cli-formats.test';

/**
 * These tests are about the fix machinery, so they pin a cluster where the fixes exist:
 * Kubernetes 1.30, where an unset ResourceVersion LIST reads etcd and KLL001 offers RV "0".
 */
const PIN_130 = 'profile:\n  kubernetesVersion: "1.30"\n';

const HOIST = HOIST_SOURCE;

function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-fix-'));
  fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.kube-list-lint.yaml'), PIN_130);
  fs.mkdirSync(path.join(dir, 'pkg', 'loop'));
  fs.writeFileSync(path.join(dir, 'pkg', 'loop', 'loop.go'), HOIST);
  return dir;
}

function pinnedDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-fix-'));
  fs.writeFileSync(path.join(dir, '.kube-list-lint.yaml'), PIN_130);
  return dir;
}

const SETTINGS_130 = { rules: {}, profile: resolveProfile({ kubernetesVersion: '1.30' }) as ClusterProfile };

function read(dir: string, f: string): string {
  return fs.readFileSync(path.join(dir, f), 'utf8');
}

function gofmtClean(dir: string): void {
  const r = spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' });
  if (r.error) return; // gofmt is installed by .ci/run; without it this check is skipped
  assert.strictEqual(r.stdout, '', `gofmt would change: ${r.stdout}`);
}

describe('--fix / --unsafe-fixes / --diff', () => {
  it('--fix applies only safe fixes, reports what remains and how many it fixed', () => {
    const dir = copyRepo();
    const agentBefore = read(dir, 'pkg/agent/agent.go');
    const syncBefore = read(dir, 'pkg/sync/sync.go');
    const r = runCli(['check', '--fix', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(read(dir, 'pkg/loop/loop.go'), /cms, _ := cs\.CoreV1\(\)\.ConfigMaps\("kube-system"\)\.List\(ctx, metav1\.ListOptions\{ResourceVersion: "0"\}\)\n\tfor _, node := range nodes\.Items \{/);
    assert.strictEqual(read(dir, 'pkg/agent/agent.go'), agentBefore, 'only unsafe fixes there (RV "0", Remove Limit)');
    assert.strictEqual(read(dir, 'pkg/sync/sync.go'), syncBefore, 'only unsafe fixes there');
    assert.deepStrictEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'pkg/agent/agent.go:12:13: warning KLL001',
      'pkg/agent/agent.go:17:12: information KLL003',
      'pkg/agent/agent.go:20:13: information KLL002',
      'pkg/sync/sync.go:12:9: warning KLL004',
    ]);
    assert.match(r.stderr, /^4 findings in 2 of 4 files, 1 suppressed\nfixed 1 finding in 1 file; 4 remain, 4 with unsafe fixes \(--unsafe-fixes\)\n$/);
    gofmtClean(dir);
  });

  it('--fix --unsafe-fixes fixes everything; a second run finds nothing', () => {
    const dir = copyRepo();
    const r = runCli(['check', '--fix', '--unsafe-fixes', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /0 findings in 4 files, 1 suppressed\nfixed 5 findings in 3 files; none remain\n$/);
    assert.strictEqual(findingLines(r.stdout).length, 0);
    const again = runCli(['check', '--fail-on', 'hint', '.'], { cwd: dir });
    assert.strictEqual(again.code, 0, again.stdout);
    gofmtClean(dir);
  });

  itNeeds([missingProgram('git', 'git')], '--diff writes nothing, exits 1, and its diff applies to give what --fix writes', () => {
    const dir = copyRepo();
    const before = read(dir, 'pkg/agent/agent.go');
    const r = runCli(['check', '--diff', '--unsafe-fixes', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(read(dir, 'pkg/agent/agent.go'), before);
    assert.match(r.stdout, /^--- a\/pkg\/agent\/agent\.go\n\+\+\+ b\/pkg\/agent\/agent\.go\n@@ /);
    assert.match(r.stderr, /would fix 5 findings in 3 files/);
    const patch = path.join(os.tmpdir(), `kll-${process.pid}.patch`);
    fs.writeFileSync(patch, r.stdout);
    const applied = spawnSync('git', ['apply', '--unsafe-paths', patch], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(applied.status, 0, applied.stderr);
    const fixedDir = copyRepo();
    runCli(['check', '--fix', '--unsafe-fixes', '.'], { cwd: fixedDir });
    for (const f of ['pkg/agent/agent.go', 'pkg/sync/sync.go', 'pkg/loop/loop.go']) assert.strictEqual(read(dir, f), read(fixedDir, f));
    // Nothing to fix: empty diff, exit 0.
    const clean = runCli(['check', '--diff', '--unsafe-fixes', '.'], { cwd: dir });
    assert.strictEqual(clean.code, 0);
    assert.strictEqual(clean.stdout, '');
  });

  itNeeds([missingProgram('git', 'git'), missingProgram('patch', 'patch')], '--diff of a file outside the working directory names it from the root, for git apply and patch -p1 run in /', () => {
    const dir = copyRepo();
    const file = path.join(dir, 'pkg/agent/agent.go');
    const r = runCli(['check', '--diff', '--unsafe-fixes', file], { cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cwd-')) });
    assert.strictEqual(r.code, 1, r.stderr);
    const rel = file.slice(1);
    assert.ok(r.stdout.startsWith(`--- a/${rel}\n+++ b/${rel}\n@@ `), r.stdout.split('\n').slice(0, 2).join('\n'));
    const patch = path.join(os.tmpdir(), `kll-abs-${process.pid}.patch`);
    fs.writeFileSync(patch, r.stdout);
    const git = spawnSync('git', ['apply', '--check', patch], { cwd: '/', encoding: 'utf8' });
    assert.strictEqual(git.status, 0, git.stderr);
    const applied = spawnSync('patch', ['-p1', '-i', patch], { cwd: '/', encoding: 'utf8' });
    assert.strictEqual(applied.status, 0, applied.stdout + applied.stderr);
    const fixedDir = copyRepo();
    runCli(['check', '--fix', '--unsafe-fixes', '.'], { cwd: fixedDir });
    assert.strictEqual(read(dir, 'pkg/agent/agent.go'), read(fixedDir, 'pkg/agent/agent.go'));
  });

  it('keeps CRLF line endings, a UTF-8 BOM and the file mode', () => {
    const dir = pinnedDir();
    const file = path.join(dir, 'a.go');
    fs.writeFileSync(file, '\uFEFF' + BAD.replace(/\n/g, '\r\n'));
    fs.chmodSync(file, 0o640);
    const r = runCli(['check', '--fix', '--unsafe-fixes', 'a.go'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    const bytes = fs.readFileSync(file);
    assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.match(text, /ResourceVersion: "0"/);
    assert.doesNotMatch(text, /[^\r]\n/, 'a bare LF was written into a CRLF file');
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['.kube-list-lint.yaml', 'a.go'], 'no temp file left behind');
  });

  it('never writes invalid UTF-8 or a file with syntax errors', () => {
    const dir = pinnedDir();
    // A Latin-1 é inside a comment: the Go parses, the bytes are not UTF-8.
    const [head, tail] = [BAD.slice(0, 'package x\n'.length), BAD.slice('package x\n'.length)];
    const invalid = Buffer.concat([Buffer.from(head + '\n// caf'), Buffer.from([0xe9]), Buffer.from(tail)]);
    fs.writeFileSync(path.join(dir, 'latin1.go'), invalid);
    const broken = BAD.replace('func f(', 'func f(((');
    fs.writeFileSync(path.join(dir, 'broken.go'), broken);
    const r = runCli(['check', '--fix', '--unsafe-fixes', '.'], { cwd: dir });
    assert.ok(fs.readFileSync(path.join(dir, 'latin1.go')).equals(invalid));
    assert.strictEqual(read(dir, 'broken.go'), broken);
    assert.match(r.stderr, /latin1\.go: note: not valid UTF-8; not fixed/);
    assert.match(r.stderr, /broken\.go: note: has syntax errors; not fixed/);
    assert.match(r.stderr, /fixed 0 findings in 0 files/);
    assert.match(r.stdout, /latin1\.go:\d+:\d+: warning KLL001/);
  });

  it('does not overwrite a file that changed since it was read; follows symlinks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-fix-'));
    const file = path.join(dir, 'a.go');
    fs.writeFileSync(file, 'old\n');
    const readBytes = fs.readFileSync(file);
    fs.writeFileSync(file, 'edited by someone else\n');
    const w = writeFixed(file, readBytes, 'fixed\n');
    assert.deepStrictEqual(w, { written: false, reason: 'changed on disk since it was read; not fixed', error: false });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'edited by someone else\n');
    assert.deepStrictEqual(fs.readdirSync(dir), ['a.go']);
    fs.symlinkSync('a.go', path.join(dir, 'link.go'));
    assert.deepStrictEqual(writeFixed(path.join(dir, 'link.go'), fs.readFileSync(file), 'via link\n'), { written: true });
    assert.ok(fs.lstatSync(path.join(dir, 'link.go')).isSymbolicLink());
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'via link\n');
  });

  it('fixes that conflict are applied in later rounds', async () => {
    const grammars = path.join(packageRoot(), 'grammars');
    const marker = (id: string, mark: string): Rule => ({
      meta: { id, name: `mark-${mark}`, defaultSeverity: 'warning', summary: 'test', fixes: 'safe' },
      check(ctx) {
        for (const c of ctx.facts.calls) {
          if (ctx.facts.lines.text.slice(c.node.startIndex - 10, c.node.startIndex).includes(mark)) continue;
          // Both rules insert at the call's start: the second waits for the next round.
          ctx.report({ node: c.node, message: mark, fixes: [{ title: mark, safe: true, edits: [{ start: c.node.startIndex, end: c.node.startIndex, newText: mark }] }] });
        }
      },
    });
    const engine = await Engine.create(
      { runtime: fs.readFileSync(path.join(grammars, 'tree-sitter.wasm')), go: fs.readFileSync(path.join(grammars, 'tree-sitter-go.wasm')) },
      [marker('KLL901', '/*a*/'), marker('KLL902', '/*b*/')],
    );
    const out = fixText(engine, BAD, { rules: {} }, false);
    assert.match(out.text, /_, _ = \/\*a\*\/\/\*b\*\/cs\.CoreV1\(\)/);
    assert.strictEqual(out.fixed, 2);
    assert.strictEqual(out.result.findings.length, 0);
  });

  describe('files with syntax errors', () => {
    let engine: Engine;
    before(async () => {
      engine = await createEngine();
    });
    const HEAD = BAD.slice(0, BAD.indexOf('func f('));
    const read = (name: string) => `func ${name}(ctx context.Context, cs kubernetes.Interface) {\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n}\n`;
    const FIXED = 'metav1.ListOptions{ResourceVersion: "0"}';

    it('Go 1.26 new(expr) is no syntax error: fixed as any file', () => {
      const text = HEAD + 'func f(ctx context.Context, cs kubernetes.Interface) {\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{TimeoutSeconds: new(int64(60))})\n}\n';
      const out = fixText(engine, text, SETTINGS_130, true);
      assert.strictEqual(out.stopped, undefined);
      assert.strictEqual(out.fixed, 1);
      assert.match(out.text, /TimeoutSeconds: new\(int64\(60\)\), ResourceVersion: "0"\}/);
    });

    it('an error elsewhere: the clean function is fixed, the broken one is not, the error stays as it was', () => {
      const broken = 'func g(ctx context.Context, cs kubernetes.Interface) {\n\tx := := 3\n\t_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n}\n';
      const text = HEAD + read('f') + '\n' + broken + '\n' + read('h');
      const out = fixText(engine, text, SETTINGS_130, true);
      assert.strictEqual(out.fixed, 2);
      assert.strictEqual(out.stopped, 'has syntax errors; fixed only inside functions without them');
      assert.strictEqual(out.text, HEAD + read('f').replace('metav1.ListOptions{}', FIXED) + '\n' + broken + '\n' + read('h').replace('metav1.ListOptions{}', FIXED));
      assert.ok(out.result.hasSyntaxErrors);
      assert.strictEqual(out.result.findings.filter((f) => f.rule === 'KLL001').length, 1, 'the read in the broken function is still reported');
    });

    it('an error outside functions: fixed inside clean functions, unless the error reaches into them', () => {
      const typeError = HEAD + 'type T struct {\n\tA int =\n}\n\n' + read('f');
      const out = fixText(engine, typeError, SETTINGS_130, true);
      assert.strictEqual(out.fixed, 1);
      assert.strictEqual(out.text, typeError.replace('metav1.ListOptions{}', FIXED));
      // `var x = 1 +` takes the next declaration as its operand: f is part of the error.
      const swallowing = HEAD + 'var x = 1 +\n\n' + read('f');
      const kept = fixText(engine, swallowing, SETTINGS_130, true);
      assert.strictEqual(kept.text, swallowing);
      assert.strictEqual(kept.stopped, 'has syntax errors; not fixed');
    });

    it('a fix that would change the error nodes is not applied', async () => {
      const grammars = path.join(packageRoot(), 'grammars');
      // A rule whose fix breaks the function it edits.
      const breaker: Rule = {
        meta: { id: 'KLL903', name: 'breaker', defaultSeverity: 'warning', summary: 'test', fixes: 'safe' },
        check(ctx) {
          for (const c of ctx.facts.calls) ctx.report({ node: c.node, message: 'x', fixes: [{ title: 'x', safe: true, edits: [{ start: c.node.startIndex, end: c.node.startIndex, newText: ':= (' }] }] });
        },
      };
      const custom = await Engine.create(
        { runtime: fs.readFileSync(path.join(grammars, 'tree-sitter.wasm')), go: fs.readFileSync(path.join(grammars, 'tree-sitter-go.wasm')) },
        [breaker],
      );
      const text = HEAD + read('f') + '\nfunc g( {\n}\n';
      const out = fixText(custom, text, { rules: {} }, false);
      assert.strictEqual(out.text, text);
      assert.strictEqual(out.fixed, 0);
      assert.strictEqual(out.stopped, 'has syntax errors; a fix would change them, stopped before it');
    });
  });
});
