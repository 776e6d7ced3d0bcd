// The names the server and this client agree on, defined once by the server. The client
// imports only this file from server/src, and only constants (esbuild inlines them).
export { COMMANDS, FIX_ALL_KIND, SETTINGS_SECTION, SOURCE } from '../../server/src/lsp/protocol';
