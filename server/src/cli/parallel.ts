// The CLI's execution strategy: lint many files on every core. Each file is read as bytes
// and prefiltered before it is decoded or parsed, the grammar is loaded only when some file
// passes, and on a large tree worker threads (each with its own Engine: WASM instances are
// not shareable) take files from one shared counter. Results come back in the caller's file
// order whatever thread analysed them, so output is byte-identical to a sequential run.
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { emptyResult, mayContainFindings, type Engine } from '../engine/analyze';
import { createEngine } from '../host/grammarFiles';
import type { EngineSettings } from '../engine/types';
import { decodeUtf8, lintText, readBytes, type FileResult } from '../host/files';
import { ResultCache } from '../host/cache';
import { textFacts } from '../program/textFacts';
import type { AnalysisResult } from '../engine/types';
import type { AnalyzeOptions } from '../engine/analyze';
import type { FileSummary } from '../engine/summary';

/** Environment override for the thread count (1 = no workers); default: the cores. */
export const THREADS_ENV = 'KUBE_LIST_LINT_THREADS';

/**
 * Below this many files a worker costs more than it saves: starting one (a Node isolate,
 * the bundle, the grammar compiled again) takes ~60-100 ms on the 2-core bench machine,
 * about what the main thread needs to read, prefilter and parse a few hundred files.
 * Measured in docs/benchmarks.md.
 */
export const MIN_FILES_FOR_WORKERS = 400;

/** A file to lint with its own settings (a project config applies per folder). */
export interface LintJob {
  path: string;
  settings: EngineSettings;
  maxBytes: number;
  timeoutMs?: number;
  /** Also the file's summary (the program pass needs it; `--no-program` does not). */
  summary?: boolean;
}

interface WorkerInput {
  kind: 'kube-list-lint-worker';
  files: LintJob[];
  /** The persistent cache's folder (host/cache.ts), if on. */
  cacheDir?: string;
  /** Int32Array[0]: index of the next file to take, shared by every thread. */
  next: SharedArrayBuffer;
}

type WorkerOutput = { results: [number, FileResult][] } | { error: string };

/**
 * Work after the lint that needs the whole program first: a file's summary for the index
 * (a file the lint skipped), or a file read again with what the rest of its module says.
 */
export type PoolTask = { kind: 'summarize'; text: string } | { kind: 'analyze'; text: string; opts: AnalyzeOptions };
type PoolAnswer = FileSummary | AnalysisResult | undefined;
interface PoolRequest {
  kind: 'kube-list-lint-tasks';
  tasks: PoolTask[];
  next: SharedArrayBuffer;
}

/** Takes indexes below `n` from the counter every thread shares, until none are left. */
function forEachTaken(next: Int32Array, n: number, f: (i: number) => void): void {
  for (let i = Atomics.add(next, 0, 1); i < n; i = Atomics.add(next, 0, 1)) f(i);
}

function runTask(engine: Engine, t: PoolTask): PoolAnswer {
  return t.kind === 'summarize' ? engine.summarize(t.text) : engine.analyze(t.text, t.opts);
}

/**
 * The lint's worker threads, kept for the program pass: starting new ones costs ~60-100 ms
 * each. Idle workers do not keep the process alive; close() ends them.
 */
export class WorkerPool {
  constructor(
    private readonly workers: Worker[],
    private readonly engine: () => Promise<Engine>,
  ) {}

  /** The tasks' answers in order; the main thread takes tasks too, from the same counter. */
  async run<T extends PoolAnswer>(tasks: PoolTask[]): Promise<T[]> {
    const out: PoolAnswer[] = new Array(tasks.length);
    const done: boolean[] = new Array(tasks.length).fill(false);
    const next = new Int32Array(new SharedArrayBuffer(4));
    // Below a few tasks a round trip costs more than it saves.
    const helpers = tasks.length >= 4 ? this.workers : [];
    const replies = helpers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const finish = () => {
            w.off('message', onMessage);
            w.off('exit', finish);
            w.unref();
            resolve();
          };
          const onMessage = (m: { answers?: [number, PoolAnswer][] }) => {
            for (const [i, a] of m.answers ?? []) (out[i] = a), (done[i] = true);
            finish();
          };
          w.ref();
          w.on('message', onMessage);
          w.once('exit', finish);
          w.postMessage({ kind: 'kube-list-lint-tasks', tasks, next: next.buffer as SharedArrayBuffer } satisfies PoolRequest);
        }),
    );
    const eng = await this.engine();
    forEachTaken(next, tasks.length, (i) => ((out[i] = runTask(eng, tasks[i])), (done[i] = true)));
    await Promise.all(replies);
    // A worker that died took its tasks with it: they are done here.
    for (let i = 0; i < tasks.length; i++) if (!done[i]) out[i] = runTask(eng, tasks[i]);
    return out as T[];
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }
}

/** One file, start to finish; the engine is created on first need, the cache asked first. */
async function lintOne(job: LintJob, engine: () => Promise<Engine>, cache?: ResultCache): Promise<FileResult> {
  const { path } = job;
  const bytes = readBytes(path, job.maxBytes);
  if (!Buffer.isBuffer(bytes)) return { path, skipped: bytes.skipped };
  // Most files of a monorepo stop here, before UTF-8 decoding and before any grammar exists.
  if (!mayContainFindings(bytes)) return { path, result: emptyResult({ skippedByPrefilter: true }), ...(job.summary !== false ? { facts: textFacts(bytes.toString('utf8')) } : {}) };
  const key = cache ? ResultCache.key('analysis', JSON.stringify(job.settings), String(job.timeoutMs ?? ''), String(job.summary !== false), bytes) : '';
  const hit = cache?.get<AnalysisResult>(key);
  if (hit) return { path, text: decodeUtf8(bytes).text, result: hit, cached: true };
  const r = lintText(await engine(), path, decodeUtf8(bytes).text, job);
  if (cache && r.result && !r.result.timedOut) cache.set(key, r.result);
  return r;
}

function lazyEngine(): () => Promise<Engine> {
  let p: Promise<Engine> | undefined;
  return () => (p ??= createEngine());
}

/** Takes files from the shared counter until none are left. */
async function drain(files: LintJob[], next: Int32Array, engine: () => Promise<Engine>, out: (i: number, r: FileResult) => void, cache?: ResultCache) {
  for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
    out(i, await lintOne(files[i], engine, cache));
  }
}

export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[THREADS_ENV]);
  if (Number.isInteger(v) && v >= 1) return v;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The module that holds this code: dist/cli.js in the bundle, parallel.js under tsc. */
function workerEntry(): string {
  return __filename;
}

function startWorker(input: WorkerInput, live: Worker[]): Promise<WorkerOutput> {
  return new Promise((resolve) => {
    // `eval` with a require keeps require.main unset in the worker, so the CLI's entry point
    // (`require.main === module`) does not run main() a second time there.
    const w = new Worker(`require(${JSON.stringify(workerEntry())})`, { eval: true, workerData: input });
    live.push(w);
    let done = false;
    const finish = (o: WorkerOutput) => {
      if (!done) {
        done = true;
        resolve(o);
      }
    };
    w.once('message', (m: WorkerOutput) => {
      // Kept for the pool, idle: it must not keep the process alive.
      w.unref();
      finish(m);
    });
    w.once('error', (e) => finish({ error: e instanceof Error ? e.message : String(e) }));
    w.once('exit', (code) => {
      const at = live.indexOf(w);
      if (at !== -1) live.splice(at, 1);
      finish({ error: `worker exited with code ${code}` });
    });
  });
}

/**
 * Lints `files` and returns one FileResult per file, in the order given. Uses worker
 * threads when the machine has more than one core and the tree is large enough to pay for
 * them (`threads` overrides the core count; 1 forces a single thread).
 */
export async function lintFiles(jobs: readonly LintJob[], threads = threadCount(), cacheDir?: string, summary = true): Promise<FileResult[]> {
  const { results, pool } = await lintFilesKeepingPool(jobs, threads, cacheDir, summary);
  pool.close();
  return results;
}

/** lintFiles, and its worker threads kept as a pool for the program pass (the caller closes it). */
export async function lintFilesKeepingPool(jobs: readonly LintJob[], threads = threadCount(), cacheDir?: string, summary = true): Promise<{ results: FileResult[]; pool: WorkerPool }> {
  // Plain data only: it is copied to every worker.
  const files = jobs.map((j) => ({ path: j.path, settings: j.settings, maxBytes: j.maxBytes, timeoutMs: j.timeoutMs, summary }));
  const results: (FileResult | undefined)[] = new Array(files.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const engine = lazyEngine();
  const workers = files.length >= MIN_FILES_FOR_WORKERS ? Math.max(0, threads - 1) : 0;
  const pending: Promise<WorkerOutput>[] = [];
  const live: Worker[] = [];
  for (let k = 0; k < workers; k++) pending.push(startWorker({ kind: 'kube-list-lint-worker', files, next: next.buffer as SharedArrayBuffer, cacheDir }, live));
  const cache = cacheDir ? new ResultCache(cacheDir) : undefined;
  // The main thread works too: it starts at once while the workers boot.
  await drain(files, next, engine, (i, r) => (results[i] = r), cache);
  for (const out of await Promise.all(pending)) {
    if ('results' in out) for (const [i, r] of out.results) results[i] = r;
  }
  // A worker that died took its files with it: redo whatever has no result, here.
  for (let i = 0; i < files.length; i++) results[i] ??= await lintOne(files[i], engine, cache);
  return { results: results as FileResult[], pool: new WorkerPool(live, engine) };
}

async function workerMain(input: WorkerInput): Promise<void> {
  const results: [number, FileResult][] = [];
  const engine = lazyEngine();
  // The pool's tasks, after the lint (WorkerPool.run).
  parentPort!.on('message', (m: PoolRequest) => {
    if (m?.kind !== 'kube-list-lint-tasks') return;
    void (async () => {
      const answers: [number, PoolAnswer][] = [];
      try {
        const eng = await engine();
        forEachTaken(new Int32Array(m.next), m.tasks.length, (i) => answers.push([i, runTask(eng, m.tasks[i])]));
      } finally {
        parentPort!.postMessage({ answers });
      }
    })();
  });
  try {
    await drain(input.files, new Int32Array(input.next), engine, (i, r) => results.push([i, r]), input.cacheDir ? new ResultCache(input.cacheDir) : undefined);
    parentPort!.postMessage({ results } satisfies WorkerOutput);
  } catch {
    // Partial results still count; the main thread redoes the rest.
    parentPort!.postMessage({ results } satisfies WorkerOutput);
  }
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.kind === 'kube-list-lint-worker') {
  void workerMain(workerData as WorkerInput);
}
