#!/usr/bin/env node
// Builds kube-list-lint.vsix from the esbuild bundles (run `npm run build` first; `npm run
// package` does both). vsce refuses a package.json `files` list (kept for the npm package of
// the CLI) next to a .vscodeignore, so the VSIX is packed from a staging folder holding only
// what the extension needs; .vscodeignore is applied there as a second filter.
// Works offline: `vsce package` needs no login. Usage: node scripts/package-vsix.js [OUT.vsix]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const out = path.resolve(process.argv[2] || path.join(root, 'kube-list-lint.vsix'));
const stage = path.join(root, 'out', 'vsix-stage');

const required = ['dist/client.js', 'dist/server.js', 'grammars/tree-sitter.wasm', 'grammars/tree-sitter-go.wasm', 'README.md', 'LICENSE'];
const missing = required.filter((f) => !fs.existsSync(path.join(root, f)));
if (missing.length) {
  console.error(`package-vsix: missing ${missing.join(', ')}; run \`npm run build\` first`);
  process.exit(1);
}

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
const copy = (rel) => {
  const from = path.join(root, rel);
  const to = path.join(stage, rel);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
};
for (const f of ['dist/client.js', 'dist/server.js', 'README.md', 'LICENSE', '.vscodeignore']) copy(f);
for (const f of fs.readdirSync(path.join(root, 'grammars'))) if (f.endsWith('.wasm')) copy(`grammars/${f}`);
copy('docs/rules');

// The extension's manifest: the bundles carry every dependency, and the CLI's npm fields
// (files, bin, scripts) mean nothing inside VS Code.
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const k of ['files', 'bin', 'scripts', 'dependencies', 'devDependencies']) delete manifest[k];
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json', { paths: [root] })), 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
  cwd: stage,
  stdio: ['ignore', 'inherit', 'inherit'],
});
