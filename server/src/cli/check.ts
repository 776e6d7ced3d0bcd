// `kube-list-lint check`: select files, lint (and fix) them with their project config,
// apply the baseline, print. Each concern lives in its own module; this file sequences them.
import * as fs from 'fs';
import * as path from 'path';
import { ConfigResolver } from '../config/load';
import type { Engine } from '../engine/analyze';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { createEngine, packageVersion } from '../host/grammarFiles';
import type { Parsed } from './args';
import { applyBaseline, notBaselined, readBaseline, writeBaseline, type BaselineFile } from './baseline';
import { checkOptions, type CheckOptions } from './checkOptions';
import { applyEdits } from '../engine/applyFixes';
import { fixText, unfixableSource, unifiedDiff, writeFixed, type FixedText } from './fix';
import { lintFilesKeepingPool, type WorkerPool } from './parallel';
import { runProgramPass, type ProgramOutcome } from './program';
import { RunCache } from './runCache';
import { trimCache } from '../host/cacheTrim';
import { buildId } from '../host/cache';
import type { CodeRole } from '../program/roles';
import { formatText } from './formats/text';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type Io } from './io';
import { decodeUtf8, looksBinary, readSource, type FileResult, type Source } from '../host/files';
import { writeOutputs } from './output';
import { planFile, planFiles, type PlannedFile } from './plan';
import { addResult, displayPath, emptyReport, type RunReport } from './report';
import { applyRuleSelection, changedGoFiles, shardOf } from './select';
import { unusedIgnoreEdits, unusedIgnores } from './unusedIgnores';
import { walk } from '../host/walk';

export { CHECK_FLAGS } from './checkOptions';

interface FixTally {
  findings: number;
  files: number;
  diff: string[];
  /** --fix of standard input: the text to print. */
  stdinText?: string;
}

type Read = Source | { skipped: { reason: string; error: boolean } };

/** Lints one file; in fix modes also fixes it (or diffs it) and lints what remains. */
function processFile(engine: Engine, f: PlannedFile, src: Read, opts: CheckOptions, report: RunReport, tally: FixTally, isStdin: boolean, baseline?: BaselineFile): FileResult {
  if ('skipped' in src) return { path: f.path, skipped: src.skipped };
  const analyzeOpts = { settings: f.settings, timeoutMs: f.timeoutMs, summary: true };
  if (opts.fix === 'no') return { path: f.path, text: src.text, result: engine.analyze(src.text, analyzeOpts) };

  const shown = displayPath(f.path);
  const note = (message: string, error = false) => report.notes.push({ path: shown, message, error, kind: 'fix' });
  const original = () => ({ path: f.path, text: src.text, result: engine.analyze(src.text, analyzeOpts) });
  const unfixable = unfixableSource(src);
  const eligible = baseline && opts.baseline !== undefined ? notBaselined(opts.baseline, baseline, shown) : undefined;
  const fixed = fixText(engine, src.text, f.settings, opts.unsafeFixes, f.timeoutMs, eligible);
  if (opts.reportUnusedIgnores && !fixed.stopped) removeUnusedIgnores(engine, fixed, f);
  if (isStdin) tally.stdinText = src.text;
  if (fixed.text === src.text) {
    if (fixed.stopped) note(fixed.stopped);
    return { path: f.path, text: src.text, result: fixed.result };
  }
  if (unfixable) {
    note(unfixable);
    return original();
  }
  if (fixed.stopped) note(fixed.stopped);
  if (opts.fix === 'diff') {
    tally.diff.push(unifiedDiff(shown, src.text, fixed.text));
  } else if (isStdin) {
    tally.stdinText = fixed.text;
  } else {
    const w = writeFixed(f.path, src.buf, fixed.text);
    if (!w.written) {
      note(w.reason, w.error);
      return original();
    }
  }
  tally.findings += fixed.fixed;
  tally.files++;
  return { path: f.path, text: fixed.text, result: fixed.result };
}

/** --fix with --report-unused-ignores also deletes the unused suppressions it would report. */
function removeUnusedIgnores(engine: Engine, fixed: FixedText, f: PlannedFile): void {
  const edits = unusedIgnoreEdits(fixed.result, fixed.text, f.settings);
  if (!edits.length) return;
  const text = applyEdits(fixed.text, edits);
  const result = engine.analyze(text, { settings: f.settings, timeoutMs: f.timeoutMs });
  if (result.hasSyntaxErrors || result.timedOut) return;
  fixed.text = text;
  fixed.result = result;
  fixed.fixed += edits.length;
}

function readStdin(maxBytes: number): Read {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(0);
  } catch (e) {
    return { skipped: { reason: `cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? e}`, error: true } };
  }
  if (buf.length > maxBytes) return { skipped: { reason: `larger than ${maxBytes} bytes (${buf.length}); skipped`, error: false } };
  if (looksBinary(buf)) return { skipped: { reason: 'binary content (NUL bytes); skipped', error: false } };
  const { text, valid } = decodeUtf8(buf);
  return { buf, text, validUtf8: valid };
}

/** The files of this run, each with its config and settings. Throws ConfigError/UsageError. */
function selectFiles(opts: CheckOptions, report: RunReport): PlannedFile[] {
  const resolver = new ConfigResolver(opts.config);
  const planOpts = { tests: opts.tests, maxBytes: opts.maxBytes };
  let planned: PlannedFile[];
  if (opts.stdinFilename !== undefined) {
    planned = [planFile(opts.stdinFilename, resolver.forFile(opts.stdinFilename), planOpts)];
  } else {
    const walked = walk(opts.paths, { tests: true });
    for (const pr of walked.problems) report.notes.push({ path: displayPath(pr.path), message: pr.message, error: true });
    planned = planFiles(walked, resolver, planOpts);
    if (opts.changedSince !== undefined) {
      const changed = changedGoFiles(opts.changedSince);
      planned = planned.filter((f) => {
        try {
          return changed.has(fs.realpathSync(f.path));
        } catch {
          return false;
        }
      });
    }
    if (opts.shard) {
      const { k, n } = opts.shard;
      planned = planned.filter((f) => shardOf(displayPath(f.path), n) === k);
    }
  }
  return planned.map((f) => ({ ...f, settings: applyRuleSelection(f.settings, opts.rules) }));
}

function isDirectory(p: string): boolean {
  return !!fs.statSync(p, { throwIfNoEntry: false })?.isDirectory();
}

/** `fixed 4 findings in 2 files; 3 remain, 2 with unsafe fixes (--unsafe-fixes)`: what --fix did and what is left. */
function fixSummary(opts: CheckOptions, tally: FixTally, report: RunReport): string {
  const diff = opts.fix === 'diff';
  const done = `${diff ? 'would fix' : 'fixed'} ${plural(tally.findings, 'finding')} in ${plural(tally.files, 'file')}`;
  const left = report.findings.length;
  if (!left) return `${done}; none ${diff ? 'would remain' : 'remain'}`;
  const unsafe = opts.unsafeFixes ? 0 : report.findings.filter((f) => f.fixes.some((x) => !x.safe)).length;
  const verb = diff ? 'would remain' : left === 1 ? 'remains' : 'remain';
  return `${done}; ${left} ${verb}${unsafe ? `, ${unsafe} with ${unsafe === 1 ? 'an unsafe fix' : 'unsafe fixes'} (--unsafe-fixes)` : ''}`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export async function check(p: Parsed, io: Io): Promise<number> {
  const t0 = performance.now();
  const startedAt = Date.now();
  const opts = checkOptions(p);
  const report = emptyReport();
  const planned = selectFiles(opts, report);
  const baseline = opts.baseline !== undefined && !opts.updateBaseline ? readBaseline(opts.baseline) : undefined;
  const tally: FixTally = { findings: 0, files: 0, diff: [] };
  const isStdin = opts.stdinFilename !== undefined;
  const unused = (f: PlannedFile, r: FileResult) =>
    opts.reportUnusedIgnores && r.result && r.text !== undefined ? (shown: string) => unusedIgnores(r.result!, r.text!, shown, f.settings) : undefined;
  let engine: Promise<Engine> | undefined;
  const lazyEngine = () => (engine ??= createEngine());
  // Folders walked whole: no shard, no --changed-since, and no config include/exclude or _test.go filter dropped a non-test file.
  const whole = !opts.shard && opts.changedSince === undefined && planned.every((f) => !f.config?.config.include && !f.config?.config.exclude);
  const covered = whole ? opts.paths.filter((p) => isDirectory(p)) : [];
  const runCache = RunCache.for(opts, planned, covered, startedAt);
  const restored = runCache?.restore(planned, opts.program);
  let results: FileResult[];
  let outcome: ProgramOutcome | undefined;
  const phases: [string, number][] = [];
  let pool: WorkerPool | undefined;
  if (restored) {
    ({ results, outcome } = restored);
  } else {
    if (opts.fix === 'no' && !isStdin) {
      // Plain linting: every core (parallel.ts), results in file order.
      ({ results, pool } = await lintFilesKeepingPool(planned, undefined, opts.cacheDir, opts.program && !isStdin));
    } else {
      const eng = await lazyEngine();
      results = planned.map((f) => processFile(eng, f, isStdin ? readStdin(f.maxBytes) : readSource(f.path, f.maxBytes), opts, report, tally, isStdin, baseline));
    }
    phases.push(['lint', performance.now() - t0]);
    // Across functions and files: the module index, the findings it adds, the roles (program.ts).
    if (!isStdin && opts.program) {
      const t1 = performance.now();
      outcome = await runProgramPass(planned, results, lazyEngine, { tests: opts.tests, covered, cacheDir: opts.cacheDir, pool });
      phases.push(['program', performance.now() - t1]);
    }
    pool?.close();
    runCache?.keep(planned, results, outcome);
  }
  let roles: CodeRole[] = [];
  if (outcome) {
    report.filePaths = outcome.paths;
    report.notes.push(...outcome.notes);
    roles = outcome.roles;
  }
  planned.forEach((f, i) => addResult(report, results[i], unused(f, results[i]), roles[i]));
  if (opts.stats) {
    const analysed = results.filter((r) => r.result && !r.result.skippedByPrefilter).length;
    const cache = opts.cacheDir ? ` (${opts.cacheDir}${restored ? ', the whole run' : ''})` : ' (off)';
    io.err(`stats: ${planned.length} files, ${analysed} analysed, ${results.filter((r) => r.cached).length} from the cache${cache}, ${Math.round(performance.now() - t0)} ms${phases.map(([k, ms]) => `, ${k} ${Math.round(ms)} ms`).join('')}\n`);
  }

  if (opts.baseline !== undefined && opts.updateBaseline) {
    const n = writeBaseline(opts.baseline, report.findings);
    report.baselined = n;
    report.findings = [];
    io.err(`wrote ${plural(n, 'entry', 'entries')} to ${opts.baseline}\n`);
  } else if (opts.baseline !== undefined && baseline) {
    const stale = applyBaseline(report, opts.baseline, baseline, planned.map((f) => path.resolve(f.path)));
    if (stale) io.err(`${opts.baseline}: ${plural(stale, 'entry', 'entries')} no longer match a finding; --update-baseline drops them\n`);
  }

  if (opts.fix === 'diff') io.out(tally.diff.join(''));
  if (isStdin && opts.fix === 'write') {
    if (tally.stdinText !== undefined) io.out(tally.stdinText);
    if (!opts.outputs.length) io.err(formatText(report));
  }
  const written = writeOutputs(report, opts.outputs, packageVersion(), io);
  if (opts.fix !== 'no') io.err(fixSummary(opts, tally, report) + '\n');
  // Once the output is out, at most once a day: other builds' folders and month-old entries go (host/cacheTrim.ts).
  if (opts.cacheDir) trimCache(opts.cacheDir, buildId());
  if (!written || report.notes.some((n) => n.error)) return EXIT_ERROR;
  // --diff answers "would anything change?", as ruff's and gofmt's do.
  if (opts.fix === 'diff') return tally.files ? EXIT_FINDINGS : EXIT_OK;
  return exitFor(report, opts);
}

export function exitFor(report: RunReport, opts: CheckOptions): number {
  if (opts.failOn === 'never') return EXIT_OK;
  const threshold = SEVERITY_RANK[opts.failOn as Severity];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}
