// The language server as editors run it: a real process over stdio (and Node IPC), a real
// JSON-RPC client, the example agent as the document.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic, Hover, CodeLens, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { spawnSync } from 'child_process';
import { applyLspEdits, BIN, LspClient, ROOT, SERVER } from './harness/lspClient';
import { tmpTree } from './harness/tmpTree';
import { auditLog, CODE } from './measure-fixtures';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'node-agent', 'main.go'), 'utf8');
// A folder with no project config above it (the config tests make their own).
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-'));
const URI = pathToFileURL(path.join(DIR, 'main.go')).toString();

const rng = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

/**
 * What the example must produce: the same three findings as `kube-list-lint check examples/`.
 * KLL001 is information (3) on the default Kubernetes 1.34: the watch cache serves the LIST.
 */
const EXPECTED = [
  { code: 'KLL001', severity: 3, range: rng(23, 14, 25, 3) },
  { code: 'KLL003', severity: 3, range: rng(36, 11, 36, 100) },
  { code: 'KLL002', severity: 3, range: rng(39, 12, 39, 67) },
];

/** The example plus a LIST that does not depend on its loop: KLL201's hoist is a safe fix (KLL003's is not, issue 16 §4). */
const SAFE = `${EXAMPLE}
func perNode(ctx context.Context, cs kubernetes.Interface) {
	nodes, _ := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	for _, n := range nodes.Items {
		cms, _ := cs.CoreV1().ConfigMaps("kube-system").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
		_, _ = n, cms
	}
}
`;
const SAFE_FIXED = SAFE.replace(
  '\tfor _, n := range nodes.Items {\n\t\tcms, _ := cs.CoreV1().ConfigMaps("kube-system").List(ctx, metav1.ListOptions{ResourceVersion: "0"})\n',
  '\tcms, _ := cs.CoreV1().ConfigMaps("kube-system").List(ctx, metav1.ListOptions{ResourceVersion: "0"})\n\tfor _, n := range nodes.Items {\n',
);

const summary = (ds: Diagnostic[]) => ds.map((d) => ({ code: d.code, severity: d.severity, range: d.range }));
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).flatMap((c) => ('edits' in c && c.textDocument.uri === uri ? c.edits : []));
}

function lineRange(text: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return rng(0, 0, text.split('\n').length, 0);
}

describe('language server over stdio', function () {
  this.timeout(30000);
  let c: LspClient;
  beforeEach(async () => {
    c = await LspClient.start({ settings: {} });
  });
  afterEach(async () => {
    const code = await c.stop();
    assert.strictEqual(code, 0, `server exit code after shutdown/exit; stderr: ${c.stderr}`);
  });

  it('publishes the exact diagnostics on open: codes, ranges, severities, links', async () => {
    c.open(URI, EXAMPLE);
    const p = await c.diagnostics(URI);
    assert.strictEqual(p.version, 1);
    assert.deepStrictEqual(summary(p.diagnostics), EXPECTED);
    for (const d of p.diagnostics) {
      assert.strictEqual(d.source, 'kube-list-lint');
      assert.strictEqual(d.codeDescription?.href, `https://github.com/kube-list-lint/kube-list-lint/blob/main/docs/rules/${d.code}.md`);
      assert.match(d.message, /ResourceVersion/);
    }
  });

  it('quick fix: applying the first fix removes the finding; an unsafe fix is not preferred', async () => {
    c.open(URI, EXAMPLE);
    const p = await c.diagnostics(URI);
    const kll003 = p.diagnostics.find((d) => d.code === 'KLL003')!;
    const actions = (await c.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: kll003.range,
      context: { diagnostics: [kll003] },
    })) as CodeAction[];
    assert.deepStrictEqual(
      actions.map((a) => [a.title, a.kind, !!a.isPreferred]),
      [
        ['Remove Limit (ignored by the watch cache, not by etcd when the cache does not serve)', 'quickfix', false],
        ['Remove ResourceVersion to paginate for real (a consistent read, from etcd before 1.31)', 'quickfix', false],
        ['Ignore KLL003 on this line', 'quickfix', false],
      ],
    );
    const fixed = applyLspEdits(EXAMPLE, editsOf(actions[0].edit, URI));
    assert.strictEqual(fixed.split('\n')[36], '\teps, _ := cs.CoreV1().Endpoints("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})');
    const before = c.published.length;
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await c.diagnostics(URI, (x) => x.version === 2, before);
    assert.deepStrictEqual(codes(after.diagnostics), ['KLL001', 'KLL002']);
  });

  it('"Ignore KLLxxx on this line" writes the suppression comment above, indented, and silences it', async () => {
    c.open(URI, EXAMPLE);
    const p = await c.diagnostics(URI);
    const kll002 = p.diagnostics.find((d) => d.code === 'KLL002')!;
    const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: kll002.range, context: { diagnostics: [kll002] } })) as CodeAction[];
    const ignore = actions.find((a) => a.title === 'Ignore KLL002 on this line');
    assert.ok(ignore, JSON.stringify(actions.map((a) => a.title)));
    const text = applyLspEdits(EXAMPLE, editsOf(ignore.edit, URI));
    const lines = text.split('\n');
    assert.strictEqual(lines[39], '\t//kube-list-lint:ignore KLL002 TODO: reason');
    assert.strictEqual(lines[40], EXAMPLE.split('\n')[39]);
    const before = c.published.length;
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text }] });
    const after = await c.diagnostics(URI, (x) => x.version === 2, before);
    assert.deepStrictEqual(codes(after.diagnostics), ['KLL001', 'KLL003']);
  });

  it('source.fixAll (matched by prefix) applies safe fixes only; the command does the same through workspace/applyEdit', async () => {
    c.open(URI, SAFE);
    await c.diagnostics(URI);
    const ask = async (only?: string[]) =>
      (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: lineRange(SAFE), context: { diagnostics: [], only } })) as CodeAction[];
    for (const only of [['source.fixAll'], ['source'], ['source.fixAll.kube-list-lint']]) {
      const actions = await ask(only);
      assert.deepStrictEqual(actions.map((a) => a.kind), ['source.fixAll.kube-list-lint'], `only ${only}`);
      // KLL001, KLL002 and KLL003 only have unsafe fixes; KLL201's hoist is the only safe edit.
      const fixed = applyLspEdits(SAFE, editsOf(actions[0].edit, URI));
      assert.notStrictEqual(SAFE_FIXED, SAFE);
      assert.strictEqual(fixed, SAFE_FIXED);
    }
    assert.deepStrictEqual((await ask(['quickfix'])).filter((a) => a.kind !== 'quickfix'), []);
    assert.deepStrictEqual(await ask(['refactor']), []);

    const r = (await c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.applyAllFixes', arguments: [URI] })) as { applied: number };
    assert.strictEqual(r.applied, 2, 'the hoist is two edits: the call above the loop, and out of it');
    assert.strictEqual(c.applied.length, 1);
    assert.strictEqual(applyLspEdits(SAFE, editsOf(c.applied[0].edit, URI)), SAFE_FIXED);
  });

  it('settings change re-lints open documents: rule off, severity override, disable', async () => {
    c.open(URI, EXAMPLE);
    await c.diagnostics(URI);
    let before = c.published.length;
    c.settings = { rules: { KLL002: 'off', 'list-bypasses-watch-cache': 'error' } };
    c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    let p = await c.diagnostics(URI, (x) => codes(x.diagnostics).join() === 'KLL001,KLL003', before);
    assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['KLL001', 1], ['KLL003', 3]]);

    before = c.published.length;
    c.settings = { enable: false };
    c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    p = await c.diagnostics(URI, (x) => x.diagnostics.length === 0, before);
    assert.deepStrictEqual(p.diagnostics, []);
    assert.ok(c.configurationRequests >= 3, `workspace/configuration asked ${c.configurationRequests} times`);
  });

  it('project config file: applied, re-applied on change without restart, exclude honoured, broken config reported', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-config-'));
    const cfg = path.join(dir, '.kube-list-lint.yaml');
    const uri = pathToFileURL(path.join(dir, 'pkg', 'main.go')).toString();
    const changed = () =>
      c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(cfg).toString(), type: 2 }] });
    try {
      fs.writeFileSync(cfg, 'rules:\n  KLL002: off\n  limit-ignored-with-rv0: error\n');
      c.open(uri, EXAMPLE);
      let p = await c.diagnostics(uri);
      assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['KLL001', 3], ['KLL003', 1]]);

      // Editor settings override the file rule by rule.
      let before = c.published.length;
      c.settings = { rules: { KLL003: 'hint' } };
      c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      p = await c.diagnostics(uri, (x) => x.diagnostics.some((d) => d.severity === 4), before);
      assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['KLL001', 3], ['KLL003', 4]]);
      c.settings = {};

      before = c.published.length;
      fs.writeFileSync(cfg, 'rules:\n  KLL001: off\n');
      changed();
      p = await c.diagnostics(uri, (x) => codes(x.diagnostics).join() === 'KLL003,KLL002', before);
      assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['KLL003', 3], ['KLL002', 3]]);

      before = c.published.length;
      fs.writeFileSync(cfg, 'exclude: ["pkg/"]\n');
      changed();
      p = await c.diagnostics(uri, (x) => x.diagnostics.length === 0, before);
      assert.deepStrictEqual(p.diagnostics, []);

      before = c.published.length;
      fs.writeFileSync(cfg, 'rules:\n  KLL001: warn\n');
      changed();
      p = await c.diagnostics(uri, (x) => x.diagnostics.length === 3, before);
      assert.deepStrictEqual(codes(p.diagnostics), ['KLL001', 'KLL003', 'KLL002']);
      assert.ok(c.logs.some((l) => l.includes('.kube-list-lint.yaml: rules.KLL001: expected one of error, warning, information, hint, off, got "warn"')), c.logs.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('several small range edits give the same diagnostics as a fresh open of the final text', async () => {
    c.open(URI, EXAMPLE);
    await c.diagnostics(URI);
    let text = EXAMPLE;
    let version = 1;
    const edit = (sl: number, sc: number, el: number, ec: number, newText: string) => {
      const change = { range: rng(sl, sc, el, ec), text: newText };
      text = applyLspEdits(text, [{ range: change.range, newText }]);
      c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: ++version }, contentChanges: [change] });
    };
    // Typing ResourceVersion: "0" into the pod list, one keystroke-sized edit at a time.
    const at = EXAMPLE.split('\n')[24].length;
    let col = at - 1; // before the trailing comma of `FieldSelector: ... + node,`
    for (const piece of [', ', 'Resource', 'Version', ': ', '"0"']) {
      edit(24, col + 1, 24, col + 1, piece);
      col += piece.length;
    }
    // A comment with non-ASCII text above main(): shifts every later row by one.
    edit(13, 0, 13, 0, '// überprüft 😀 twice\n');
    // Delete ", Limit: 500" on the endpoints line (now line 37).
    const epLine = text.split('\n')[37];
    const li = epLine.indexOf(', Limit: 500');
    edit(37, li, 37, li + ', Limit: 500'.length, '');
    const last = await c.diagnostics(URI, (p) => p.version === version);
    const fresh = pathToFileURL(path.join(DIR, 'fresh.go')).toString();
    c.open(fresh, text);
    const freshP = await c.diagnostics(fresh);
    assert.deepStrictEqual(summary(last.diagnostics), summary(freshP.diagnostics));
    assert.deepStrictEqual(codes(last.diagnostics), ['KLL002']);
  });

  it('hover on a flagged call: rule name, cost first, link, never the message again; nothing elsewhere', async () => {
    c.open(URI, EXAMPLE);
    const published = await c.diagnostics(URI);
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 24, character: 5 } })) as Hover;
    const md = (h.contents as { kind: string; value: string });
    assert.strictEqual(md.kind, 'markdown');
    // The editor shows the diagnostic's message above the hover: the hover adds the cost, then
    // the data and explanation (`Finding.data`), and never repeats the message (issue 19).
    assert.match(md.value, /^\*\*KLL001\*\* `list-bypasses-watch-cache` · information\n\n#### Cost\n\n[^]*\n#### Why\n\n_LIST pods · served from watch cache_\n\n[^\n]*many times\.\n/);
    assert.ok(!md.value.includes(published.diagnostics[0].message), md.value);
    assert.match(md.value, /\[KLL001 list-bypasses-watch-cache\]\(https:\/\/github.com\/kube-list-lint\/kube-list-lint\/blob\/main\/docs\/rules\/KLL001.md\)/);
    assert.match(md.value, /#### Cost\n\n\*\*LIST pods\*\* at 1k-nodes/);
    assert.match(md.value, /\| served from \| watch cache \|/);
    assert.match(md.value, /\| read SLO \| ≈[\d.]+ m?s per request, within the read SLO \(p99 ≤ 30 s cluster-wide\) \|/);
    // The message carries no estimate; the assumed version is one footnote under the table.
    assert.ok(!/Estimate:|Cost unknown/.test(md.value));
    assert.strictEqual(md.value.split('assumed: no version configured').length, 2, md.value);
    assert.match(md.value, /\n_Kubernetes 1\.34 with etcd ≥ 3\.5\.13 assumed: no version configured/);
    assert.deepStrictEqual(h.range, EXPECTED[0].range);
    assert.strictEqual(await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } }), null);
  });

  it('code lenses above each finding, sized for the profile in the settings; none when kubeListLint.codeLens is false', async () => {
    c.open(URI, EXAMPLE);
    await c.diagnostics(URI);
    const lenses = async () => ((await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } })) as CodeLens[]).map((l) => [l.range.start.line, l.command?.title]);
    // The default profile (1k nodes, Kubernetes 1.34); the example is a per-node agent.
    assert.deepStrictEqual(await lenses(), [
      [23, 'KLL001 · LIST pods · watch cache · ≈600 KB sent · ≈0.05 s · ×1,000'],
      [36, 'KLL003 · LIST endpoints · watch cache · ≈11 MB sent · ≈0.14 s · ×1,000'],
      [39, 'KLL002 · GET nodes · etcd · ≈18 KB processed · ≈0.04 s · ×1,000'],
    ]);
    // Seed 001's cluster: 4k nodes, 100k pods of ~20 KB, before 1.31: 2.0 GB from etcd.
    let before = c.published.length;
    c.settings = { profile: '4k-nodes', kubernetesVersion: '1.30' };
    c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // On 1.30 KLL001 is a warning again; the message stays the rule's text.
    const p = await c.diagnostics(URI, (x) => x.diagnostics[0]?.severity === 2, before);
    assert.ok(!p.diagnostics.some((d) => /Estimate|≈/.test(d.message)));
    assert.deepStrictEqual((await lenses())[0], [23, 'KLL001 · LIST pods · etcd · ≈2.0 GB processed · ≈11 s · ×4,000']);

    before = c.published.length;
    c.settings = { codeLens: false };
    c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.diagnostics(URI, () => true, before);
    assert.deepStrictEqual(await lenses(), []);
  });

  it('run: onSave publishes on save, not while typing; didClose clears the document', async () => {
    c.settings = { run: 'onSave' };
    c.open(URI, EXAMPLE);
    await c.diagnostics(URI, (x) => x.version === 1);
    const fixed = EXAMPLE.replace('ResourceVersion: "0", Limit: 500}', 'ResourceVersion: "0"}');
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
    // A round trip, then more than the typing debounce: an onType server would have published by now.
    await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    await new Promise((r) => setTimeout(r, 400));
    assert.deepStrictEqual(c.published.filter((x) => x.uri === URI && x.version === 2), []);
    c.conn.sendNotification('textDocument/didSave', { textDocument: { uri: URI } });
    const saved = await c.diagnostics(URI, (x) => x.version === 2);
    assert.deepStrictEqual(codes(saved.diagnostics), ['KLL001', 'KLL002']);

    const before = c.published.length;
    c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    const closed = await c.diagnostics(URI, () => true, before);
    assert.deepStrictEqual(closed.diagnostics, []);
    assert.strictEqual(await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 24, character: 5 } }), null);
  });

  it('answers empty for documents that are not open', async () => {
    const uri = 'file:///nowhere/x.go';
    assert.strictEqual(await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.deepStrictEqual(await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: rng(0, 0, 1, 0), context: { diagnostics: [] } }), []);
    assert.deepStrictEqual(await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }), []);
  });

  it('survives bad input: garbage frames, invalid JSON, out-of-range and out-of-order changes, a throwing handler', async () => {
    c.open(URI, EXAMPLE);
    await c.diagnostics(URI);
    // A frame whose Content-Length is not a number, then one whose body is not JSON.
    c.child.stdin!.write('Content-Length: abc\r\n\r\n');
    c.child.stdin!.write('Content-Length: 10\r\n\r\n{not json}');
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 24, character: 5 } })) as Hover;
    assert.ok(h, 'hover after garbage');
    // A range past the end is clamped (and logged); the result is the text an editor would have.
    let before = c.published.length;
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: rng(900, 0, 900, 5), text: '\n// tail\n' }] });
    let p = await c.diagnostics(URI, (x) => x.version === 2, before);
    assert.deepStrictEqual(codes(p.diagnostics), ['KLL001', 'KLL003', 'KLL002']);
    assert.ok(c.logs.some((l) => /outside the document.*clamped/.test(l)), c.logs.join('\n'));
    // An older version is ignored; the next newer one applies.
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 1 }, contentChanges: [{ text: 'package x\n' }] });
    before = c.published.length;
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ range: rng(0, 0, 0, 0), text: '// v3\n' }] });
    p = await c.diagnostics(URI, (x) => x.version === 3, before);
    assert.deepStrictEqual(codes(p.diagnostics), ['KLL001', 'KLL003', 'KLL002']);
    assert.deepStrictEqual(p.diagnostics[0].range.start, { line: 24, character: 14 });
    assert.ok(c.logs.some((l) => /ignoring change to version 1/.test(l)));
    // Malformed params make the handler throw: logged, answered empty, server still serving.
    const bad = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: null, context: {} });
    assert.deepStrictEqual(bad, []);
    assert.ok(c.logs.some((l) => /codeAction failed/.test(l)), c.logs.join('\n'));
    const lenses = (await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } })) as CodeLens[];
    assert.strictEqual(lenses.length, 3);
  });

  it('workspace scan: lints Go files from disk with $/progress; the cost report lists them', async () => {
    await c.stop();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-scan-'));
    fs.mkdirSync(path.join(dir, 'cmd'));
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.writeFileSync(path.join(dir, 'cmd', 'agent.go'), EXAMPLE);
    fs.writeFileSync(path.join(dir, 'vendor', 'dep.go'), EXAMPLE);
    fs.writeFileSync(path.join(dir, 'clean.go'), 'package x\n');
    // Tests are left out unless the project config says `tests: true`, as in CI.
    fs.writeFileSync(path.join(dir, 'cmd', 'agent_test.go'), EXAMPLE);
    c = await LspClient.start({ workspaceFolder: dir, capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } } });
    const r = (await c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.scanWorkspace', arguments: [] })) as Record<string, unknown>;
    assert.deepStrictEqual(r, { files: 2, filesWithFindings: 1, findings: 3, problems: [], cancelled: false });
    const agentUri = pathToFileURL(path.join(dir, 'cmd', 'agent.go')).toString();
    const p = await c.diagnostics(agentUri);
    assert.deepStrictEqual(summary(p.diagnostics), EXPECTED);
    assert.ok(!c.published.some((x) => x.uri.includes('/vendor/') || x.uri.endsWith('clean.go') || x.uri.endsWith('_test.go')));
    const kinds = c.progress.map((x) => (x as { value: { kind: string } }).value.kind);
    assert.strictEqual(kinds[0], 'begin');
    assert.strictEqual(kinds[kinds.length - 1], 'end');
    type Row = { uri: string; rule: string; line: number; headline: string; cost: { label: string; total: { bytesProcessed: number } } };
    const report = (await c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.costReport', arguments: [] })) as { findings: Row[] };
    // Costliest first on the default 1.34: 11 GB of endpoints per run, then 600 MB of pods
    // from the watch cache, then 18 MB of nodes.
    assert.deepStrictEqual(report.findings.map((f) => [f.uri, f.rule, f.line, f.cost.label]), [
      [agentUri, 'KLL003', 36, 'LIST endpoints'],
      [agentUri, 'KLL001', 23, 'LIST pods'],
      [agentUri, 'KLL002', 39, 'GET nodes'],
    ]);
    const totals = report.findings.map((f) => f.cost.total.bytesProcessed);
    assert.ok(totals[0] > totals[1] && totals[1] > totals[2], JSON.stringify(totals));
    assert.match(report.findings[1].headline, /^≈600 KB sent from the watch cache per call at 1k-nodes \/ 1\.34/);
    assert.strictEqual((report.findings[1] as Row & { bytes: number }).bytes, 600e3);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('language server: workspace scan stays responsive', function () {
  this.timeout(60000);
  it('answers a hover sent during a scan before the scan finishes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-scan-many-'));
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `f${i}.go`), EXAMPLE);
    const c = await LspClient.start({ workspaceFolder: dir });
    try {
      c.open(URI, EXAMPLE);
      await c.diagnostics(URI);
      const order: string[] = [];
      const scan = c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.scanWorkspace', arguments: [] }).then((r) => {
        order.push('scan');
        return r as { files: number; findings: number };
      });
      const hover = c.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 24, character: 5 } }).then((h) => {
        order.push('hover');
        return h;
      });
      const [summary, h] = await Promise.all([scan, hover]);
      assert.ok(h);
      assert.deepStrictEqual([summary.files, summary.findings], [40, 120]);
      assert.deepStrictEqual(order, ['hover', 'scan']);
    } finally {
      assert.strictEqual(await c.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('language server: pull diagnostics', function () {
  this.timeout(30000);
  it('answers textDocument/diagnostic and does not also push when the client pulls', async () => {
    const c = await LspClient.start({
      capabilities: { workspace: { configuration: true, diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    });
    try {
      c.open(URI, EXAMPLE);
      const r = (await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } })) as { kind: string; items: Diagnostic[] };
      assert.strictEqual(r.kind, 'full');
      assert.deepStrictEqual(summary(r.items), EXPECTED);
      assert.deepStrictEqual(c.published.filter((p) => p.uri === URI), []);
      const none = (await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///not/open.go' } })) as { items: Diagnostic[] };
      assert.deepStrictEqual(none.items, []);
      // A settings change asks the client to pull again, and the next pull reflects it.
      c.settings = { rules: { KLL001: 'off' } };
      c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const deadline = Date.now() + 10000;
      while (c.refreshes === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
      assert.strictEqual(c.refreshes, 1);
      const again = (await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } })) as { items: Diagnostic[] };
      assert.deepStrictEqual(codes(again.items), ['KLL003', 'KLL002']);
    } finally {
      assert.strictEqual(await c.stop(), 0);
    }
  });
});

describe('language server: other entry points', function () {
  this.timeout(30000);
  for (const [name, opts] of [
    ['kube-list-lint lsp --stdio (the CLI)', { args: [BIN, 'lsp', '--stdio'] }],
    ['dist/server.js --node-ipc (how the VS Code client starts it)', { args: [SERVER, '--node-ipc'], ipc: true }],
  ] as const) {
    it(name, async () => {
      const c = await LspClient.start(opts);
      try {
        c.open(URI, EXAMPLE);
        const p = await c.diagnostics(URI);
        assert.deepStrictEqual(summary(p.diagnostics), EXPECTED);
      } finally {
        assert.strictEqual(await c.stop(), 0);
      }
    });
  }
});

describe('language server: measured figures from an audit report', function () {
  this.timeout(60000);
  it('hover and lens show what `audit --write` measured next to the model; they follow the call, vanish when it changes; a bad report is said', async () => {
    const dir = tmpTree({ ...CODE, 'audit.log': auditLog(), '.kube-list-lint.yaml': '# team\nrules:\n  KLL002: off\n' });
    const cfg = path.join(dir, '.kube-list-lint.yaml');
    const w = spawnSync(process.execPath, [BIN, 'audit', '--write', 'audit.log'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(w.status, 0, w.stderr);
    assert.strictEqual(fs.readFileSync(cfg, 'utf8'), '# team\nrules:\n  KLL002: off\naudit: kube-list-lint-audit.json # measured by kube-list-lint audit: hover and CodeLens show it; docs/measure.md\n');
    const reportFile = path.join(dir, 'kube-list-lint-audit.json');
    const c = await LspClient.start({ workspaceFolder: dir, capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } } } });
    let refreshes = 0;
    c.conn.onRequest('workspace/codeLens/refresh', () => {
      refreshes++;
      return null;
    });
    try {
      const uri = pathToFileURL(path.join(dir, 'cmd', 'node-agent', 'main.go')).toString();
      let text = CODE['cmd/node-agent/main.go'];
      let version = 1;
      c.open(uri, text);
      await c.diagnostics(uri);
      const lenses = async () => ((await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[]).map((l) => [l.range.start.line, l.command?.title]);
      // 120 agent LISTs in 2,790 s of log (155 an hour), 0.2 s to 1.1 s each.
      const MEASURED = ' · measured: 155 LISTs/hour, p99 1.1 s';
      const [lens] = await lenses();
      assert.strictEqual(lens[0], 12);
      assert.ok(String(lens[1]).startsWith('KLL001 · LIST pods · ') && String(lens[1]).endsWith(MEASURED), String(lens[1]));
      const hover = async (line: number) => ((await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 20 } })) as Hover).contents as { value: string };
      const md = (await hover(12)).value;
      // The model's cost first, then what was measured, then why.
      assert.match(md, /#### Cost\n[^]*#### Measured\n\n\| \| \|\n\|---\|---\|\n\| requests \| 155 LISTs\/hour \(120 in the log\) \|\n\| latency \| p50 0\.\d\d s, p99 1\.1 s \|\n\| apiserver time \| 78 s \(101 s\/hour\) \|\n\nMatched with high confidence\. Audit log `audit\.log` from 2025-06-02 09:00 to 2025-06-02 09:46 UTC, via `kube-list-lint-audit\.json`\.\n\n#### Why/);

      // Lines added above: the call is found again by its function and text.
      const edit = (next: string) => {
        text = next;
        c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
        return c.diagnostics(uri, (p) => p.version === version);
      };
      await edit(text.replace('func podsOnNode', '// podsOnNode lists the pods of this node.\n//\n// It runs once.\nfunc podsOnNode'));
      const moved = await lenses();
      assert.deepStrictEqual(moved.map(([l]) => l), [15]);
      assert.ok(String(moved[0][1]).endsWith(MEASURED), String(moved[0][1]));
      // Another call is other code: the audit measured the old one.
      await edit(text.replace('"spec.nodeName=" + node}', '"spec.nodeName=" + node, Limit: 500}'));
      const changed = await lenses();
      assert.strictEqual(changed.length, 1);
      assert.ok(!String(changed[0][1]).includes('measured'), String(changed[0][1]));
      assert.ok(!(await hover(15)).value.includes('#### Measured'));
      await edit(CODE['cmd/node-agent/main.go']);

      // Calls no rule reports get a lens and hover of their own: the audit's figures alone.
      const ctl = pathToFileURL(path.join(dir, 'cmd', 'controller', 'main.go')).toString();
      c.open(ctl, CODE['cmd/controller/main.go']);
      await c.diagnostics(ctl);
      const ctlLenses = ((await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: ctl } })) as CodeLens[]).map((l) => [l.range.start.line, l.command?.title]);
      // The editor reports neither call (to it this main package is a tool, whose one-off LISTs are not findings).
      assert.deepStrictEqual(ctlLenses, [
        [10, 'LIST configmaps · measured: 13 LISTs/hour, p99 0.05 s'],
        [11, 'LIST services · measured: 13 LISTs/hour, p99 0.02 s'],
      ]);
      const svc = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: ctl }, position: { line: 11, character: 20 } })) as Hover;
      assert.match((svc.contents as { value: string }).value, /^\*\*LIST services\*\* · no finding\n\n#### Measured\n\n\| \| \|\n\|---\|---\|\n\| requests \| 13 LISTs\/hour \(10 in the log\) \|/);
      assert.deepStrictEqual(svc.range?.start, { line: 11, character: 8 });
      assert.strictEqual(await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: ctl }, position: { line: 14, character: 0 } }), null);
      const inf = pathToFileURL(path.join(dir, 'cmd', 'controller', 'informers.go')).toString();
      c.open(inf, CODE['cmd/controller/informers.go']);
      await c.diagnostics(inf);
      const infLenses = ((await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: inf } })) as CodeLens[]).map((l) => [l.range.start.line, l.command?.title]);
      // Its reflector's LIST and its WATCH: 2 requests in 0.78 h.
      assert.deepStrictEqual(infLenses, [[11, 'informer of configmaps (LIST + WATCH) · measured: 3 requests/hour, p99 0.03 s']]);

      // A report made elsewhere (CI) names a code root that is not here: the config's folder is used.
      const doc = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
      assert.strictEqual(doc.codeRoot, '.');
      fs.writeFileSync(reportFile, JSON.stringify({ ...doc, codeRoot: '/build/src/agent' }));
      // The editor is told the report changed: it asks for lenses again.
      c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(reportFile).toString(), type: 2 }] });
      for (let i = 0; i < 100 && !refreshes; i++) await new Promise((r) => setTimeout(r, 20));
      assert.strictEqual(refreshes, 1);
      assert.ok(String((await lenses())[0][1]).endsWith(MEASURED));
      // A broken report is said, and the lens is the model's alone.
      fs.writeFileSync(reportFile, '{"kind": "audit-report", "sites": [');
      assert.ok(!String((await lenses())[0][1]).includes('measured'));
      assert.ok(c.logs.some((l) => l.includes('kube-list-lint-audit.json: not JSON')), c.logs.join('\n'));
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
