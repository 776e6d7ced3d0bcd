// The names the server and its clients agree on: command ids, the settings section, the
// code-action kind. The VS Code client (client/src) imports them instead of retyping them.

/** `workspace/configuration` section and the prefix of every setting (`kubeListLint.rules`). */
export const SETTINGS_SECTION = 'kubeListLint';

/** Also the diagnostic `source` and the pull-diagnostics identifier. */
export const SOURCE = 'kube-list-lint';

export const FIX_ALL_KIND = 'source.fixAll.kube-list-lint';

export const COMMANDS = {
  /** Arguments: a document URI string, `{uri}` or `{textDocument: {uri}}`. Applies SAFE fixes via workspace/applyEdit. */
  applyAllFixes: 'kube-list-lint.applyAllFixes',
  /** No arguments. Lints every Go file of the workspace folders from disk; returns a ScanSummary. */
  scanWorkspace: 'kube-list-lint.scanWorkspace',
  /** No arguments. Returns a CostReport (JSON) of the findings known for open and scanned files. */
  costReport: 'kube-list-lint.costReport',
} as const;

/** Where each rule's page lives; a stable URL so diagnostics link somewhere that outlives a release. */
export const RULE_DOCS_BASE = 'https://github.com/kube-list-lint/kube-list-lint/blob/main/docs/rules/';

export function ruleUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
