// Bundle entry of dist/server.js: `node dist/server.js --stdio` or `--node-ipc` (what
// vscode-languageclient passes for TransportKind.ipc); createConnection reads the flag.
import { guardProcess, startServer } from './server';

guardProcess(startServer());
