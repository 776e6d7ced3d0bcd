// Launches the VS Code API suite (extension.api.ts) in desktop VS Code with
// @vscode/test-electron. That needs a VS Code binary, which test-electron downloads; tests here
// never touch the network, so the suite runs only when one is at hand:
//   VSCODE_EXECUTABLE=/path/to/code   a VS Code installed on the machine
//   .vscode-test/ holds a VS Code      an earlier download by test-electron
//   KLL_VSCODE_DOWNLOAD=1              allow test-electron to download VS Code (stable)
// Otherwise it is skipped with a message; test/e2e (code-server) runs real VS Code instead.
// Linux without a display needs xvfb (xvfb-run npm test).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pendingTitle } from '../harness/needs';
import { cliFindings } from '../e2e/cliExpectations';

const root = path.join(__dirname, '..', '..', '..');
const FIXTURES = { 'agent.go': 'test/fixtures/rv/kll001.go', 'limits.go': 'test/fixtures/rv/kll003.go' };

/** A VS Code binary from an earlier test-electron download (`.vscode-test/vscode-<platform>-<version>/`). */
function cachedVSCode(): string | undefined {
  const cache = path.join(root, '.vscode-test');
  if (!fs.existsSync(cache)) return undefined;
  for (const d of fs.readdirSync(cache).filter((n) => n.startsWith('vscode-')).sort().reverse()) {
    for (const exe of ['code', 'VSCode-linux-x64/code', 'Visual Studio Code.app/Contents/MacOS/Electron', 'Code.exe']) {
      const p = path.join(cache, d, exe);
      if (fs.existsSync(p)) return p;
    }
  }
  return undefined;
}

export function findVSCode(): { executable?: string; download: boolean; reason?: string } {
  const env = process.env.VSCODE_EXECUTABLE;
  if (env) return fs.existsSync(env) ? { executable: env, download: false } : { download: false, reason: `VSCODE_EXECUTABLE=${env} does not exist` };
  const cached = cachedVSCode();
  if (cached) return { executable: cached, download: false };
  if (process.env.KLL_VSCODE_DOWNLOAD === '1') return { download: true };
  return {
    download: false,
    reason:
      'no VS Code binary here and tests do not download one (@vscode/test-electron would fetch VS Code from the network); ' +
      'set VSCODE_EXECUTABLE=/path/to/code, or KLL_VSCODE_DOWNLOAD=1 where downloading is allowed. test/e2e (code-server) covers real VS Code on this machine.',
  };
}

describe('VS Code API suite (@vscode/test-electron)', function () {
  this.timeout(10 * 60_000);

  const found = findVSCode();
  const title = 'runs the extension-host tests in desktop VS Code';
  if (!found.executable && !found.download) {
    // Pending with the reason in its title (test/harness/needs.ts).
    it(pendingTitle(title, found.reason ?? 'no VS Code'));
    return;
  }
  it(title, async function () {
    // Loaded only when it runs, so a skip costs nothing.
    const { runTests } = await import('@vscode/test-electron');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-api-'));
    try {
      const workspace = path.join(tmp, 'workspace');
      fs.mkdirSync(workspace);
      const findings: Record<string, unknown> = {};
      for (const [name, fixture] of Object.entries(FIXTURES)) {
        fs.copyFileSync(path.join(root, fixture), path.join(workspace, name));
        findings[name] = cliFindings(root, path.join(workspace, name));
      }
      const expectations = path.join(tmp, 'expectations.json');
      fs.writeFileSync(expectations, JSON.stringify({ findings }));
      const code = await runTests({
        vscodeExecutablePath: found.executable,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(__dirname, 'runner.js'),
        extensionTestsEnv: { KLL_API_EXPECTATIONS: expectations },
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${path.join(tmp, 'user-data')}`],
      });
      assert.strictEqual(code, 0);
      // The suite undoes its edits: the files on disk are the fixtures.
      for (const [name, fixture] of Object.entries(FIXTURES)) {
        assert.strictEqual(fs.readFileSync(path.join(workspace, name), 'utf8'), fs.readFileSync(path.join(root, fixture), 'utf8'), name);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
