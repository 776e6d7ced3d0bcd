// The VSIX users install: built by the same script as `npm run package`, opened as a zip.
// Lean means: the bundles, the grammars, the manifest, README, LICENSE and rule pages; no
// sources, tests, source maps or node_modules, and bundles that need nothing the VSIX lacks.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as yauzl from 'yauzl';

const root = path.join(__dirname, '..', '..');

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Module names a bundle loads at run time (`require("x")`), as esbuild writes them. */
function requiredModules(bundle: string): Set<string> {
  const names = new Set<string>();
  for (const m of bundle.matchAll(/\brequire\("([^"]+)"\)/g)) names.add(m[1]);
  return names;
}

describe('VSIX package', function () {
  this.timeout(120_000);
  let tmp: string;
  let files: Map<string, Buffer>;
  let size: number;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-vsix-'));
    const vsix = path.join(tmp, 'kube-list-lint.vsix');
    execFileSync(process.execPath, [path.join(root, 'scripts', 'package-vsix.js'), vsix], { stdio: ['ignore', 'pipe', 'pipe'] });
    files = await readZip(vsix);
    size = fs.statSync(vsix).size;
  });

  it("is the size the README states (measured: within 10% of the README's ~N KB)", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const m = /builds `kube-list-lint\.vsix` \([^)]*~(\d+) KB/.exec(readme);
    assert.ok(m, 'the README states the VSIX size');
    const kb = Math.round(size / 1000);
    assert.ok(Math.abs(kb - Number(m[1])) <= Number(m[1]) * 0.1, `the VSIX is ${kb} KB; the README says ~${m[1]} KB: write ~${Math.round(kb / 10) * 10} KB`);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('holds the bundles, grammars, manifest, README and LICENSE', () => {
    const names = [...files.keys()];
    for (const want of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/grammars/tree-sitter.wasm', 'extension/grammars/tree-sitter-go.wasm', 'extension.vsixmanifest']) {
      assert.ok(files.has(want), `${want} in ${names.join(', ')}`);
    }
    assert.ok(names.some((n) => /^extension\/readme\.md$/i.test(n)), 'README');
    assert.ok(names.some((n) => /^extension\/license(\.txt)?$/i.test(n)), 'LICENSE');
  });

  it('holds no sources, tests, maps, dependencies or build output', () => {
    const bad = [...files.keys()].filter(
      (n) => /\.ts$|\.map$|(^|\/)(node_modules|test|out|client|server|bench|examples|scripts|\.cache|test-artifacts)\//.test(n) || /\.vsix$/.test(n),
    );
    assert.deepStrictEqual(bad, []);
    // Everything is in a known place: a new top-level entry must be a decision, not an accident.
    const top = new Set([...files.keys()].map((n) => n.replace(/^extension\//, '').split('/')[0]));
    for (const t of top) assert.ok(/^(package\.json|readme\.md|license(\.txt)?|changelog\.md|dist|grammars|docs|extension\.vsixmanifest|\[Content_Types\]\.xml)$/i.test(t), `unexpected entry ${t}`);
  });

  it('ships a manifest VS Code can load without npm fields', () => {
    const pkg = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    assert.strictEqual(pkg.main, './dist/client.js');
    assert.deepStrictEqual(pkg.activationEvents, ['onLanguage:go', 'onWebviewPanel:kubeListLint.costReport']);
    for (const k of ['scripts', 'devDependencies', 'dependencies', 'files', 'bin']) assert.strictEqual(pkg[k], undefined, `${k} in the VSIX manifest`);
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, true);
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(commands, ['kube-list-lint.fixAll', 'kube-list-lint.restartServer', 'kube-list-lint.scanWorkspace', 'kube-list-lint.showCostReport']);
  });

  it('bundles need only Node built-ins and the vscode API at run time', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const bundle of ['extension/dist/client.js', 'extension/dist/server.js']) {
      const text = files.get(bundle)!.toString('utf8');
      const external = [...requiredModules(text)].filter((m) => !builtins.has(m) && !(bundle.endsWith('client.js') && m === 'vscode'));
      assert.deepStrictEqual(external, [], `${bundle} requires modules the VSIX does not ship`);
    }
  });
});
