// The CLI's program pass, after every file was linted on its own: build the module's
// program (host/program.ts), re-read controller-runtime files with what the module
// configures, add the findings that span functions and files, and keep only the findings
// worth acting on for each file's role, each hidden group counted in one note.
import type { Engine } from '../engine/analyze';
import type { FileResult } from '../host/files';
import { applyProgram, buildProgram, type BuiltProgram, type ProgramSlot, type Verdict } from '../host/program';
import type { CodeRole } from '../program/roles';
import type { ProgramFinding } from '../program/rules';
import type { AnalysisResult, Finding } from '../engine/types';
import { ResultCache } from '../host/cache';
import { configRole } from '../config/load';
import type { PlannedFile } from './plan';
import type { Note } from './report';
import type { PoolTask, WorkerPool } from './parallel';
import type { FileSummary } from '../engine/summary';

export interface ProgramOptions {
  /** `--tests`: findings in test scaffolding and generated code are kept. */
  tests: boolean;
  /** The folders the run walked whole (its PATH arguments that are folders, with no file filter). */
  covered: string[];
  /** The persistent cache's folder (summaries and re-analyses are kept there too). */
  cacheDir?: string;
  /** The lint's worker threads: files summarised for the index and read again run there too. */
  pool?: WorkerPool;
}

export interface ProgramOutcome {
  /** FileId -> path, for related locations in other files. */
  paths: Map<number, string>;
  notes: Note[];
  /** Role of each linted file, by its index in the run. */
  roles: CodeRole[];
  /** Every path the outcome depends on besides the run's own files (BuiltProgram.inputs). */
  inputs: string[];
  /** Module roots walked beyond the run's paths, with the files found there. */
  widened: BuiltProgram['widened'];
}

const HIDDEN: Record<Exclude<Verdict, 'keep'> | 'duplicate', string> = {
  duplicate: 'of KLL301 folded into the first read of the same kind in the module (listed there as related locations)',
  test: 'in test scaffolding not shown (--tests shows them)',
  generated: 'in generated code not shown (--tests shows them)',
  tool: 'on one-shot reads of command-line tools not shown (a consistent read is what a tool intends)',
  cold: 'of single-key GETs (KLL002) not shown: they run once, not in a loop, poll or per event',
};

export async function runProgramPass(planned: PlannedFile[], results: FileResult[], engine: () => Promise<Engine>, opts: ProgramOptions): Promise<ProgramOutcome> {
  const eng = await engine();
  const sources = planned.map((f, i) => ({ path: f.path, text: results[i].text, summary: results[i].result?.summary, facts: results[i].facts, prefiltered: results[i].result?.skippedByPrefilter }));
  const cache = opts.cacheDir ? new ResultCache(opts.cacheDir) : undefined;
  const summarizeMany = opts.pool && ((texts: string[]) => opts.pool!.run<FileSummary | undefined>(texts.map((text) => ({ kind: 'summarize', text }))));
  const program = await buildProgram(sources, eng, { widen: true, covered: opts.covered, cache, summarizeMany });

  // Controller-runtime reads read again with the module's cache configuration and readers.
  const again: { r: FileResult; key: string; task: PoolTask & { kind: 'analyze' } }[] = [];
  for (const s of program.slots) {
    if (s.source === undefined) continue;
    const r = results[s.source];
    if (r.text === undefined) continue;
    const module = program.moduleContextFor(s, r.text, r.result);
    if (!module) continue;
    const f = planned[s.source];
    const key = cache ? ResultCache.key('module', JSON.stringify(f.settings), String(f.timeoutMs ?? ''), JSON.stringify(module), r.text) : '';
    const hit = cache?.get<AnalysisResult>(key);
    if (hit) r.result = hit.timedOut ? r.result : hit;
    else again.push({ r, key, task: { kind: 'analyze', text: r.text, opts: { settings: f.settings, timeoutMs: f.timeoutMs, module } } });
  }
  const answers = opts.pool ? await opts.pool.run<AnalysisResult>(again.map((a) => a.task)) : again.map((a) => eng.analyze(a.task.text, a.task.opts));
  again.forEach(({ r, key }, i) => {
    if (answers[i].timedOut) return;
    r.result = answers[i];
    cache?.set(key, answers[i]);
  });

  const roles: CodeRole[] = [];
  const hidden = new Map<Verdict | 'duplicate', number>();
  for (const s of program.slots) {
    if (s.source === undefined) continue;
    const f = planned[s.source];
    const r = results[s.source];
    const configured = configRole(f.config, s.path);
    roles[s.source] = program.roleOf(s, configured);
    // A file the prefilter skipped has nothing to show unless the program adds a finding to it.
    if (!r.result || (r.result.skippedByPrefilter && !program.findingsIn(s.id).length)) continue;
    const text = (r.text ??= program.textOf(s));
    r.result = applyProgram(program, s, r.result, text, {
      rules: f.settings.rules,
      tests: opts.tests || !!f.config?.config.tests,
      configured,
      // Never parsed on its own (the prefilter): analysed now for its suppressions.
      parse: () => eng.analyze(text, { settings: f.settings, timeoutMs: f.timeoutMs, noPrefilter: true }),
      hidden: (v) => hidden.set(v, (hidden.get(v) ?? 0) + 1),
    });
  }
  hidden.set('duplicate', informersOnce(program, results));
  const notes: Note[] = [];
  for (const [v, n] of hidden) if (v !== 'keep' && n) notes.push({ path: '.', message: `${n} finding${n === 1 ? '' : 's'} ${HIDDEN[v]}`, error: false, kind: 'program' });
  const summarised = program.slots.filter((s) => s.summary).length;
  const indexOnly = program.summarisedForIndex;
  const m = program.roots.size;
  if (m) notes.push({ path: '.', message: `program model: ${summarised} files summarised in ${m} module${m === 1 ? '' : 's'} (${indexOnly} parsed for the index only)`, error: false, kind: 'program' });
  return { paths: new Map(program.slots.map((s) => [s.id, s.path])), notes, roles, inputs: program.inputs(), widened: program.widened };
}

/**
 * One KLL301 per informer: the module's cache holds one informer per kind, so the first read
 * of a kind in the module (by path, then offset) carries the finding, with the other reads as
 * related locations (applyProgram added what starts the informer). Returns
 * how many findings it folded into another.
 */
function informersOnce(program: BuiltProgram, results: FileResult[]): number {
  const groups = new Map<string, { slot: ProgramSlot; finding: Finding }[]>();
  for (const s of program.slots) {
    if (s.source === undefined) continue;
    for (const f of results[s.source].result?.findings ?? []) {
      if (f.rule !== 'KLL301' || !f.data?.resource) continue;
      const key = `${s.module?.root ?? s.dir}\0${f.data.resource}`;
      const g = groups.get(key);
      if (g) g.push({ slot: s, finding: f });
      else groups.set(key, [{ slot: s, finding: f }]);
    }
  }
  let folded = 0;
  for (const g of groups.values()) {
    g.sort((a, b) => (a.slot.path < b.slot.path ? -1 : a.slot.path > b.slot.path ? 1 : a.finding.start - b.finding.start));
    const [first, ...rest] = g;
    for (const r of rest) {
      first.finding.related.push({ ...(r.slot.id !== first.slot.id ? { fileId: r.slot.id } : {}), start: r.finding.start, end: r.finding.end, range: r.finding.range, message: `also read here (the same informer)` });
      const res = results[r.slot.source!].result!;
      res.findings = res.findings.filter((f) => f !== r.finding);
      folded++;
    }
  }
  return folded;
}
