// The cost report webview: one panel, re-rendered on each "Show Cost Report". The page can
// only ask to open finding #i of the report it was given, so it never names a URI itself.
// The last report is kept in the workspace's state and the panel is restored from it after
// a window reload (a serializer), so a scan's results stay until the next report replaces
// them: a restarted server has forgotten the scan, the panel has not.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { parseReport, renderReportHtml, type CostReport } from './costReportHtml';

const VIEW_TYPE = 'kubeListLint.costReport';
const STATE_KEY = 'kubeListLint.lastCostReport';

export class CostReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: CostReport;
  private readonly serializer: vscode.Disposable;

  constructor(private readonly state?: vscode.Memento) {
    this.report = parseReport(state?.get(STATE_KEY));
    this.serializer = vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        this.adopt(panel);
        this.render();
      },
    });
  }

  show(report: CostReport): void {
    this.report = report;
    void this.state?.update(STATE_KEY, report);
    if (!this.panel) {
      this.adopt(
        vscode.window.createWebviewPanel(VIEW_TYPE, 'kube-list-lint: Cost Report', vscode.ViewColumn.Beside, {
          enableScripts: true,
          // Nothing is loaded from disk: the page is self-contained.
          localResourceRoots: [],
        }),
      );
    }
    this.render();
    this.panel!.reveal(undefined, true);
  }

  /** The page's HTML, for tests that check what the user sees. */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  dispose(): void {
    this.serializer.dispose();
    this.panel?.dispose();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m));
  }

  private render(): void {
    const webview = this.panel!.webview;
    webview.html = renderReportHtml(this.report, { nonce: randomBytes(16).toString('base64'), cspSource: webview.cspSource, describeUri });
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
