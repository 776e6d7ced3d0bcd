// Reads the grammar files from the installed package. The only place the engine's WASM
// bytes touch the file system; the CLI and the language server both come through here.
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../engine/analyze';

/** The package root: the nearest folder above this file with our package.json. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'kube-list-lint') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`kube-list-lint: cannot find the package root above ${from}`);
  }
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}

export async function createEngine(): Promise<Engine> {
  const dir = path.join(packageRoot(), 'grammars');
  const read = (f: string) => {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) throw new Error(`kube-list-lint: ${p} is missing; run \`npm install\` (scripts/copy-grammar.js copies it)`);
    return fs.readFileSync(p);
  };
  return Engine.create({ runtime: read('tree-sitter.wasm'), go: read('tree-sitter-go.wasm') });
}
