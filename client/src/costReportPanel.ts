// The cost report webview: one panel, re-rendered on each "Show Cost Report". The page can
// only ask to open finding #i of the report it was given, so it never names a URI itself.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { renderReportHtml, type CostReport } from './costReportHtml';

export class CostReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: CostReport = { findings: [] };

  show(report: CostReport): void {
    this.report = report;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('kubeListLint.costReport', 'kube-list-lint: Cost Report', vscode.ViewColumn.Beside, {
        enableScripts: true,
        // Nothing is loaded from disk: the page is self-contained.
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m));
    }
    const webview = this.panel.webview;
    webview.html = renderReportHtml(report, { nonce: randomBytes(16).toString('base64'), cspSource: webview.cspSource, describeUri });
    this.panel.reveal(undefined, true);
  }

  /** The page's HTML, for tests that check what the user sees. */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private async onMessage(m: unknown): Promise<void> {
    const msg = m as { command?: unknown; index?: unknown };
    if (msg?.command !== 'open' || typeof msg.index !== 'number') return;
    const f = this.report.findings[msg.index];
    if (!f) return;
    const pos = new vscode.Position(f.line, f.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(f.uri), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
  }
}

function describeUri(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  return vscode.workspace.asRelativePath(parsed, true);
}
