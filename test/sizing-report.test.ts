// `kube-list-lint report`: every call ranked, per-file and per-program totals, the per-node
// start-up total; each format against a golden file over the bundled examples/ tree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot, packageVersion } from '../server/src/host/grammarFiles';
import { runCli } from './cli.test';
import { assertGolden } from './harness/golden';
import { tmpTree } from './harness/tmpTree';

const ROOT = packageRoot();
const GOLDEN = path.join(ROOT, 'test', 'golden-report');
const ARGS = ['report', '--profile', '4k-nodes', '--kubernetes-version', '1.30', 'examples/'];

function normalize(s: string): string {
  return s.split(packageVersion()).join('<version>');
}

/** A per-node agent's file (`package main`, context and os imported) in a fresh tree: its folder. */
function agentTree(imports: string[], body: string): string {
  const text = `package main\n\nimport (\n\t"context"\n\t"os"\n\n${imports.map((i) => `\t${i}\n`).join('')})\n\n${body}`;
  return tmpTree({ 'agent/main.go': text });
}

function golden(name: string, actual: string): void {
  assertGolden(GOLDEN, name, actual);
}

describe('report command', () => {
  for (const [format, ext] of [['text', 'txt'], ['markdown', 'md'], ['json', 'json'], ['html', 'html']]) {
    it(`--format ${format} matches its golden file`, () => {
      const r = runCli([...ARGS, '--format', format]);
      assert.strictEqual(r.code, 0, r.stderr);
      golden(`examples.${ext}`, normalize(r.stdout));
    });
  }

  it('ranks by bytes processed per run and totals the per-node start-up', () => {
    const doc = JSON.parse(runCli([...ARGS, '--format', 'json']).stdout);
    assert.strictEqual(doc.kind, 'cost-report');
    assert.deepStrictEqual(
      doc.calls.map((c: { label: string; line: number }) => `${c.label}@${c.line}`),
      ['LIST pods@24', 'LIST endpoints@37', 'LIST services@33', 'GET nodes@40'],
    );
    const runs = doc.calls.map((c: { perRun: { bytesProcessed: number } }) => c.perRun.bytesProcessed);
    assert.deepStrictEqual([...runs].sort((a, b) => b - a), runs);
    const [pods] = doc.calls;
    assert.strictEqual(pods.times, 4000);
    assert.strictEqual(pods.perCall.bytesProcessed, 2e9);
    assert.match(pods.timesReasons[0], /os\.Getenv\("NODE_NAME"\) at line 21/);
    const [prog] = doc.programs;
    assert.strictEqual(prog.isMain, true);
    assert.strictEqual(prog.startup.nodes, 4000);
    const sum = doc.calls.reduce((s: number, c: { perCall: { bytesProcessed: number } }) => s + c.perCall.bytesProcessed * 4000, 0);
    assert.ok(Math.abs(prog.startup.bytesProcessed - sum) < 1);
    assert.strictEqual(doc.files[0].name, 'examples/node-agent/main.go');
  });

  it("ranks a per-node agent's informers next to its LISTs: each start is an initial LIST on every node", () => {
    const dir = agentTree(
      ['metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"', '"k8s.io/apimachinery/pkg/fields"', '"k8s.io/client-go/informers"', '"k8s.io/client-go/kubernetes"', '"k8s.io/client-go/tools/cache"'],
      `func run(ctx context.Context, cs kubernetes.Interface) {
	node := os.Getenv("NODE_NAME")
	all := informers.NewSharedInformerFactory(cs, 0)
	all.Core().V1().Pods().Informer()
	own := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
		o.FieldSelector = "spec.nodeName=" + node
	}))
	own.Core().V1().Pods().Informer()
	all.Core().V1().ConfigMaps().Informer()
	_ = cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "services", "", fields.Everything())
	_, _ = cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	all.Start(ctx.Done())
	own.Start(ctx.Done())
}
`,
    );
    const doc = JSON.parse(runCli(['report', '--profile', '4k-nodes', '--kubernetes-version', '1.34', '--format', 'json', dir]).stdout);
    type Row = { label: string; line: number; informer?: string; times: number; rules: string[]; perCall: { bytesProcessed: number } };
    const rows: Row[] = doc.calls;
    // Ranked by bytes per run: every pod on every node first, then the nodes list, and so on.
    assert.deepStrictEqual(
      rows.map((c) => `${c.label}@${c.line}`),
      ['LIST pods (informer start)@17', 'LIST nodes@24', 'LIST services (informer start)@23', 'LIST configmaps (informer start)@22', 'LIST pods (informer start)@21'],
    );
    assert.deepStrictEqual(rows.map((c) => c.informer ?? 'call'), ['factory', 'call', 'list-watch', 'factory', 'factory']);
    assert.ok(rows.every((c) => c.times === 4000), JSON.stringify(rows.map((c) => c.times)));
    // The cluster-wide pod informer holds all 100k pods; the node's own holds its 25.
    assert.strictEqual(rows[0].perCall.bytesProcessed, 2e9);
    assert.deepStrictEqual(rows[0].rules, ['KLL303']);
    assert.ok(rows[4].perCall.bytesProcessed < 1e6, String(rows[4].perCall.bytesProcessed));
    const [prog] = doc.programs;
    const sum = rows.reduce((s, c) => s + c.perCall.bytesProcessed * 4000, 0);
    assert.ok(Math.abs(prog.startup.bytesProcessed - sum) < 1, `${prog.startup.bytesProcessed} vs ${sum}`);
    assert.strictEqual(prog.startup.calls, 5);
    const text = runCli(['report', '--profile', '4k-nodes', '--kubernetes-version', '1.34', dir]).stdout;
    assert.match(text, /main\.go:17 LIST pods \(informer start\) \[KLL303\]/);
  });

  it('lists calls no rule reports (the report is an inventory, not a findings list)', () => {
    const doc = JSON.parse(runCli([...ARGS, '--format', 'json']).stdout);
    const services = doc.calls.find((c: { label: string }) => c.label === 'LIST services');
    assert.deepStrictEqual(services.rules, []);
    assert.strictEqual(services.source, 'cache');
  });

  it('HTML is one self-contained file: inline CSS and SVG, no script, nothing fetched', () => {
    const html = runCli([...ARGS, '--format', 'html']).stdout;
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<style>[\s\S]+<\/style>/);
    assert.strictEqual((html.match(/<rect /g) ?? []).length, 4);
    assert.ok(!/<script|<link|src=|url\(|https?:\/\//i.test(html), 'references something outside the file');
  });

  it('--output writes the file; the version follows --kubernetes-version', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-report-')), 'r.md');
    const r = runCli(['report', '--format', 'markdown', '--output', out, '--kubernetes-version', '1.31', 'examples/']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stdout, '');
    const md = fs.readFileSync(out, 'utf8');
    assert.match(md, /Profile 1k-nodes: 1,000 nodes, 30,000 pods, Kubernetes 1\.31\./);
    assert.match(md, /LIST pods \| [^|]+ \| ×1,000 \| [^|]+ \| [^|]+ \| watch cache \|/);
  });

  it('with no version configured, the header says once that 1.34 and etcd ≥ 3.5.13 are assumed', () => {
    const text = runCli(['report', 'examples/']).stdout;
    const header = text.split('\n')[0];
    assert.strictEqual(
      header,
      'kube-list-lint report · profile 1k-nodes: 1,000 nodes, 30,000 pods, Kubernetes 1.34 with etcd ≥ 3.5.13 (assumed: no version configured; set --kubernetes-version or profile.kubernetesVersion for an older cluster)',
    );
    assert.strictEqual(text.split('assumed').length, 2, text);
    assert.match(text, /600 KB +×1,000 +600 MB +0\.05 s +watch cache +examples\/node-agent\/main\.go:24 LIST pods/);
    const doc = JSON.parse(runCli(['report', '--format', 'json', 'examples/']).stdout);
    assert.deepStrictEqual([doc.profile.kubernetesVersion, doc.profile.etcdVersion, doc.profile.versionAssumed, doc.profile.etcdAssumed], ['1.34', '3.5.13', true, true]);
    assert.strictEqual(JSON.parse(runCli([...ARGS, '--format', 'json']).stdout).profile.versionAssumed, undefined);
  });

  it('exits 2 on an unknown preset (listing the presets) or format', () => {
    const bad = runCli(['report', '--profile', 'huge', 'examples/']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /unknown profile preset "huge"; presets: small, 1k-nodes, 4k-nodes, 5k-max/);
    assert.strictEqual(runCli(['report', '--format', 'pdf', 'examples/']).code, 2);
  });
});
