// The persistent cache of per-file results: an analysis (findings, suppressions, summary) is
// stored under a key that hashes everything it depends on — the exact bytes of the file, the
// settings it was analysed with (rules, profile), what other files of the module said
// (ModuleContext) and the build of the tool itself (the bytes of the running bundle) — so an
// entry can never be stale: any change makes a new key. One small JSON file per entry,
// written atomically; a missing, unreadable or corrupt entry is a miss, never an error.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The folder used when none is given: $XDG_CACHE_HOME/kube-list-lint, else ~/.cache/kube-list-lint. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'kube-list-lint');
}

let build: string | undefined;

/** Every .js file under `dir`, sorted: the compiled (not bundled) tool. */
function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...jsFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out.sort();
}

/**
 * The running build's identity: a hash of the bundle this code runs from (dist/cli.js), or,
 * compiled without bundling (tests in process), of every compiled module of server/src.
 */
export function buildId(): string {
  if (build) return build;
  const h = createHash('sha256');
  try {
    const bundled = path.basename(__filename) !== 'cache.js';
    for (const f of bundled ? [__filename] : jsFiles(path.dirname(__dirname))) h.update(fs.readFileSync(f));
  } catch {
    h.update(`${process.pid}:${Date.now()}`);
  }
  return (build = h.digest('hex').slice(0, 16));
}

export class ResultCache {
  hits = 0;
  misses = 0;
  private readonly root: string;

  constructor(dir: string, build = buildId()) {
    this.root = path.join(dir, 'v1', build);
  }

  /** The key of `parts` (bytes and strings, in order, each length-prefixed so none runs into the next). */
  static key(...parts: (string | Buffer)[]): string {
    const h = createHash('sha256');
    for (const p of parts) {
      const b = typeof p === 'string' ? Buffer.from(p) : p;
      h.update(`${b.length}:`);
      h.update(b);
    }
    return h.digest('hex');
  }

  private file(key: string): string {
    return path.join(this.root, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  get<T>(key: string): T | undefined {
    try {
      const v = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as T;
      this.hits++;
      return v;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(value));
      fs.renameSync(tmp, file);
    } catch {
      // A read-only or full disk costs speed, never a result.
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing left to clean
      }
    }
  }
}
