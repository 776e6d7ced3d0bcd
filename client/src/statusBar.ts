// A status bar item with the number of kube-list-lint findings VS Code currently holds,
// whichever way they arrived (pushed, pulled, or from a workspace scan).
import * as vscode from 'vscode';
import { SOURCE } from './serverProtocol';

export function countFindings(diagnostics: readonly vscode.Diagnostic[]): number {
  let n = 0;
  for (const d of diagnostics) if (d.source === SOURCE) n++;
  return n;
}

export function statusText(findings: number, files: number, running: boolean): { text: string; tooltip: string } {
  if (!running) return { text: '$(circle-slash) kube-list-lint', tooltip: 'kube-list-lint is off (kubeListLint.enable) or its server is not running' };
  const noun = findings === 1 ? 'finding' : 'findings';
  const where = files === 1 ? '1 file' : `${files} files`;
  return {
    text: findings ? `$(warning) ${findings} kube-list-lint` : '$(check) kube-list-lint',
    tooltip: findings ? `${findings} kube-list-lint ${noun} in ${where}. Click to open the Problems panel.` : 'No kube-list-lint findings in the files checked so far',
  };
}

export class FindingsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Findings per URI, updated only for the URIs each change event names. */
  private readonly counts = new Map<string, number>();
  private readonly subscription: vscode.Disposable;
  private running = false;

  constructor() {
    this.item = vscode.window.createStatusBarItem('kube-list-lint.findings', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'kube-list-lint findings';
    this.item.command = 'workbench.actions.view.problems';
    for (const [uri, diags] of vscode.languages.getDiagnostics()) this.set(uri, diags);
    this.subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) this.set(uri, vscode.languages.getDiagnostics(uri));
      this.render();
    });
    this.render();
    this.item.show();
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.render();
  }

  /** The total shown; the extension returns it from activate() for tests. */
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private set(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    const n = countFindings(diagnostics);
    if (n) this.counts.set(uri.toString(), n);
    else this.counts.delete(uri.toString());
  }

  private render(): void {
    const { text, tooltip } = statusText(this.total, this.counts.size, this.running);
    this.item.text = text;
    this.item.tooltip = tooltip;
  }
}
