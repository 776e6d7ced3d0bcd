// The persistent cache (host/cache.ts) through the CLI: a re-run reads every analysis from it
// and prints the same output; an edited file is analysed again and its findings follow; a
// corrupt entry is a miss; --no-cache writes nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './cli.test';
import { tmpTree } from './harness/tmpTree';

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
