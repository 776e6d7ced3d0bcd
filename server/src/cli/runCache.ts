// `check` answered whole from the persistent cache when nothing it read has changed
// (host/runMemo.ts). What is kept is the run after the program pass and before the report:
// each file's result without its text or summary, and the program's notes, roles and paths.
// The report, the baseline and the output formats run as on any other run.
import { createHash } from 'crypto';
import * as path from 'path';
import { emptyResult } from '../engine/analyze';
import type { AnalysisResult } from '../engine/types';
import { ResultCache } from '../host/cache';
import { readSource, type FileResult } from '../host/files';
import { RunMemo } from '../host/runMemo';
import { walk } from '../host/walk';
import { WIDEN_WALK } from '../host/program';
import type { CodeRole } from '../program/roles';
import type { CheckOptions } from './checkOptions';
import type { PlannedFile } from './plan';
import type { ProgramOutcome } from './program';
import type { Note } from './report';

interface KeptRun {
  /** By the run's file order; 0 for a file the prefilter skipped (most of them). */
  results: ({ result?: AnalysisResult; skipped?: FileResult['skipped'] } | 0)[];
  notes: Note[];
  roles: CodeRole[];
  /** Paths by FileId, of the files that related locations point into. */
  paths: [number, string][];
  /** Module roots the program walked beyond the run's paths, with a hash of the files found. */
  widened: [root: string, files: string][];
}

export interface RestoredRun {
  results: FileResult[];
  outcome?: ProgramOutcome;
}

/** A result with nothing in it but the prefilter's verdict (emptyResult). */
function isPrefiltered(r: AnalysisResult): boolean {
  return r.skippedByPrefilter && !r.findings.length && !r.suppressed.length && !r.suppressions.length && !r.ruleErrors.length && !r.hasSyntaxErrors && !r.timedOut;
}

function hashOf(files: string[]): string {
  return createHash('sha256').update(files.join('\0')).digest('hex');
}

/** What the run was asked: its files with their settings and configs, and the options that change its outcome. */
function runKey(planned: PlannedFile[], opts: CheckOptions, covered: string[]): string {
  const configs = new Map<unknown, number>();
  const table: string[] = [];
  const files = planned.map((f) => {
    let i = configs.get(f.config);
    if (i === undefined) {
      configs.set(f.config, (i = table.length));
      table.push(JSON.stringify([f.config?.path ?? null, f.config?.config ?? null, f.settings]));
    }
    return `${path.resolve(f.path)}\0${i}\0${f.maxBytes}\0${f.timeoutMs ?? ''}`;
  });
  const asked = JSON.stringify({ program: opts.program, tests: opts.tests, covered: covered.map((c) => path.resolve(c)) });
  return RunMemo.key(asked, table.join('\n'), files.join('\n'));
}

/** Keeps and finds whole runs; undefined when the run cannot be kept (fixes, standard input, no cache). */
export class RunCache {
  private readonly memo: RunMemo;
  private readonly key: string;

  private constructor(cacheDir: string, startedAt: number, planned: PlannedFile[], opts: CheckOptions, covered: string[]) {
    this.memo = new RunMemo(new ResultCache(cacheDir), startedAt);
    this.key = runKey(planned, opts, covered);
  }

  static for(opts: CheckOptions, planned: PlannedFile[], covered: string[], startedAt: number): RunCache | undefined {
    // --report-unused-ignores reads each file's text after the run; fixes write files.
    if (!opts.cacheDir || opts.fix !== 'no' || opts.stdinFilename !== undefined || opts.reportUnusedIgnores) return undefined;
    return new RunCache(opts.cacheDir, startedAt, planned, opts, covered);
  }

  /** The kept run, with the text of each file whose result the report reads (a few files). */
  restore(planned: PlannedFile[], program: boolean): RestoredRun | undefined {
    const kept = this.memo.get<KeptRun>(this.key, (k) => k.widened.every(([root, files]) => hashOf(walk([root], WIDEN_WALK).files) === files));
    if (!kept || kept.results.length !== planned.length) return undefined;
    const results: FileResult[] = [];
    for (const [i, r] of kept.results.entries()) {
      if (r === 0) {
        results.push({ path: planned[i].path, result: emptyResult({ skippedByPrefilter: true }), text: '' });
        continue;
      }
      const out: FileResult = { path: planned[i].path, result: r.result, skipped: r.skipped, cached: !!r.result };
      if (r.result) {
        const used = r.result.findings.length || r.result.suppressed.length || r.result.timedOut || r.result.ruleErrors.length;
        if (!used) out.text = '';
        else {
          const src = readSource(planned[i].path, planned[i].maxBytes);
          if ('skipped' in src) return undefined;
          out.text = src.text;
        }
      }
      results.push(out);
    }
    const outcome = program ? { paths: new Map(kept.paths), notes: kept.notes, roles: kept.roles, inputs: [], widened: [] } : undefined;
    return { results, outcome };
  }

  /** Keeps this run (results after the program pass); false when an input changed too recently to trust. */
  keep(planned: PlannedFile[], results: FileResult[], outcome: ProgramOutcome | undefined): boolean {
    const referenced = new Set(results.flatMap((r) => [...(r.result?.findings ?? []), ...(r.result?.suppressed ?? [])].flatMap((f) => f.related.flatMap((x) => (x.fileId !== undefined ? [x.fileId] : [])))));
    const kept: KeptRun = {
      results: results.map((r) => (r.result && isPrefiltered(r.result) ? 0 : { ...(r.result ? { result: { ...r.result, summary: undefined } } : {}), ...(r.skipped ? { skipped: r.skipped } : {}) })),
      notes: outcome?.notes ?? [],
      roles: outcome?.roles ?? [],
      paths: outcome ? [...outcome.paths].filter(([id]) => referenced.has(id)) : [],
      widened: (outcome?.widened ?? []).map((w) => [w.root, hashOf(w.files)]),
    };
    const inputs = [...planned.map((f) => path.resolve(f.path)), ...(outcome?.inputs ?? [])];
    return this.memo.set(this.key, inputs, kept);
  }
}
