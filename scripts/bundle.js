#!/usr/bin/env node
// Bundles the CLI, the language server and the VS Code client into dist/ with esbuild.
// web-tree-sitter is aliased to its CommonJS build; the .wasm files stay in grammars/.
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter', { paths: [root] }) },
};

const entries = [
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'server/src/lsp/main.ts', out: 'dist/server.js' },
  // vscode-languageclient is bundled in; `vscode` is provided by the editor (external below).
  { in: 'client/src/extension.ts', out: 'dist/client.js' },
  // The bench's floor (read + prefilter + parse only), bundled like the CLI so that module
  // loading costs it what it costs the CLI. Not shipped: out/ is build output only.
  { in: 'bench/parse-floor.ts', out: 'out/bench/parse-floor.bundle.js' },
];

Promise.all(
  entries.map((e) =>
    esbuild.build({ ...common, entryPoints: [path.join(root, e.in)], outfile: path.join(root, e.out), external: ['vscode'] }),
  ),
).catch((e) => {
  console.error(e);
  process.exit(1);
});
