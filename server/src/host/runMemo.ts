// A whole run's outcome, kept in the persistent cache so that a re-run with nothing changed
// reads one entry instead of every file. The entry's key hashes what the run was asked (the
// files, their settings and configs, the options) under the build's own folder; the entry
// holds the file-system stamps (size, mtime, ctime, inode) of every path the outcome was
// computed from: each input file, and each go.mod or go.work the module lookup found missing
// (its creation changes which module a file belongs to). A stamp that differs is a miss, and
// so is a caller's own check (a folder walked again lists other files).
//
// Stamps instead of content hashes: hashing needs every file read, which is most of what a
// re-run costs. ESLint's and git's index make the same trade, with the same guard against
// "racy" files: a file changed within RACY_MS before the run started may change again within
// the same timestamp, so a run with such an input is not kept at all.
import * as fs from 'fs';
import { ResultCache } from './cache';

/** Files and folders whose mtime is this close to the run's start make it unsafe to keep. */
export const RACY_MS = 2000;

type FileStamp = [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number];

interface MemoEntry<T> {
  files: FileStamp[];
  value: T;
}

function stampOf(p: string): FileStamp | undefined {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return st ? [p, st.size, st.mtimeMs, st.ctimeMs, st.ino] : undefined;
}

const MISSING = -1;

function sameStamp(a: FileStamp, b: FileStamp | undefined): boolean {
  if (a[1] === MISSING) return b === undefined;
  return !!b && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

export class RunMemo {
  constructor(
    private readonly cache: ResultCache,
    /** When the run started (Date.now()), before it read any file. */
    private readonly startedAt: number,
  ) {}

  /** The key of a run: the parts that say what it was asked, in order. */
  static key(...parts: string[]): string {
    return ResultCache.key('run', ...parts);
  }

  /** The outcome kept under `key`, if every input it was computed from is as it was then and `valid` agrees. */
  get<T>(key: string, valid: (value: T) => boolean = () => true): T | undefined {
    const entry = this.cache.get<MemoEntry<T>>(key);
    if (!entry || !Array.isArray(entry.files)) return undefined;
    for (const s of entry.files) if (!sameStamp(s, stampOf(s[0]))) return undefined;
    return valid(entry.value) ? entry.value : undefined;
  }

  /**
   * Keeps `value` under `key` with the stamps of `inputs` (absolute paths; a missing one is
   * recorded as missing, so its creation is a miss). Nothing is kept when an input changed
   * too close to the run's start to trust its stamp.
   */
  set(key: string, inputs: Iterable<string>, value: unknown): boolean {
    const stamps: FileStamp[] = [];
    for (const p of new Set(inputs)) {
      const s = stampOf(p) ?? ([p, MISSING, MISSING, MISSING, MISSING] as FileStamp);
      if (s[2] >= this.startedAt - RACY_MS || s[3] >= this.startedAt - RACY_MS) return false;
      stamps.push(s);
    }
    this.cache.set(key, { files: stamps, value } satisfies MemoEntry<unknown>);
    return true;
  }
}
