// Names the extension contributes in package.json (commands, settings, context keys). The
// server's own names (its command ids, the diagnostic source, the fix-all kind) live in
// server/src/lsp/protocol.ts; client code imports them through serverProtocol.ts.

/** Client id: vscode-languageclient reads `<id>.trace.server` for the trace setting. */
export const CLIENT_ID = 'kubeListLint';
export const CLIENT_NAME = 'kube-list-lint';

/**
 * Commands the extension registers (package.json `contributes.commands` lists these and
 * the server's scanWorkspace, which vscode-languageclient registers under the server's id).
 */
export const CLIENT_COMMANDS = {
  fixAll: 'kube-list-lint.fixAll',
  showCostReport: 'kube-list-lint.showCostReport',
  restartServer: 'kube-list-lint.restartServer',
} as const;

/** Context key set while the language server runs; package.json `when` clauses read it. */
export const SERVER_RUNNING_CONTEXT = 'kubeListLint.serverRunning';
