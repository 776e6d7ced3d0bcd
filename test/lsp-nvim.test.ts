// Neovim as a real LSP client: headless nvim attaches the bundled server to the example
// agent, and the test asserts the diagnostics Neovim itself holds, before and after a
// quick fix that Neovim applies and syncs back incrementally (see test/nvim/attach.lua).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../server/src/host/grammarFiles';
import { itNeeds, missingProgram } from './harness/needs';

const ROOT = packageRoot();

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

interface NvimDiagnostic {
  code: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
}

describe('Neovim (headless) as an LSP client', function () {
  this.timeout(90000);

  const version = nvimVersion();
  // CI installs neovim (.ci/run): missing there is a failure; elsewhere pending, saying why.
  itNeeds([version ? undefined : missingProgram('nvim', 'neovim')], 'receives the exact diagnostics, applies a quick fix, and sees that diagnostic go', function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-nvim-'));
    try {
      const home = path.join(tmp, 'home');
      const work = path.join(tmp, 'work');
      fs.mkdirSync(home);
      fs.mkdirSync(work);
      fs.copyFileSync(path.join(ROOT, 'examples', 'node-agent', 'main.go'), path.join(work, 'main.go'));
      const out = path.join(tmp, 'out.json');
      const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', 'main.go', '-c', `luafile ${path.join(ROOT, 'test', 'nvim', 'attach.lua')}`], {
        cwd: work,
        encoding: 'utf8',
        timeout: 80000,
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, '.config'),
          XDG_DATA_HOME: path.join(home, '.local', 'share'),
          XDG_STATE_HOME: path.join(home, '.local', 'state'),
          XDG_CACHE_HOME: path.join(home, '.cache'),
          KLL_NVIM_OUT: out,
          KLL_SERVER: path.join(ROOT, 'dist', 'server.js'),
          KLL_NODE: process.execPath,
        },
      });
      assert.ok(fs.existsSync(out), `nvim wrote no result (status ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
      const got = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.strictEqual(got.error, undefined, `attach.lua failed: ${got.error}`);
      assert.strictEqual(got.attached, true, `no diagnostics within 20 s (${version})`);
      const d = (code: string, lnum: number, col: number, end_lnum: number, end_col: number, severity: number): NvimDiagnostic => ({
        code,
        lnum,
        col,
        end_lnum,
        end_col,
        severity,
        source: 'kube-list-lint',
      });
      // KLL002 is an error because the settings Neovim pushed say so (default: information).
      // KLL001 is information (3) on the default Kubernetes 1.34: the watch cache serves the LIST.
      assert.deepStrictEqual(got.initial, [d('KLL001', 23, 14, 25, 3, 3), d('KLL003', 36, 11, 36, 100, 3), d('KLL002', 39, 12, 39, 67, 1)]);
      assert.deepStrictEqual(got.actions, [
        'Remove Limit (ignored by the watch cache, not by etcd when the cache does not serve)',
        'Remove ResourceVersion to paginate for real (a consistent read, from etcd before 1.31)',
        'Ignore KLL003 on this line',
      ]);
      assert.strictEqual(got.fixed_line, '\teps, _ := cs.CoreV1().Endpoints("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})');
      assert.strictEqual(got.gone, true, 'KLL003 still reported after the fix');
      assert.deepStrictEqual(got.after, [d('KLL001', 23, 14, 25, 3, 3), d('KLL002', 39, 12, 39, 67, 1)]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
