// Runs inside VS Code's extension host (@vscode/test-electron's `extensionTestsPath`): loads
// every `*.api.js` next to this file into mocha and resolves when they pass.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.api.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} VS Code API test(s) failed`)) : resolve()));
  });
}
