// The CLI as a user runs it: the built bin, a real process, real files.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { packageRoot } from '../server/src/host/grammarFiles';
import { RULES } from '../server/src/engine/rules';
import { tmpTree } from './harness/tmpTree';
import { walk, walkYielding } from '../server/src/host/walk';

const ROOT = packageRoot();
const BIN = path.join(ROOT, 'bin', 'kube-list-lint.js');

/** The `path:line:col: ...` lines of text output, without code frames. */
export function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l));
}

export function runCli(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, env: opts.env ? { ...process.env, ...opts.env } : undefined });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


export const BAD = `package x

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
}
`;

/**
 * A project config for a Kubernetes 1.30 cluster, where BAD's consistent LIST is read from etcd
 * and KLL001 is a warning; on the default (1.34, etcd ≥ 3.5.13) it is information.
 */
export const ON_1_30 = { '.kube-list-lint.yaml': 'profile:\n  kubernetesVersion: "1.30"\n' };

describe('CLI', () => {
  it('checks the bundled example: text output, exit 0 (on the default 1.34 every finding there is information)', () => {
    const r = runCli(['check', 'examples/']);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = findingLines(r.stdout);
    assert.deepStrictEqual(
      lines.map((l) => l.split(' ').slice(0, 3).join(' ')),
      [
        // The default profile (Kubernetes 1.34) serves this LIST from the watch cache.
        'examples/node-agent/main.go:24:15: information KLL001',
        // Information: the Limit still applies when the cache does not serve (issue 16 §4).
        'examples/node-agent/main.go:37:12: information KLL003',
        'examples/node-agent/main.go:40:13: information KLL002',
      ],
    );
    assert.match(r.stderr, /3 findings in 1 file/);
  });

  it('prints the documented JSON schema with 1-based positions and fixes', () => {
    const dir = tmpTree({ 'a.go': BAD, ...ON_1_30 });
    const r = runCli(['check', '--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.strictEqual(doc.tool.name, 'kube-list-lint');
    assert.strictEqual(doc.schemaVersion, 1);
    assert.strictEqual(doc.findings.length, 1);
    const f = doc.findings[0];
    assert.deepStrictEqual(
      { rule: f.rule, name: f.name, severity: f.severity, path: f.path, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
      { rule: 'KLL001', name: 'list-bypasses-watch-cache', severity: 'warning', path: 'a.go', line: 11, column: 9, endLine: 11, endColumn: 61 },
    );
    assert.deepStrictEqual(f.fixes[0].edits, [{ line: 11, column: 59, endLine: 11, endColumn: 59, newText: 'ResourceVersion: "0"' }]);
    assert.strictEqual(f.fixes[0].safe, false);
    assert.deepStrictEqual(doc.summary.byRule, { KLL001: 1 });
    assert.strictEqual(f.cost.headline, '≈300 MB read from etcd, ≈600 MB processed per call at 1k-nodes / 1.30 (30k pods)');
    assert.deepStrictEqual(doc.notes, [], 'a configured version is no note');
  });

  it('with no version configured: costs at 1.34, said once in each format, never in a message', () => {
    const dynamic = (resource: string) =>
      BAD.replace('"k8s.io/client-go/kubernetes"', '"k8s.io/apimachinery/pkg/runtime/schema"\n\t"k8s.io/client-go/dynamic"')
        .replace('cs kubernetes.Interface', 'dc dynamic.Interface')
        .replace('cs.CoreV1().Pods("")', `dc.Resource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "${resource}"})`);
    const dir = tmpTree({ 'a.go': BAD, 'b.go': BAD.replace('package x', 'package x // b'), 'c.go': BAD.replace('Pods("")', 'Secrets("")'), 'd.go': dynamic('widgets'), 'e.go': dynamic('widgets'), 'f.go': dynamic('gadgets') });
    const unsized = 'cost unknown for 3 findings: the profile has no size for gadgets, widgets (set profile.resources.NAME.count and avgBytes).';
    const assumed = /^no Kubernetes version configured: costs assume Kubernetes 1\.34 with etcd ≥ 3\.5\.13 /;
    const json = runCli(['check', '--format', 'json', '.'], { cwd: dir });
    const doc = JSON.parse(json.stdout);
    assert.strictEqual(doc.findings.length, 6);
    for (const f of doc.findings) {
      assert.strictEqual(f.severity, 'information');
      assert.ok(!/Estimate|Cost unknown|≈/i.test(f.message), f.message);
      if (!f.cost.known) continue;
      assert.match(f.cost.headline, /from the watch cache per call at 1k-nodes \/ 1\.34 \(/);
      assert.deepStrictEqual([f.cost.servedFrom, f.cost.perCall.etcdBytes], ['watch cache', 0]);
    }
    assert.deepStrictEqual(doc.findings.map((f: { cost: { known: boolean } }) => f.cost.known), [true, true, true, false, false, false]);
    assert.deepStrictEqual(doc.notes.map((n: { path: string; kind: string }) => [n.path, n.kind]), [['', 'sizing'], ['', 'sizing']]);
    assert.match(doc.notes[0].message, assumed);
    assert.strictEqual(doc.notes[1].message, unsized);
    // Standard error says each once, before the summary.
    assert.strictEqual(json.stderr, `note: ${doc.notes[0].message}\nnote: ${unsized}\n6 findings in 6 files\n`);
    const text = runCli(['check', '.'], { cwd: dir });
    assert.strictEqual(text.stdout.split('\n').filter((l) => l.startsWith('  cost: ≈')).length, 3, text.stdout);
    assert.ok(!/no Kubernetes version configured|cost unknown|no size for/i.test(text.stdout), text.stdout);
    assert.strictEqual(text.stderr, json.stderr);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '.'], { cwd: dir }).stdout);
    assert.strictEqual(sarif.runs[0].properties.sizingNotes.length, 2);
    assert.match(sarif.runs[0].properties.sizingNotes[0], assumed);
    assert.ok(sarif.runs[0].results.every((r: { properties: { cost: { headline: string } }; message: { text: string } }) => r.properties.cost.headline && !/≈|unknown/.test(r.message.text)));
    const github = runCli(['check', '--format', 'github', '.'], { cwd: dir }).stdout.trim().split('\n');
    assert.strictEqual(github.filter((l) => / \(≈[^)]+ per call at 1k-nodes \/ 1\.34 \([^)]+\)\)$/.test(l)).length, 3, github.join('\n'));
    assert.ok(!github.some((l) => /unknown/.test(l)));
  });

  it('--fail-on decides the exit code', () => {
    const dir = tmpTree({ 'a.go': BAD });
    assert.strictEqual(runCli(['check', '--fail-on', 'error', '.'], { cwd: dir }).code, 0);
    assert.strictEqual(runCli(['check', '--fail-on', 'never', '.'], { cwd: dir }).code, 0);
    assert.strictEqual(runCli(['check', '--fail-on', 'information', '.'], { cwd: dir }).code, 1);
  });

  it('exits 0 on a clean tree and skips vendor/, testdata/ and _test.go', () => {
    const dir = tmpTree({ 'vendor/v.go': BAD, 'testdata/t.go': BAD, 'a_test.go': BAD, 'ok.go': 'package x\n', ...ON_1_30 });
    const r = runCli(['check', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.strictEqual(r.stdout, '');
    const t = runCli(['check', '--tests', '.'], { cwd: dir });
    assert.strictEqual(t.code, 1);
    assert.match(t.stdout, /^a_test\.go:11:9: warning KLL001/);
  });

  it('the language server\'s yielding walk finds what the CLI\'s walk finds, in the same order, pausing between folders', async () => {
    const tree: Record<string, string> = { 'vendor/v.go': BAD, '.hidden/h.go': BAD, 'z.go': BAD, 'a_test.go': BAD };
    for (let i = 0; i < 30; i++) tree[`pkg${i % 7}/sub${i}/f${i}.go`] = 'package x\n';
    const dir = tmpTree(tree);
    const missing = path.join(dir, 'missing');
    let pauses = 0;
    const yielding = await walkYielding([dir, missing], { tests: true }, async () => void pauses++, 4);
    const sync = walk([dir, missing], { tests: true });
    assert.deepStrictEqual(yielding.files, sync.files);
    assert.deepStrictEqual(yielding.problems, sync.problems);
    assert.strictEqual(sync.files.length, 32);
    assert.ok(pauses >= 8, `${pauses} pauses for ~40 folders`);
  });

  it('exits 2 with one line on usage errors and missing paths', () => {
    for (const args of [['check', '--nope'], ['check', '--format', 'xml'], ['frobnicate'], ['check', 'does/not/exist']]) {
      const r = runCli(args);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /kube-list-lint: |no such file/);
    }
  });

  it('explain prints each rule page, by code and by name', () => {
    for (const rule of RULES) {
      const r = runCli(['explain', rule.meta.id]);
      assert.strictEqual(r.code, 0);
      assert.ok(r.stdout.startsWith(`# ${rule.meta.id} ${rule.meta.name}\n`), r.stdout.slice(0, 80));
      assert.strictEqual(runCli(['explain', rule.meta.name]).stdout, r.stdout);
    }
    assert.strictEqual(runCli(['explain', 'KLL999']).code, 2);
  });
});
