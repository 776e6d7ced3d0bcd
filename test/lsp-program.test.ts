// The program model in the language server: a real server process over stdio on a copy of
// the multi-package operator fixture. Findings come from other files (the manager's cache
// options in cmd/, the LIST in pods.go), related information points at other URIs, and an
// edit of main.go re-publishes the reconciler's diagnostics in another open document.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, ROOT } from './harness/lspClient';

const FIXTURE = path.join(ROOT, 'test', 'program-fixtures', 'operator');
const at = (ds: Diagnostic[]) => ds.map((d) => `${d.code}:${d.range.start.line + 1}`).sort();

describe('language server: the program model across files', function () {
  this.timeout(60000);
  let c: LspClient;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
  const text = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-program-'));
    fs.cpSync(FIXTURE, dir, { recursive: true });
    c = await LspClient.start({ settings: {} });
  });
  afterEach(async () => {
    assert.strictEqual(await c.stop(), 0, c.stderr);
  });

  it('reads the cache options of cmd/manager for a reconciler: DisableFor is a live LIST, a restricted kind is silent', async () => {
    const rec = 'internal/controller/reconciler.go';
    c.open(uri(rec), text(rec));
    const p = await c.diagnostics(uri(rec));
    assert.deepStrictEqual(at(p.diagnostics), ['KLL001:37', 'KLL301:32']);
  });

  it('a loop calling a LIST in another file: KLL201 with related information in pods.go', async () => {
    const sync = 'internal/controller/sync.go';
    c.open(uri(sync), text(sync));
    const p = await c.diagnostics(uri(sync));
    assert.deepStrictEqual(at(p.diagnostics), ['KLL201:16']);
    const related = p.diagnostics[0].relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri === uri('internal/controller/pods.go')), JSON.stringify(related));
  });

  it('options a method receives from callers in another package: related information there; an edit of the callers re-publishes', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-options-'));
    fs.cpSync(path.join(ROOT, 'test', 'program-fixtures', 'options'), dir, { recursive: true });
    const pods = 'internal/store/pods.go';
    const sync = 'internal/sync/sync.go';
    c.open(uri(pods), text(pods));
    const p = await c.diagnostics(uri(pods), (x) => at(x.diagnostics).join() === 'KLL001:18,KLL001:48');
    const related = p.diagnostics.find((d) => d.range.start.line === 17)?.relatedInformation ?? [];
    assert.deepStrictEqual(related.map((r) => `${r.location.uri === uri(sync)}:${r.location.range.start.line + 1}`), ['true:20', 'true:33']);
    c.open(uri(sync), text(sync));
    await c.diagnostics(uri(sync));
    const before = c.published.length;
    // One caller of PodsWith now reads from the watch cache: the callers disagree, the read is unknown.
    const edited = text(sync).replace('PodsWith(ctx, metav1.ListOptions{LabelSelector: "app=x"})', 'PodsWith(ctx, metav1.ListOptions{ResourceVersion: "0"})');
    assert.notStrictEqual(edited, text(sync));
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(sync), version: 2 }, contentChanges: [{ text: edited }] });
    const q = await c.diagnostics(uri(pods), (x) => at(x.diagnostics).join() === 'KLL001:48', before);
    assert.deepStrictEqual(at(q.diagnostics), ['KLL001:48']);
  });

  it('the workspace scan shows the options callers in other files pass, as the CLI does', async () => {
    await c.stop();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-scan-options-'));
    fs.cpSync(path.join(ROOT, 'test', 'program-fixtures', 'options'), dir, { recursive: true });
    c = await LspClient.start({ workspaceFolder: dir, settings: {} });
    await c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.scanWorkspace', arguments: [] });
    const p = await c.diagnostics(uri('internal/store/pods.go'));
    assert.deepStrictEqual(at(p.diagnostics), ['KLL001:18', 'KLL001:48']);
    const related = p.diagnostics.find((d) => d.range.start.line === 17)?.relatedInformation ?? [];
    assert.ok(related.length === 2 && related.every((r) => r.location.uri === uri('internal/sync/sync.go')), JSON.stringify(related));
  });

  it("the workspace scan reads cmd/manager's cache options for a reconciler that is not open, as the CLI does", async () => {
    await c.stop();
    c = await LspClient.start({ workspaceFolder: dir, settings: {} });
    await c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.scanWorkspace', arguments: [] });
    const p = await c.diagnostics(uri('internal/controller/reconciler.go'));
    // DisableFor makes the Secret read a live LIST (KLL001); read alone, the file would say KLL301 for it.
    assert.deepStrictEqual(at(p.diagnostics), ['KLL001:37', 'KLL301:32']);
  });

  it("editing main.go's cache options re-publishes the reconciler's diagnostics", async () => {
    const rec = 'internal/controller/reconciler.go';
    const main = 'cmd/manager/main.go';
    c.open(uri(rec), text(rec));
    await c.diagnostics(uri(rec), (p) => at(p.diagnostics).join() === 'KLL001:37,KLL301:32');
    c.open(uri(main), text(main));
    await c.diagnostics(uri(main));
    const before = c.published.length;
    const edited = text(main).replace(/\t\t\t\t&corev1\.Secret\{\}.*\n/, '');
    assert.notStrictEqual(edited, text(main));
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(main), version: 2 }, contentChanges: [{ text: edited }] });
    const p = await c.diagnostics(uri(rec), (x) => at(x.diagnostics).includes('KLL301:27'), before);
    assert.deepStrictEqual(at(p.diagnostics), ['KLL001:37', 'KLL301:27', 'KLL301:32']);
  });

  it('test scaffolding is quiet in the editor too, as in CI', async () => {
    const e2e = 'test/e2e/wait.go';
    c.open(uri(e2e), text(e2e));
    const p = await c.diagnostics(uri(e2e));
    assert.deepStrictEqual(p.diagnostics, []);
  });
});
