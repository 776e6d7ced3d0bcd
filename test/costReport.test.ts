// The cost report page (client/src/costReportHtml.ts): ranking, chart, escaping and CSP.
// The webview itself is exercised in real VS Code by test/e2e.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chartBars, contentSecurityPolicy, findingWeight, formatBytes, parseReport, rankFindings, renderReportHtml, type ReportFinding } from '../client/src/costReportHtml';
import { buildCostReport } from '../server/src/cli/report/model';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { summarize } from '../server/src/lsp/workspaceScan';
import { resolveProfile, type ClusterProfile } from '../server/src/sizing';

function finding(over: Partial<ReportFinding>): ReportFinding {
  return {
    uri: 'file:///w/a.go',
    rule: 'KLL001',
    name: 'list-bypasses-watch-cache',
    severity: 'warning',
    line: 0,
    character: 0,
    message: 'm',
    callText: 'cs.CoreV1().Pods("").List',
    enclosingFunction: 'f',
    ...over,
  };
}

const opts = { nonce: 'n0nce', cspSource: 'vscode-webview://x', describeUri: (u: string) => u.replace('file:///w/', '') };

describe('cost report page', () => {
  it('ranks by bytes when the sizing model gave them, unknown sizes last', () => {
    const ranked = rankFindings({
      findings: [finding({ line: 1, bytes: 10 }), finding({ line: 2 }), finding({ line: 3, bytes: 2e9 }), finding({ line: 4, bytes: 5e5 })],
    });
    assert.deepStrictEqual(
      ranked.map((f) => f.line),
      [3, 4, 1, 2],
    );
  });

  it('without sizes ranks by severity, then file and position', () => {
    const ranked = rankFindings({
      findings: [
        finding({ uri: 'file:///w/b.go', line: 1, severity: 'information' }),
        finding({ uri: 'file:///w/b.go', line: 9 }),
        finding({ uri: 'file:///w/a.go', line: 5 }),
        finding({ uri: 'file:///w/a.go', line: 7, severity: 'error' }),
      ],
    });
    assert.deepStrictEqual(
      ranked.map((f) => `${f.uri.slice(-4)}:${f.line}`),
      ['a.go:7', 'a.go:5', 'b.go:9', 'b.go:1'],
    );
  });

  it('charts findings per rule, or bytes per rule when every finding is sized', () => {
    const counts = chartBars({ findings: [finding({}), finding({ line: 1 }), finding({ rule: 'KLL004', name: 'exact-rv-pagination', bytes: 7 })] });
    assert.deepStrictEqual(counts, {
      unit: 'findings',
      bars: [
        { label: 'KLL001 list-bypasses-watch-cache', value: 2 },
        { label: 'KLL004 exact-rv-pagination', value: 1 },
      ],
    });
    const bytes = chartBars({ findings: [finding({ bytes: 5 }), finding({ bytes: 6, rule: 'KLL002', name: 'get-bypasses-watch-cache' })] });
    assert.deepStrictEqual(bytes.unit, 'bytes');
    assert.deepStrictEqual(
      bytes.bars.map((b) => b.value),
      [6, 5],
    );
  });

  it('drops what is not a finding instead of failing on it', () => {
    assert.deepStrictEqual(parseReport(null), { findings: [] });
    assert.deepStrictEqual(parseReport({ findings: 'x' }), { findings: [] });
    assert.strictEqual(parseReport({ findings: [finding({}), { uri: 3 }, null] }).findings.length, 1);
  });

  it('escapes server text and runs under a CSP with no remote source', () => {
    const html = renderReportHtml({ findings: [finding({ message: '<img src=x onerror=alert(1)>', callText: 'a && b' })] }, opts);
    assert.ok(!html.includes('<img src=x'), 'message escaped');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('a &amp;&amp; b'));
    const csp = contentSecurityPolicy('n0nce', 'vscode-webview://x');
    assert.ok(csp.startsWith("default-src 'none'"), csp);
    assert.ok(!/https?:|\*|'unsafe-inline'|'unsafe-eval'/.test(csp), csp);
    assert.ok(html.includes(`content="${csp.replace(/'/g, '&#39;')}"`), 'the CSP is in the page');
    // Every script and style block carries the nonce, and nothing is loaded from anywhere.
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), ['<script nonce="n0nce">']);
    assert.deepStrictEqual(html.match(/<style[^>]*>/g), ['<style nonce="n0nce">']);
    assert.ok(!/\ssrc=|\shref=|style="/.test(html.replace(/&lt;img src=x/, '')), 'no src/href/inline style attributes');
  });

  it('shows the ranked table with places relative to the workspace', () => {
    const html = renderReportHtml({ findings: [finding({ uri: 'file:///w/pkg/agent.go', line: 13, character: 8, enclosingFunction: 'inline' })] }, opts);
    assert.ok(html.includes('pkg/agent.go:14:9 (inline)'), html);
    assert.match(html, /1 finding in 1 file/);
    assert.match(html, /<svg role="img" aria-label="Findings by rule"/);
  });

  it('says how to get findings when there are none', () => {
    const html = renderReportHtml({ findings: [] }, opts);
    assert.match(html, /No findings/);
    assert.ok(!html.includes('<table'));
  });

  describe('one ranking for every surface (server/src/sizing/rank.ts)', () => {
    // Per call the LIST in the loop is the smaller (≈600 KB from the watch cache against
    // ≈6 MB from etcd); it runs once per node, 1,000 times, so per run it is the larger.
    const GO = `package main

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func run(ctx context.Context, cs kubernetes.Interface) {
	nodes, _ := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	for _, node := range nodes.Items {
		_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0", FieldSelector: "spec.nodeName=" + node.Name})
	}
	_, _ = cs.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})
}
`;
    const profile = resolveProfile({ preset: '1k-nodes', kubernetesVersion: '1.30' }) as ClusterProfile;

    it('the loop LIST (×1,000) ranks above a single larger call in the panel and in the CLI report', async () => {
      const engine = await createEngine();
      const settings = { rules: {}, profile };
      const { findings } = engine.analyze(GO, { settings });
      const loop = findings.find((f) => f.rule === 'KLL201')!;
      const single = findings.find((f) => f.rule === 'KLL001')!;
      assert.strictEqual(loop.cost?.multiplicity.factor, 1000);
      assert.ok(loop.cost!.estimates[0].bytesProcessed < single.cost!.estimates[0].bytesProcessed, 'per call the loop LIST is smaller');
      assert.strictEqual(loop.data?.times?.factor, 1000);

      // The panel's data: what the server's costReport command sends, in any order.
      const panel = rankFindings({ findings: [single, loop].map((f) => summarize('file:///w/main.go', f)) });
      assert.deepStrictEqual(
        panel.map((f) => f.rule),
        ['KLL201', 'KLL001'],
      );
      assert.deepStrictEqual(chartBars({ findings: panel }).bars.map((b) => b.label), ['KLL201 list-in-loop', 'KLL001 list-bypasses-watch-cache']);
      // The page: the profile the costs are for, and the per-run cost first in each row (half-width layout).
      const html = renderReportHtml({ findings: panel }, { nonce: 'n', cspSource: 'vscode-webview:', describeUri: (u) => u });
      assert.match(html, /<p id="profile">Profile: 1k-nodes \(1,000 nodes\), Kubernetes 1\.30/);
      const perRun = panel.map((f) => findingWeight(f).perRun);
      assert.strictEqual(perRun[0], Math.max(...perRun));
      assert.deepStrictEqual([...html.matchAll(/<td class="cost">([^<]*)/g)].map((m) => m[1]), perRun.map(formatBytes));
      assert.ok(/<th>#<\/th><th class="cost">Cost per run<\/th><th>Finding<\/th>/.test(html), 'three columns: rank, cost per run, the finding');

      // The CLI report's model, built from the same engine's inventory.
      const report = buildCostReport([{ path: 'main.go', inventory: engine.inventory(GO, { settings }) }], profile);
      assert.deepStrictEqual(
        report.calls.map((c) => `${c.label}@${c.line}`),
        ['LIST pods@13', 'LIST nodes@11', 'LIST secrets@15'],
      );
    });

    it('the report command prints that order', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-rank-'));
      fs.writeFileSync(path.join(dir, 'main.go'), GO);
      const bin = path.join(packageRoot(), 'bin', 'kube-list-lint.js');
      const r = spawnSync(process.execPath, [bin, 'report', '--format', 'json', '--profile', '1k-nodes', '--kubernetes-version', '1.30', dir], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { calls: { label: string; times: number }[] };
      assert.deepStrictEqual(
        doc.calls.map((c) => `${c.label} ×${c.times}`),
        ['LIST pods ×1000', 'LIST nodes ×1', 'LIST secrets ×1'],
      );
    });
  });
});
