// `kube-list-lint check`: select files, lint (and fix) them with their project config, print.
import { ConfigResolver } from '../config/load';
import type { Engine } from '../engine/analyze';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { createEngine, packageVersion } from '../host/grammarFiles';
import type { Parsed } from './args';
import { checkOptions, type CheckOptions } from './checkOptions';
import { fixText, unfixableSource, unifiedDiff, writeFixed } from './fix';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type Io } from './io';
import { readSource, type FileResult } from './lint';
import { writeOutputs } from './output';
import { planFiles, type PlannedFile } from './plan';
import { addResult, displayPath, emptyReport, type RunReport } from './report';
import { walk } from './walk';

export { CHECK_FLAGS } from './checkOptions';

interface FixTally {
  findings: number;
  files: number;
  diff: string[];
}

/** Lints one file; in fix modes also fixes it (or diffs it) and lints what remains. */
function processFile(engine: Engine, f: PlannedFile, opts: CheckOptions, report: RunReport, tally: FixTally): FileResult {
  const src = readSource(f.path, f.maxBytes);
  if ('skipped' in src) return { path: f.path, skipped: src.skipped };
  if (opts.fix === 'no') return { path: f.path, text: src.text, result: engine.analyze(src.text, { settings: f.settings }) };

  const shown = displayPath(f.path);
  const note = (message: string, error = false) => report.notes.push({ path: shown, message, error, kind: 'fix' });
  const original = () => ({ path: f.path, text: src.text, result: engine.analyze(src.text, { settings: f.settings }) });
  const unfixable = unfixableSource(src);
  const fixed = fixText(engine, src.text, f.settings, opts.unsafeFixes);
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

export async function check(p: Parsed, io: Io): Promise<number> {
  const opts = checkOptions(p);
  const walked = walk(opts.paths, { tests: true });
  const resolver = new ConfigResolver(opts.config);
  const planned = planFiles(walked, resolver, { tests: opts.tests, maxBytes: opts.maxBytes });
  const engine = await createEngine();
  const report = emptyReport();
  const tally: FixTally = { findings: 0, files: 0, diff: [] };
  for (const f of planned) addResult(report, processFile(engine, f, opts, report, tally));
  for (const pr of walked.problems) report.notes.push({ path: pr.path, message: pr.message, error: true });

  if (opts.fix === 'diff') io.out(tally.diff.join(''));
  const written = writeOutputs(report, opts.outputs, packageVersion(), io);
  if (opts.fix === 'write') io.err(`fixed ${tally.findings} finding${tally.findings === 1 ? '' : 's'} in ${tally.files} file${tally.files === 1 ? '' : 's'}\n`);
  if (opts.fix === 'diff') io.err(`would fix ${tally.findings} finding${tally.findings === 1 ? '' : 's'} in ${tally.files} file${tally.files === 1 ? '' : 's'}\n`);
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
