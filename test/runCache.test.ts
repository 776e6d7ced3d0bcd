// The whole-run cache (host/runMemo.ts, cli/runCache.ts): a re-run with nothing changed is
// answered from one entry with the same output; any change to what the run read — a file it
// linted, a file of the module the program read (cmd/main.go's cache options), a file added
// to the module, a go.mod created between a file and its module — is a miss, and the
// findings follow the change. Files changed just before a run are never trusted by stamp.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResultCache } from '../server/src/host/cache';
import { RACY_MS, RunMemo } from '../server/src/host/runMemo';
import { runCli } from './cli.test';

const OPERATOR = path.join(__dirname, '..', '..', 'test', 'program-fixtures', 'operator');

function copyTree(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(b, { recursive: true });
      copyTree(a, b);
    } else fs.copyFileSync(a, b);
  }
}

/** Waits until files written now are older than the racy window. */
function pastRacyWindow(): void {
  const until = Date.now() + RACY_MS + 100;
  while (Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

function run(cwd: string, cache: string, target: string) {
  const r = runCli(['check', '--format', 'json', '--fail-on', 'never', '--stats', '--cache-dir', cache, target], { cwd });
  assert.strictEqual(r.code, 0, r.stderr);
  const findings = (JSON.parse(r.stdout).findings as { rule: string; path: string; line: number }[]).map((f) => `${f.path}:${f.line} ${f.rule}`);
  return { json: r.stdout, whole: /the whole run/.test(r.stderr), findings, stderr: r.stderr };
}

describe('whole-run cache', () => {
  it('RunMemo: a hit while every stamp holds; a changed, removed or created input is a miss; racy inputs are not kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-memo-'));
    const a = path.join(dir, 'a.go');
    const later = path.join(dir, 'sub', 'go.mod');
    fs.writeFileSync(a, 'package a\n');
    const cache = new ResultCache(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cache-')), 'test');
    // The run "started" well after the files were written: their stamps can be trusted.
    const memo = new RunMemo(cache, Date.now() + 10 * RACY_MS);
    assert.ok(memo.set('k', [a, later], { n: 1 }));
    assert.deepStrictEqual(memo.get('k'), { n: 1 });
    assert.strictEqual(memo.get('k', () => false), undefined, "the caller's own check can refuse");

    fs.writeFileSync(a, 'package b\n'); // same size, new content
    assert.strictEqual(memo.get('k'), undefined);
    assert.ok(memo.set('k', [a, later], { n: 2 }));
    fs.mkdirSync(path.dirname(later));
    fs.writeFileSync(later, 'module x\n');
    assert.strictEqual(memo.get('k'), undefined, 'a go.mod created where there was none');
    assert.ok(memo.set('k', [a], { n: 3 }));
    fs.rmSync(a);
    assert.strictEqual(memo.get('k'), undefined, 'a removed input');

    fs.writeFileSync(a, 'package a\n');
    assert.strictEqual(new RunMemo(cache, Date.now()).set('k2', [a], 1), false, 'a file written just now is not trusted by its stamp');
    assert.strictEqual(memo.get('k2'), undefined);
  });

  it('check: the same output from one entry; an edit in another package, a new file and a new go.mod each make a miss', function () {
    this.timeout(120000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-run-'));
    copyTree(OPERATOR, root);
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cache-'));
    // A sub-folder: the program widens to the module (cmd/manager/main.go configures the cache).
    const target = 'internal/controller';
    pastRacyWindow();
    const first = run(root, cache, target);
    assert.ok(!first.whole);
    const again = run(root, cache, target);
    assert.ok(again.whole, again.stderr);
    assert.strictEqual(again.json, first.json);

    // cmd/manager/main.go is not linted by this run, but its DisableFor decides how the reconciler's pod LIST reads.
    const main = path.join(root, 'cmd', 'manager', 'main.go');
    const text = fs.readFileSync(main, 'utf8');
    fs.writeFileSync(main, text.replace('DisableFor: []client.Object{&corev1.Pod{}}', 'DisableFor: []client.Object{}'));
    const edited = run(root, cache, target);
    assert.ok(!edited.whole, 'an edit of a file the program read is a miss');
    assert.notDeepStrictEqual(edited.findings, first.findings, 'the reconciler findings follow the cache options');
    fs.writeFileSync(main, text);
    pastRacyWindow();
    const back = run(root, cache, target);
    assert.deepStrictEqual(back.findings, first.findings);
    assert.ok(run(root, cache, target).whole);

    // A file added to a package the program walked, outside the run's folder.
    fs.writeFileSync(path.join(root, 'cmd', 'manager', 'extra.go'), 'package main\n');
    pastRacyWindow();
    assert.ok(!run(root, cache, target).whole, 'a new file in the module is a miss');
    assert.ok(run(root, cache, target).whole);

    // A go.mod between a file and its module's root moves the file to another module.
    fs.writeFileSync(path.join(root, 'internal', 'go.mod'), 'module example.com/other\n');
    pastRacyWindow();
    assert.ok(!run(root, cache, target).whole, 'a new go.mod is a miss');
  });
});
