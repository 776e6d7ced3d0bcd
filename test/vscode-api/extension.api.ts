// The extension through the VS Code API, inside a real VS Code (run by vscodeApi.test.ts
// with @vscode/test-electron). Expectations come from the CLI over the same files, computed
// by the launcher before VS Code starts (KLL_API_EXPECTATIONS).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../client/src/extension';
import { applyCliEdits, safeFixAll, type CliFinding } from '../e2e/cliExpectations';

interface Expectations {
  /** CLI findings per workspace-relative file name. */
  findings: Record<string, CliFinding[]>;
}

const SOURCE = 'kube-list-lint';
const expectations: Expectations = JSON.parse(fs.readFileSync(process.env.KLL_API_EXPECTATIONS as string, 'utf8'));

async function until<T>(what: string, probe: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

function key(rule: string, line0: number, char0: number): string {
  return `${rule}@${line0}:${char0}`;
}

function fileUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started on the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('kube-list-lint in VS Code (API)', () => {
  let api: ExtensionApi;
  let agent: vscode.TextDocument;
  const agentFindings = expectations.findings['agent.go'];

  before(async () => {
    agent = await vscode.workspace.openTextDocument(fileUri('agent.go'));
    await vscode.window.showTextDocument(agent);
    const ext = vscode.extensions.getExtension<ExtensionApi>('kube-list-lint.kube-list-lint');
    assert.ok(ext, 'the extension under development is loaded');
    api = await ext.activate();
  });

  it('activates on a Go file and starts the language server', async () => {
    await until('server running', () => api.serverRunning);
  });

  it('registers its commands and the server’s', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ['kube-list-lint.fixAll', 'kube-list-lint.scanWorkspace', 'kube-list-lint.showCostReport', 'kube-list-lint.restartServer', 'kube-list-lint.applyAllFixes', 'kube-list-lint.costReport']) {
      assert.ok(all.has(c), c);
    }
  });

  it('shows exactly the findings the CLI reports, counted in the status bar', async () => {
    const want = agentFindings.map((f) => key(f.rule, f.line - 1, f.column - 1)).sort();
    await until('diagnostics', () => ours(agent.uri).length === want.length);
    const got = ours(agent.uri)
      .map((d) => key(codeOf(d), d.range.start.line, d.range.start.character))
      .sort();
    assert.deepStrictEqual(got, want);
    await until('status bar count', () => api.statusBarCount === want.length);
  });

  it('hovers a flagged call with the rule and its explanation', async () => {
    const f = agentFindings[0];
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', agent.uri, new vscode.Position(f.line - 1, f.column - 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes(f.name) && text.includes(f.message), text);
  });

  it('offers the quick fix and applying it removes the finding', async () => {
    const f = agentFindings[0];
    const fix = f.fixes.find((x) => x.title.startsWith('Add ResourceVersion: "0"'));
    assert.ok(fix);
    const diag = ours(agent.uri).find((d) => d.range.start.line === f.line - 1);
    assert.ok(diag);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', agent.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((a) => a.title === fix.title);
    assert.ok(action?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === `Ignore ${f.rule} on this line`));
    const before = agent.getText();
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual(agent.getText(), applyCliEdits(before, fix.edits));
    await until('finding gone', () => !ours(agent.uri).some((d) => d.range.start.line === f.line - 1));
    await vscode.commands.executeCommand('undo');
  });

  it('fixes all safe problems with kube-list-lint.fixAll', async () => {
    const doc = await vscode.workspace.openTextDocument(fileUri('limits.go'));
    await vscode.window.showTextDocument(doc);
    const findings = expectations.findings['limits.go'];
    await until('diagnostics of limits.go', () => ours(doc.uri).length === findings.length);
    const original = doc.getText();
    await vscode.commands.executeCommand('kube-list-lint.fixAll');
    assert.strictEqual(doc.getText(), safeFixAll(original, findings));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('offers source.fixAll.kube-list-lint on an untitled Go document', async () => {
    const text = fs.readFileSync(fileUri('limits.go').fsPath, 'utf8');
    const doc = await vscode.workspace.openTextDocument({ language: 'go', content: text });
    await vscode.window.showTextDocument(doc);
    await until('diagnostics of the untitled document', () => ours(doc.uri).length === expectations.findings['limits.go'].length);
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, full, 'source.fixAll.kube-list-lint');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.kube-list-lint');
    assert.ok(fixAll?.edit);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.strictEqual(doc.getText(), safeFixAll(text, expectations.findings['limits.go']));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows the cost report with every finding of the open files', async () => {
    await vscode.window.showTextDocument(agent);
    const count = await vscode.commands.executeCommand<number>('kube-list-lint.showCostReport');
    const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'go').reduce((n, d) => n + ours(d.uri).length, 0);
    assert.strictEqual(count, open);
    assert.match(api.costReportHtml ?? '', new RegExp(`${count} findings? in`));
  });

  it('re-lints when a rule is turned off in settings', async () => {
    const config = vscode.workspace.getConfiguration('kubeListLint');
    await config.update('rules', { KLL001: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await until('KLL001 off', () => !ours(agent.uri).some((d) => codeOf(d) === 'KLL001'));
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('KLL001 back', () => ours(agent.uri).length === agentFindings.length);
  });

  it('stops the server when disabled and restarts on request', async () => {
    const config = vscode.workspace.getConfiguration('kubeListLint');
    await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
    try {
      await until('server stopped', () => !api.serverRunning);
      await until('diagnostics cleared', () => ours(agent.uri).length === 0);
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('server running again', () => api.serverRunning);
    await vscode.commands.executeCommand('kube-list-lint.restartServer');
    assert.ok(api.serverRunning);
    await until('diagnostics after restart', () => ours(agent.uri).length === agentFindings.length);
  });
});
