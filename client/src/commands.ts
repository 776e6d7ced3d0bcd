// The commands the extension contributes. They only forward to the server and show its
// answer: every finding and every fix is computed by the server's engine.
import * as vscode from 'vscode';
import type { ExecuteCommandSignature } from 'vscode-languageclient/node';
import { parseReport } from './costReportHtml';
import type { CostReportPanel } from './costReportPanel';
import { CLIENT_COMMANDS } from './names';
import type { ServerClient } from './serverClient';
import type { ScanSummary } from '../../server/src/lsp/workspaceScan';
import { COMMANDS, SETTINGS_SECTION } from './serverProtocol';

/** What the server's applyAllFixes returns. */
interface FixAllResult {
  applied: number;
  fixes: number;
}


export function registerCommands(server: ServerClient, report: CostReportPanel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CLIENT_COMMANDS.fixAll, () => fixAll(server)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showCostReport, () => showCostReport(server, report)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.restartServer, () => restartServer(server)),
  ];
}

async function fixAll(server: ServerClient): Promise<FixAllResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'go') {
    void vscode.window.showInformationMessage('kube-list-lint: open a Go file to fix.');
    return undefined;
  }
  const result = await server.executeServerCommand<FixAllResult | null>(COMMANDS.applyAllFixes, [{ uri: editor.document.uri.toString() }]);
  if (!result || result.fixes === 0) void vscode.window.showInformationMessage('kube-list-lint: no safe fixes in this file.');
  else if (result.applied === 0) void vscode.window.showWarningMessage('kube-list-lint: the file changed while fixing; run the command again.');
  return result ?? undefined;
}

async function restartServer(server: ServerClient): Promise<void> {
  if (!vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('enable', true)) {
    void vscode.window.showInformationMessage('kube-list-lint is disabled (kubeListLint.enable); nothing to restart.');
    return;
  }
  await server.restart();
}

async function showCostReport(server: ServerClient, panel: CostReportPanel): Promise<number> {
  const report = parseReport(await server.executeServerCommand<unknown>(COMMANDS.costReport));
  panel.show(report);
  return report.findings.length;
}

/**
 * `kube-list-lint.scanWorkspace` is the server's own command: vscode-languageclient registers
 * every command the server lists in `executeCommandProvider` under the same id, so the
 * extension cannot register it too. This middleware adds the summary message around it.
 */
export async function scanWorkspaceMiddleware(command: string, args: unknown[], next: ExecuteCommandSignature): Promise<unknown> {
  const result = await next(command, args);
  if (command !== COMMANDS.scanWorkspace || !result) return result;
  const s = result as ScanSummary;
  const what = `${s.findings} finding${s.findings === 1 ? '' : 's'} in ${s.filesWithFindings} of ${s.files} Go file${s.files === 1 ? '' : 's'}`;
  const unread = s.problems?.length ? ` ${s.problems.length} could not be read (see the kube-list-lint output).` : '';
  void vscode.window.showInformationMessage(`kube-list-lint: ${s.cancelled ? 'scan cancelled; so far ' : ''}${what}.${unread}`);
  return result;
}
