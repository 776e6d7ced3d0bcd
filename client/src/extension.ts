// Extension entry (bundled as dist/client.js). VS Code glue only: it starts the language
// server, contributes commands, a status bar item and the cost report view. All analysis
// happens in the server.
import * as vscode from 'vscode';
import { registerCommands, scanWorkspaceMiddleware } from './commands';
import { CostReportPanel } from './costReportPanel';
import { ServerClient } from './serverClient';
import { SETTINGS_SECTION } from './serverProtocol';
import { FindingsStatusBar } from './statusBar';

/** What activate() returns: handles for tests that drive the extension through the API. */
export interface ExtensionApi {
  readonly serverRunning: boolean;
  readonly statusBarCount: number;
  readonly costReportHtml: string | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const statusBar = new FindingsStatusBar();
  const server = new ServerClient(context, { executeCommand: scanWorkspaceMiddleware }, (running) => statusBar.setRunning(running));
  const report = new CostReportPanel(context.workspaceState);
  context.subscriptions.push(server, statusBar, report, ...registerCommands(server, report));

  const enabled = () => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('enable', true);
  const sync = async () => {
    if (enabled()) await server.start();
    else await server.stop();
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.enable`)) void sync();
    }),
  );
  try {
    await sync();
  } catch (e) {
    void vscode.window.showErrorMessage(`kube-list-lint: the language server did not start (${e instanceof Error ? e.message : String(e)}).`);
  }

  return {
    get serverRunning() {
      return server.running;
    },
    get statusBarCount() {
      return statusBar.total;
    },
    get costReportHtml() {
      return report.html;
    },
  };
}

export function deactivate(): void {
  // Disposing the subscriptions stops the server.
}
