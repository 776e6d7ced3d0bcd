#!/usr/bin/env node
// Copies the Go grammar and the tree-sitter runtime from their npm packages into
// grammars/. The .wasm files are build products: never edit or commit them.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'grammars');
const wanted = [
  ['tree-sitter-go/tree-sitter-go.wasm', 'tree-sitter-go.wasm'],
  ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
];

let missing = 0;
for (const [from, to] of wanted) {
  const dest = path.join(outDir, to);
  let src;
  try {
    src = require.resolve(from, { paths: [root] });
  } catch {
    // An installed copy of the published package has no devDependencies; it ships
    // the grammar already, so only complain when the file is absent too.
    if (!fs.existsSync(dest)) {
      console.error(`copy-grammar: cannot find ${from}; run npm install`);
      missing++;
    }
    continue;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(src, dest);
}
process.exitCode = missing ? 1 : 0;
