// Keeps the persistent cache (host/cache.ts) from growing for ever. Entries are never stale
// (every key hashes what it depends on), only unused: each build of the tool has its own
// folder, which no later build reads, and an entry whose file changed is never asked again.
// So, at most once a day: another build's folder unused for a week goes, and so does an
// entry of this build written more than a month ago (a hit does not touch its file: a busy
// entry is written again after a miss, once a month).
import * as fs from 'fs';
import * as path from 'path';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Between two trims. */
export const TRIM_EVERY_MS = DAY_MS;
/** Another build's folder, unused for this long, goes. */
export const OTHER_BUILD_MS = 7 * DAY_MS;
/** An entry of the running build, written this long ago, goes. */
export const ENTRY_MS = 30 * DAY_MS;

export interface TrimResult {
  builds: number;
  entries: number;
}

function mtimeOf(p: string): number | undefined {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Marks `file` used now (creating it). */
function touch(file: string, now: number): void {
  const t = new Date(now);
  try {
    fs.utimesSync(file, t, t);
  } catch {
    fs.writeFileSync(file, '');
    fs.utimesSync(file, t, t);
  }
}

/**
 * Trims `dir` (the cache folder) for the running build `build`; undefined when it was trimmed
 * less than a day ago. Errors (a read-only disk, a folder removed meanwhile) cost nothing.
 */
export function trimCache(dir: string, build: string, now = Date.now()): TrimResult | undefined {
  const v1 = path.join(dir, 'v1');
  const marker = path.join(v1, 'trimmed');
  const last = mtimeOf(marker);
  if (last !== undefined && now - last < TRIM_EVERY_MS) return undefined;
  const out: TrimResult = { builds: 0, entries: 0 };
  try {
    fs.mkdirSync(path.join(v1, build), { recursive: true });
    touch(path.join(v1, build, 'used'), now);
    for (const e of fs.readdirSync(v1, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === build) continue;
      const folder = path.join(v1, e.name);
      const used = mtimeOf(path.join(folder, 'used')) ?? mtimeOf(folder) ?? now;
      if (now - used < OTHER_BUILD_MS) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      out.builds++;
    }
    const own = path.join(v1, build);
    for (const shard of fs.readdirSync(own, { withFileTypes: true })) {
      if (!shard.isDirectory()) continue;
      const sub = path.join(own, shard.name);
      for (const f of fs.readdirSync(sub)) {
        const p = path.join(sub, f);
        const m = mtimeOf(p);
        if (m !== undefined && now - m >= ENTRY_MS) {
          fs.rmSync(p, { force: true });
          out.entries++;
        }
      }
    }
    touch(marker, now);
  } catch {
    // A cache that cannot be trimmed is still a cache.
  }
  return out;
}
