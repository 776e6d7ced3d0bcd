// Names the extension contributes in package.json (commands, settings, context keys). The
// server's own names (its command ids, the diagnostic source, the fix-all kind) live in
// server/src/lsp/protocol.ts and are re-exported here so client code has one import.

/** Client id: vscode-languageclient reads `<id>.trace.server` for the trace setting. */
export const CLIENT_ID = 'kubeListLint';
export const CLIENT_NAME = 'kube-list-lint';

/** Commands the extension registers (package.json `contributes.commands`). */
export const CLIENT_COMMANDS = {
  fixAll: 'kube-list-lint.fixAll',
  scanWorkspace: 'kube-list-lint.scanWorkspace',
  showCostReport: 'kube-list-lint.showCostReport',
  restartServer: 'kube-list-lint.restartServer',
} as const;

/** Context key set while the language server runs; package.json `when` clauses read it. */
export const SERVER_RUNNING_CONTEXT = 'kubeListLint.serverRunning';
