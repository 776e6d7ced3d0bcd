// The persistent cache (host/cache.ts) through the CLI: a re-run reads every analysis from it
// and prints the same output; an edited file is analysed again and its findings follow; a
// corrupt entry is a miss; --no-cache writes nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './cli.test';
import { tmpTree } from './harness/tmpTree';
import { ENTRY_MS, OTHER_BUILD_MS, trimCache } from '../server/src/host/cacheTrim';

const FILE = (ns: string, rv: string) => `package x

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods(${ns}).List(ctx, metav1.ListOptions{ResourceVersion: ${rv}})
}
`;

function allFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function run(dir: string, cache: string, extra: string[] = []) {
  const r = runCli(['check', '--format', 'json', '--fail-on', 'never', '--stats', '--cache-dir', cache, ...extra, '.'], { cwd: dir });
  assert.strictEqual(r.code, 0, r.stderr);
  const m = /stats: (\d+) files, (\d+) analysed, (\d+) from the cache/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { json: r.stdout, analysed: Number(m[2]), cached: Number(m[3]), rules: (JSON.parse(r.stdout).findings as { rule: string; path: string }[]).map((f) => `${f.path} ${f.rule}`) };
}

describe('persistent cache', () => {
  it('a re-run comes from the cache with the same output; an edit is analysed again and its findings follow', () => {
    const dir = tmpTree({ 'go.mod': 'module example.com/x\n', 'a.go': FILE('"ns"', '""'), 'b.go': FILE('""', '"0"') });
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cache-'));
    const first = run(dir, cache);
    assert.deepStrictEqual([first.analysed, first.cached], [2, 0]);
    const again = run(dir, cache);
    assert.deepStrictEqual([again.analysed, again.cached], [2, 2]);
    assert.strictEqual(again.json, first.json);
    assert.ok(first.rules.includes('a.go KLL001'), first.rules.join());

    fs.writeFileSync(path.join(dir, 'a.go'), FILE('"ns"', '"0"'));
    const edited = run(dir, cache);
    assert.deepStrictEqual([edited.analysed, edited.cached], [2, 1]);
    assert.ok(!edited.rules.includes('a.go KLL001'), 'the edit fixed a.go: its finding must not come back from the cache');

    // Other settings are another key: a rule turned off is not answered from the old entry.
    const off = runCli(['check', '--format', 'json', '--fail-on', 'never', '--stats', '--cache-dir', cache, '--ignore', 'KLL101', '.'], { cwd: dir });
    assert.match(off.stderr, /2 analysed, 0 from the cache/);
  });

  it("trimmed at most once a day: another build's folder unused for a week and entries written a month ago go", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-trim-'));
    const now = Date.UTC(2026, 11, 3);
    const at = (p: string, ms: number) => {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, '{}');
      fs.utimesSync(p, new Date(ms), new Date(ms));
    };
    at(path.join(cache, 'v1', 'oldbuild', 'used'), now - OTHER_BUILD_MS - 1000);
    at(path.join(cache, 'v1', 'oldbuild', 'ab', 'cdef.json'), now - 1000);
    at(path.join(cache, 'v1', 'recentbuild', 'used'), now - OTHER_BUILD_MS + 60_000);
    at(path.join(cache, 'v1', 'this', 'ab', 'stale.json'), now - ENTRY_MS - 1000);
    at(path.join(cache, 'v1', 'this', 'ab', 'fresh.json'), now - ENTRY_MS + 60_000);
    assert.deepStrictEqual(trimCache(cache, 'this', now), { builds: 1, entries: 1 });
    assert.deepStrictEqual(allFiles(path.join(cache, 'v1')).map((f) => path.relative(cache, f)).sort(), ['v1/recentbuild/used', 'v1/this/ab/fresh.json', 'v1/this/used', 'v1/trimmed']);
    // Within a day nothing is looked at; a day later the fresh entry has aged too.
    assert.strictEqual(trimCache(cache, 'this', now + 60_000), undefined);
    assert.deepStrictEqual(trimCache(cache, 'this', now + ENTRY_MS), { builds: 1, entries: 1 });
    assert.ok(!fs.existsSync(path.join(cache, 'v1', 'this', 'ab', 'fresh.json')));
  });

  it('check trims after its output: a month-old entry is used once more, then removed and written again; another build unused for a week is removed', () => {
    const dir = tmpTree({ 'a.go': FILE('"ns"', '""') });
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cache-'));
    const first = run(dir, cache);
    const old = Date.now() - ENTRY_MS - 60_000;
    for (const f of allFiles(cache)) fs.utimesSync(f, new Date(old), new Date(old));
    fs.mkdirSync(path.join(cache, 'v1', 'otherbuild'), { recursive: true });
    fs.writeFileSync(path.join(cache, 'v1', 'otherbuild', 'used'), '');
    fs.utimesSync(path.join(cache, 'v1', 'otherbuild', 'used'), new Date(old), new Date(old));
    const again = run(dir, cache);
    assert.strictEqual(again.cached, 1);
    assert.ok(!fs.existsSync(path.join(cache, 'v1', 'otherbuild')));
    const missed = run(dir, cache);
    assert.strictEqual(missed.cached, 0);
    assert.strictEqual(missed.json, first.json);
    // The same day: the entries written again answer, and nothing is trimmed.
    assert.strictEqual(run(dir, cache).cached, 1);
  });

  it('a corrupt entry is a miss, never an error; --no-cache writes nothing', () => {
    const dir = tmpTree({ 'a.go': FILE('"ns"', '""') });
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cache-'));
    const first = run(dir, cache);
    const entries = allFiles(cache).filter((f) => f.endsWith('.json'));
    assert.ok(entries.length >= 1);
    for (const e of entries) fs.writeFileSync(e, '{"findings": [tru');
    const again = run(dir, cache);
    assert.strictEqual(again.cached, 0);
    assert.strictEqual(again.json, first.json);

    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cache-'));
    const r = runCli(['check', '--no-cache', '--stats', '.'], { cwd: dir, env: { XDG_CACHE_HOME: none } });
    assert.match(r.stderr, /from the cache \(off\)/);
    assert.deepStrictEqual(allFiles(none), []);
  });
});
