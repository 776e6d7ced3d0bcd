// The names the server and this client agree on. They are defined by the server in
// server/src/lsp/protocol.ts; this module is the client's single import point for them.
export const SETTINGS_SECTION = 'kubeListLint';
export const SOURCE = 'kube-list-lint';
export const FIX_ALL_KIND = 'source.fixAll.kube-list-lint';
export const COMMANDS = {
  applyAllFixes: 'kube-list-lint.applyAllFixes',
  scanWorkspace: 'kube-list-lint.scanWorkspace',
  costReport: 'kube-list-lint.costReport',
} as const;
