// The CLI's program pass, after every file was linted on its own: join the files' summaries
// into the module index (server/src/program), bring in the files the index needs that could
// hold no finding themselves (another file's loop, the manager's options in cmd/), re-read
// controller-runtime files with what the module configures, add the findings that span
// functions and files, and keep only the findings worth acting on for each file's role.
import * as path from 'path';
import type { Engine } from '../engine/analyze';
import { LineIndex } from '../engine/lines';
import { RULES } from '../engine/rules';
import type { FileSummary } from '../engine/summary';
import { suppressionFor } from '../engine/suppressions';
import { foldWhitespace } from '../engine/syntax';
import type { AnalysisResult, Finding } from '../engine/types';
import { ModuleResolver } from '../host/modules';
import { ProgramIndex, type FileId, type ModuleInfo, type ProgramFile } from '../program/index';
import { fileRole, packageOfText, toolPackage, type CodeRole } from '../program/roles';
import { programFindings, runsHot, runsRepeatedly, type Locator, type ProgramFinding } from '../program/rules';
import { decodeUtf8, readBytes, type FileResult } from '../host/files';
import type { PlannedFile } from './plan';
import type { Note } from './report';
import { walk } from '../host/walk';

export interface ProgramOptions {
  /** `--tests` or the config's `tests`: findings in test scaffolding are kept. */
  tests: boolean;
}

export interface ProgramOutcome {
  /** FileId -> path, for related locations in other files. */
  paths: Map<FileId, string>;
  notes: Note[];
  /** Role of each linted file, by its index in the run. */
  roles: CodeRole[];
}

interface Slot {
  id: FileId;
  path: string;
  dir: string;
  module?: ModuleInfo;
  /** Linted in this run (index into results), or only read for the index. */
  linted?: number;
  text?: string;
  summary?: FileSummary;
}

const CONFIG_NEEDLE = /\bcache\.Options\s*\{|CacheOptions\s*\{|\bNewManager\s*\(|\bGetClient\(\)|\bGetAPIReader\(\)|\bIndexField\s*\(/;
const POLL_NEEDLE = /\bwait\.(Poll|ExponentialBackoff)\w*\(/;
const MAX_BYTES = 10 * 1024 * 1024;

function rulesMeta(id: string) {
  return RULES.find((r) => r.meta.id === id)!.meta;
}

/**
 * Names too common to follow by text: a module's own `Get` or `List` wrapper would pull in
 * every file that calls any client. Functions so named still resolve from files that are
 * summarised for another reason.
 */
const COMMON_NAMES = new Set(['Get', 'List', 'Create', 'Update', 'Patch', 'Delete', 'Watch', 'New', 'Run', 'Start', 'Stop', 'String', 'Error', 'Close', 'Reconcile', 'Apply', 'Sync', 'Add', 'Name']);

/** The words of `text` followed by `(` (what it calls), or every word for a poll's method values; once per file. */
function wordsOf(text: string, poll: boolean): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(poll ? /[A-Za-z_][A-Za-z0-9_]*/g : /([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) out.add(poll ? m[0] : m[1]);
  return out;
}

export async function runProgramPass(planned: PlannedFile[], results: FileResult[], engine: () => Promise<Engine>, opts: ProgramOptions): Promise<ProgramOutcome> {
  const modules = new ModuleResolver();
  const slots: Slot[] = [];
  const byPath = new Map<string, Slot>();
  const add = (p: string, linted?: number) => {
    const abs = path.resolve(p);
    if (byPath.has(abs)) return;
    const dir = path.dirname(abs);
    const s: Slot = { id: slots.length, path: abs, dir, module: modules.moduleOf(dir), linted };
    if (linted !== undefined) {
      s.text = results[linted].text;
      s.summary = results[linted].result?.summary;
    }
    slots.push(s);
    byPath.set(abs, s);
  };
  planned.forEach((f, i) => add(f.path, i));
  // The rest of each module: its main packages configure the cache, its other files call ours.
  const roots = new Set(slots.flatMap((s) => (s.module ? [s.module.root] : [])));
  for (const root of roots) for (const f of walk([root], { tests: false }).files) add(f);
  const textOf = (s: Slot): string | undefined => {
    if (s.text !== undefined) return s.text;
    const b = readBytes(s.path, MAX_BYTES);
    s.text = Buffer.isBuffer(b) ? decodeUtf8(b).text : '';
    return s.text;
  };

  // Summaries for files the index needs: the manager's options, and callers of functions
  // that read (to any depth: each round adds the callers of the last round's functions).
  const eng = await engine();
  const summarizeSlot = (s: Slot) => {
    s.summary = eng.summarize(textOf(s) ?? '') ?? undefined;
  };
  const interesting = new Set<string>();
  const addNames = (s: Slot) => {
    for (const f of s.summary?.functions ?? []) {
      if (COMMON_NAMES.has(f.name) || interesting.has(f.name)) continue;
      if (f.reads.length || f.constructors.length || f.calls.some((c) => interesting.has(c.callee.name))) interesting.add(f.name);
    }
  };
  for (const s of slots) addNames(s);
  const words = new Map<Slot, Set<string>>();
  for (const s of slots) {
    if (s.summary) continue;
    const t = textOf(s)!;
    if (CONFIG_NEEDLE.test(t)) summarizeSlot(s);
    else words.set(s, wordsOf(t, POLL_NEEDLE.test(t)));
  }
  for (let round = 0, grew = true; grew && round < 8; round++) {
    const before = interesting.size;
    for (const [s, w] of words) {
      if (![...interesting].some((n) => w.has(n))) continue;
      words.delete(s);
      summarizeSlot(s);
      addNames(s);
    }
    for (const s of slots) addNames(s);
    grew = interesting.size > before;
  }

  const files: ProgramFile[] = slots.flatMap((s) => (s.summary ? [{ id: s.id, dir: s.dir, summary: s.summary }] : []));
  const index = new ProgramIndex(files, modules.modules());

  // Controller-runtime reads re-read with the module's cache configuration and readers.
  for (const s of slots) {
    if (s.linted === undefined || !s.summary || !s.module) continue;
    if (!s.summary.functions.some((f) => f.reads.some((r) => r.client === 'controller-runtime'))) continue;
    const module = index.moduleContext(s.dir);
    const f = planned[s.linted];
    const r = results[s.linted];
    if (r.text === undefined) continue;
    // Only what another file says can change this one: a cache option, or a reader in a field it reads.
    const own = new Map(s.summary.readerFields);
    const text = r.text;
    const fromOthers = (module.readerFields ?? []).some(([field, kind]) => own.get(field) !== kind && text.includes(`.${field}`));
    if (!module.cache && !fromOthers) continue;
    const again = eng.analyze(r.text, { settings: f.settings, timeoutMs: f.timeoutMs, summary: true, module });
    if (!again.timedOut) r.result = again;
  }

  const lines = new Map<FileId, LineIndex>();
  const lineIndex = (id: FileId) => {
    let l = lines.get(id);
    if (!l) lines.set(id, (l = new LineIndex(textOf(slots[id]) ?? '')));
    return l;
  };
  const loc: Locator = {
    name: (id) => path.basename(slots[id].path),
    line: (id, offset) => lineIndex(id).position(offset).line + 1,
  };
  const freq = index.frequencies();
  for (const pf of programFindings(index, loc, freq)) {
    const s = slots[pf.file];
    if (s.linted === undefined) continue;
    attach(pf, s, planned[s.linted], results[s.linted], eng, lineIndex);
  }

  // Roles and the findings worth acting on.
  const relOf = (s: Slot) => (s.module ? path.relative(s.module.root, s.path) : path.relative(process.cwd(), s.path)).split(path.sep).join('/');
  const tools = new Map<string, boolean>();
  const isTool = (s: Slot) => {
    let t = tools.get(s.dir);
    if (t === undefined) {
      const pkgFiles = slots.filter((x) => x.dir === s.dir).map((x) => ({ text: textOf(x) ?? '', package: x.summary?.package ?? packageOfText(textOf(x) ?? '') ?? '' }));
      tools.set(s.dir, (t = toolPackage(pkgFiles)));
    }
    return t;
  };
  const toolOnly = toolOnlyPackages(slots, textOf, isTool, index);
  const roles: CodeRole[] = [];
  const hidden = { test: 0, generated: 0, tool: 0, cold: 0 };
  for (const s of slots) {
    if (s.linted === undefined) continue;
    const r = results[s.linted].result;
    let role = fileRole(relOf(s), s.summary, s.summary ? undefined : s.text);
    if (role === 'product' && toolOnly.has(s.dir)) role = 'tool';
    roles[s.linted] = role;
    if (!r) continue;
    const keep = (f: Finding): boolean => {
      if ((role === 'test' || role === 'generated') && !opts.tests && !planned[s.linted!].config?.config.tests) return (hidden[role]++, false);
      const isRead = f.rule === 'KLL001' || f.rule === 'KLL002';
      if (role === 'tool' && isRead && !runsRepeatedly(index, freq, s.id, f.start)) return (hidden.tool++, false);
      if (f.rule === 'KLL002' && !f.cost?.multiplicity.perNode && !runsHot(index, freq, s.id, f.start)) return (hidden.cold++, false);
      return true;
    };
    r.findings = r.findings.filter(keep);
  }
  const notes: Note[] = [];
  const hiddenNote = (n: number, what: string) => n && notes.push({ path: '.', message: `${n} finding${n === 1 ? '' : 's'} ${what}`, error: false, kind: 'program' });
  hiddenNote(hidden.test, 'in test scaffolding not shown (--tests shows them)');
  hiddenNote(hidden.generated, 'in generated code not shown (--tests shows them)');
  hiddenNote(hidden.tool, 'on one-shot reads of command-line tools not shown (a consistent read is what a tool intends)');
  hiddenNote(hidden.cold, 'of single-key GETs (KLL002) not shown: they run once, not in a loop, poll or per event');
  const linkedFiles = files.length - planned.filter((_, i) => results[i].result?.summary).length;
  if (roots.size) notes.push({ path: '.', message: `program model: ${files.length} files summarised in ${roots.size} module${roots.size === 1 ? '' : 's'} (${Math.max(0, linkedFiles)} read for the index only)`, error: false, kind: 'program' });
  return { paths: new Map(slots.map((s) => [s.id, s.path])), notes, roles };
}

/** Puts a program finding on its file's result, unless the file's own rules made it, it is off or suppressed. */
function attach(pf: ProgramFinding, s: Slot, f: PlannedFile, r: FileResult, eng: Engine, lineIndex: (id: FileId) => LineIndex): void {
  const setting = f.settings.rules[pf.rule];
  if (setting === 'off') return;
  if (!r.result || r.result.skippedByPrefilter) {
    // Never parsed on its own: analyse it now for its suppressions (and keep its findings, if any).
    if (r.text === undefined) r.text = s.text;
    if (r.text === undefined) return;
    r.result = eng.analyze(r.text, { settings: f.settings, timeoutMs: f.timeoutMs, noPrefilter: true });
  }
  const result: AnalysisResult = r.result;
  if (result.findings.some((x) => x.rule === pf.rule && x.start === pf.start) || result.suppressed.some((x) => x.rule === pf.rule && x.start === pf.start)) return;
  const lines = lineIndex(s.id);
  const meta = rulesMeta(pf.rule);
  const finding: Finding = {
    rule: pf.rule,
    name: meta.name,
    severity: setting ?? pf.severity,
    start: pf.start,
    end: pf.end,
    range: lines.range(pf.start, pf.end),
    message: pf.message,
    fixes: [],
    related: pf.related.map((x) => ({ ...(x.file !== s.id ? { fileId: x.file } : {}), start: x.start, end: x.end, message: x.message, range: lineIndex(x.file).range(x.start, x.end) })),
    enclosingFunction: pf.enclosingFunction,
    callText: foldWhitespace((r.text ?? '').slice(pf.start, pf.end)),
  };
  const lineHasCode = (line: number) => {
    const t = lines.lineText(line).trim();
    return t !== '' && !t.startsWith('//');
  };
  if (suppressionFor(result.suppressions, finding.rule, finding.range.start.line, lineHasCode)) result.suppressed.push(finding);
  else {
    result.findings.push(finding);
    result.findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  }
}

const IMPORTS = /^import\s*(?:\(([^)]*)\)|[\w.]*\s*"([^"]+)")/gm;

/** Import paths of a file's text (for files never parsed). */
function importsOfText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORTS)) {
    if (m[2]) out.push(m[2]);
    else for (const q of (m[1] ?? '').matchAll(/"([^"]+)"/g)) out.push(q[1]);
  }
  return out;
}

/**
 * Folders that only one-shot tools reach: every `main` package that imports them (through
 * the module's own packages) is a tool. A package no main package reaches is not a tool.
 */
function toolOnlyPackages(slots: Slot[], textOf: (s: Slot) => string | undefined, isTool: (s: Slot) => boolean, index: ProgramIndex): Set<string> {
  const deps = new Map<string, Set<string>>();
  const mains: Slot[] = [];
  for (const s of slots) {
    const text = textOf(s) ?? '';
    const paths = s.summary ? s.summary.imports.map(([, p]) => p) : importsOfText(text);
    let d = deps.get(s.dir);
    if (!d) deps.set(s.dir, (d = new Set()));
    for (const p of paths) {
      const dir = index.dirOfImport(p);
      if (dir) d.add(dir);
    }
    if ((s.summary?.package ?? packageOfText(text)) === 'main' && !mains.some((m) => m.dir === s.dir)) mains.push(s);
  }
  const reachedBy = new Map<string, { tool: boolean; other: boolean }>();
  for (const m of mains) {
    const tool = isTool(m);
    const queue = [m.dir];
    const seen = new Set(queue);
    while (queue.length) {
      const dir = queue.pop()!;
      const r = reachedBy.get(dir) ?? { tool: false, other: false };
      if (tool) r.tool = true;
      else r.other = true;
      reachedBy.set(dir, r);
      for (const next of deps.get(dir) ?? []) if (!seen.has(next)) (seen.add(next), queue.push(next));
    }
  }
  return new Set([...reachedBy].filter(([, r]) => r.tool && !r.other).map(([dir]) => dir));
}
