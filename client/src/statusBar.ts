// A status bar item with the kube-list-lint findings VS Code currently holds, whichever way
// they arrived (pushed, pulled, or from a workspace scan), counted by severity as VS Code's
// own Problems item does: errors and warnings always, information when there is some; hints
// are not counted in the bar (VS Code does not either), only in the tooltip.
import * as vscode from 'vscode';
import { SOURCE } from './serverProtocol';

/** Findings by severity, indexed by `vscode.DiagnosticSeverity` (Error 0, Warning 1, Information 2, Hint 3). */
export type SeverityCounts = [errors: number, warnings: number, infos: number, hints: number];

export function countFindings(diagnostics: readonly vscode.Diagnostic[]): SeverityCounts {
  const n: SeverityCounts = [0, 0, 0, 0];
  for (const d of diagnostics) if (d.source === SOURCE && d.severity >= 0 && d.severity <= 3) n[d.severity]++;
  return n;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function statusText(counts: SeverityCounts, files: number, running: boolean): { text: string; tooltip: string; label: string } {
  if (!running) {
    const tooltip = 'kube-list-lint is off (kubeListLint.enable) or its server is not running';
    return { text: '$(circle-slash) kube-list-lint', tooltip, label: tooltip };
  }
  const [errors, warnings, infos, hints] = counts;
  const total = errors + warnings + infos + hints;
  if (!total) {
    const tooltip = 'No kube-list-lint findings in the files checked so far';
    return { text: '$(check) kube-list-lint', tooltip, label: tooltip };
  }
  const icons = [`$(error) ${errors}`, `$(warning) ${warnings}`, ...(infos ? [`$(info) ${infos}`] : [])];
  const words = [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos ? [plural(infos, 'information finding')] : []), ...(hints ? [plural(hints, 'hint')] : [])];
  const where = files === 1 ? '1 file' : `${files} files`;
  return {
    text: `${icons.join(' ')} kube-list-lint`,
    tooltip: `kube-list-lint: ${words.join(', ')} in ${where}. Click to open the Problems panel.`,
    label: `kube-list-lint: ${words.join(', ')}`,
  };
}

export class FindingsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Findings per URI by severity, updated only for the URIs each change event names. */
  private readonly counts = new Map<string, SeverityCounts>();
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

  /** Every finding, hints included; the extension returns it from activate() for tests. */
  get total(): number {
    return this.bySeverity.reduce((a, b) => a + b, 0);
  }

  /** The counts the bar shows (errors, warnings, information) and the hints it does not. */
  get bySeverity(): SeverityCounts {
    const sum: SeverityCounts = [0, 0, 0, 0];
    for (const c of this.counts.values()) for (let i = 0; i < 4; i++) sum[i] += c[i];
    return sum;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private set(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    const n = countFindings(diagnostics);
    if (n.some((x) => x > 0)) this.counts.set(uri.toString(), n);
    else this.counts.delete(uri.toString());
  }

  private render(): void {
    const { text, tooltip, label } = statusText(this.bySeverity, this.counts.size, this.running);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label };
  }
}
