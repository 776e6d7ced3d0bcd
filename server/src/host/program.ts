// Building the program model from files on disk, for both shells: which files of each Go
// module the index needs (the given ones, the manager's options, callers of functions that
// read), their summaries, the index, and what it says about each file (its role, the
// program findings in it, the module context its reads need, which findings are worth
// showing). The CLI (cli/program.ts) and the language server (lsp/program.ts) sequence it.
import * as path from 'path';
import { mayContainFindings, type Engine } from '../engine/analyze';
import { findingData } from '../engine/findingData';
import { LineIndex } from '../engine/lines';
import type { FileSummary, ModuleContext, ParameterOptions } from '../engine/summary';
import { RULES } from '../engine/rules';
import { suppressionFor } from '../engine/suppressions';
import { foldWhitespace } from '../engine/syntax';
import type { AnalysisResult, Finding, RelatedLocation, RuleSetting } from '../engine/types';
import { pluralKind } from '../engine/calls/controllerRuntime';
import type { ReaderKind } from '../engine/calls/context';
import { fnKey, ProgramIndex, type FileId, type FnRef, type Frequency } from '../program/index';
import { fileRole, toolPackage, type CodeRole } from '../program/roles';
import { textFacts, wordsOf, type TextFacts } from '../program/textFacts';
import { programFindings, runsHot, runsRepeatedly, type Locator, type ProgramFinding } from '../program/rules';
import { decodeUtf8, readBytes } from './files';
import { ModuleResolver } from './modules';
import { ResultCache } from './cache';
import { walkYielding } from './walk';

export interface ProgramSource {
  path: string;
  /** The text, when the caller has it (else read from disk when needed). */
  text?: string;
  summary?: FileSummary;
  /** What its text says, when the caller read it without parsing it. */
  facts?: TextFacts;
  /** The prefilter found nothing in it to lint. */
  prefiltered?: boolean;
}

export interface ProgramSlot {
  id: FileId;
  /** Absolute path. */
  path: string;
  dir: string;
  module?: { root: string; path: string };
  /** Given by the caller (index into the sources), or only read for the index. */
  source?: number;
  text?: string;
  summary?: FileSummary;
  facts?: TextFacts;
  prefiltered?: boolean;
}

/** Why a finding is not shown, or `keep`. */
export type Verdict = 'keep' | 'test' | 'generated' | 'tool' | 'cold';

const MAX_BYTES = 10 * 1024 * 1024;
/** An informer's constructor: what it reads with depends on the module's client-go and config functions (KLL304). */
const INFORMERS = /\bNew(?:Filtered)?SharedInformerFactory|\bNewListWatchFromClient\(/;
/** How a module is walked to widen the sources: its non-test files. */
export const WIDEN_WALK = { tests: false };

/** What one LIST must make the apiserver process to matter when it runs per event: 10 MB. */
export const HOT_LIST_BYTES = 10e6;

/**
 * Names too common to follow by text: a module's own `Get` or `List` wrapper would pull in
 * every file that calls any client. Functions so named still resolve from files that are
 * summarised for another reason.
 */
const COMMON_NAMES = new Set(['Get', 'List', 'Create', 'Update', 'Patch', 'Delete', 'Watch', 'New', 'Run', 'Start', 'Stop', 'String', 'Error', 'Close', 'Reconcile', 'Apply', 'Sync', 'Add', 'Name']);

/** A slot's text, read from disk the first time (a file that cannot be read is empty). */
function slotText(s: ProgramSlot): string {
  if (s.text === undefined) {
    const b = readBytes(s.path, MAX_BYTES);
    s.text = Buffer.isBuffer(b) ? decodeUtf8(b).text : '';
  }
  return s.text;
}

/** Rounds of the search for files that call interesting names: the depth of a call chain across files. */
const MAX_ROUNDS = 16;


/** A slot's text facts, from its text the first time. */
function slotFacts(s: ProgramSlot): TextFacts {
  return (s.facts ??= textFacts(slotText(s)));
}

/** A slot's import paths: its summary's when it has one, else its text facts'. */
function slotImports(s: ProgramSlot): string[] {
  return s.summary ? s.summary.imports.map(([, p]) => p) : slotFacts(s).imports;
}

export interface BuildOptions {
  /** Walk the rest of each module (the CLI given a sub-folder; the server given its folders). */
  widen: boolean;
  /** Called between files on long steps, so a server can answer meanwhile. */
  pause?: () => Promise<void>;
  /** Folders whose files are all among the sources already (walked by the caller): not walked again. */
  covered?: string[];
  /** Summaries are kept here by content (host/cache.ts). */
  cache?: ResultCache;
  /** Summarises many files at once (the CLI's worker threads); by default one after another here. */
  summarizeMany?: (texts: string[]) => Promise<(FileSummary | undefined)[]>;
}

/**
 * Whether the module's readers (field -> reader, from every file) change one this file's reads
 * went through: joined with the file's own as the engine joins them (two readers: unknown).
 */
function changesReaders(module: ModuleContext['readerFields'], own: Map<string, ReaderKind>, summary: FileSummary): boolean {
  // No read went through a field or package variable: the readers table was never asked.
  if (!module?.length || !summary.fieldReads) return false;
  const used = new Map(summary.fieldReads);
  return module.some(([field, kind]) => {
    const was = used.get(field);
    if (was === undefined) return false;
    const joined = own.has(field) && own.get(field) !== kind ? 'unknown' : kind;
    return was !== joined;
  });
}

/** Whether the module's cache configuration can change a file's findings (`first`: its result without it). */
function changesReads(cache: ModuleContext['cache'], first?: AnalysisResult): boolean {
  if (!cache) return false;
  if (!first || cache.uncachedKinds.length || cache.cacheUnstructured) return true;
  return [...first.findings, ...first.suppressed].some((f) => RESTRICTED_RULES.has(f.rule));
}
const RESTRICTED_RULES = new Set(RULES.filter((r) => r.readsCacheRestrictions).map((r) => r.meta.id));

export class BuiltProgram {
  readonly index: ProgramIndex;
  readonly freq: Map<string, Frequency>;
  readonly byPath = new Map<string, ProgramSlot>();
  private readonly lines = new Map<FileId, LineIndex>();
  private readonly tools = new Map<string, boolean>();
  /** Folders with a file that starts something long-running (TextFacts.runtime). */
  private runtimeDirs?: Set<string>;
  private toolOnlyDirs?: Set<string>;
  private findings?: Map<FileId, ProgramFinding[]>;
  private readonly parameterMemo = new Map<FileId, ParameterOptions[]>();
  readonly locator: Locator;
  /** Files summarised by the build itself (not given with a summary): the program's own cost. */
  summarisedForIndex = 0;
  /** Module roots walked to widen the sources, with the files the walk found there. */
  widened: { root: string; files: string[] }[] = [];

  constructor(
    readonly slots: ProgramSlot[],
    readonly modules: ModuleResolver,
    readonly roots: Set<string>,
  ) {
    for (const s of slots) this.byPath.set(s.path, s);
    this.index = new ProgramIndex(
      slots.flatMap((s) => (s.summary ? [{ id: s.id, dir: s.dir, summary: s.summary }] : [])),
      modules.modules(),
    );
    this.freq = this.index.frequencies();
    this.locator = { name: (id) => path.basename(this.slots[id].path), line: (id, offset) => this.lineIndex(id).position(offset).line + 1 };
  }

  /**
   * Every path the program's answers depend on: its files, each module's go.mod and go.work,
   * and the go.mod files the module lookup found missing between a file's folder and its
   * module's root (one created there moves the file to another module).
   */
  inputs(): string[] {
    const out = new Set(this.slots.map((s) => s.path));
    for (const m of this.modules.modules()) for (const f of ['go.mod', 'go.work']) out.add(path.join(m.root, f));
    const seen = new Set<string>();
    for (const s of this.slots) {
      const stop = s.module?.root;
      for (let d = s.dir; d !== stop && !seen.has(d); d = path.dirname(d)) {
        seen.add(d);
        out.add(path.join(d, 'go.mod'));
        if (path.dirname(d) === d) break;
      }
    }
    return [...out];
  }

  textOf(s: ProgramSlot): string {
    return slotText(s);
  }

  lineIndex(id: FileId): LineIndex {
    let l = this.lines.get(id);
    if (!l) this.lines.set(id, (l = new LineIndex(this.textOf(this.slots[id]))));
    return l;
  }

  /** Program findings by file, computed once. */
  findingsIn(id: FileId): ProgramFinding[] {
    if (!this.findings) {
      this.findings = new Map();
      for (const f of programFindings(this.index, this.locator, this.freq)) {
        const list = this.findings.get(f.file);
        if (list) list.push(f);
        else this.findings.set(f.file, [f]);
      }
    }
    return this.findings.get(id) ?? [];
  }

  /**
   * What the rest of the module says that can change this file's reads; undefined when
   * nothing can. `first`: the file's result without it, when there is one.
   */
  moduleContextFor(s: ProgramSlot, text: string, first?: AnalysisResult): ModuleContext | undefined {
    const base = this.cacheContextFor(s, text, first);
    const params = this.parameterOptionsFor(s);
    return params.length ? { ...base, parameterOptions: params } : base;
  }

  /**
   * The options the callers pass to the options parameters this file's reads use
   * (ReadSite.optionsParam), or that its functions pass on (`f(ctx, opts)`), where the index
   * resolves every caller alike. A top-level function with a caller in its own file is left
   * to the file's own resolution (optionSources.ts), which takes its callers' options from here.
   */
  parameterOptionsFor(s: ProgramSlot): ParameterOptions[] {
    let hit = this.parameterMemo.get(s.id);
    if (hit) return hit;
    hit = [];
    s.summary?.functions.forEach((f, index) => {
      const params = new Set(f.reads.flatMap((r) => (r.optionsParam !== undefined ? [r.optionsParam] : [])));
      for (const c of f.calls) for (const [, o] of c.options ?? []) if ('param' in o) params.add(o.param);
      for (const param of params) {
        const fn = { file: s.id, index };
        if (!s.module || (!f.receiver && this.index.callersOf(fn).some((c) => c.caller.file === s.id))) continue;
        const src = this.index.parameterSource(fn, param, this.mentionCheck);
        if (!src) continue;
        const callers = src.sites.map(({ caller, site }) => ({ fileId: caller.file, start: site.start, end: site.end, range: this.lineIndex(caller.file).range(site.start, site.end), function: this.index.fn(caller).name }));
        hit.push({ function: f.name, ...(f.receiver ? { receiver: f.receiver } : {}), param, type: src.options.type, fields: src.options.fields, callers });
      }
    });
    this.parameterMemo.set(s.id, hit);
    return hit;
  }

  /** Each file's text without its comments, for mentionCheck. */
  private readonly codeText = new Map<FileId, string>();

  /**
   * Every mention of the function in its module's files, outside whole-line and block
   * comments, is one of `calls` or its declaration: nothing else (a method value, a call
   * through an interface or a local, a call the summaries missed) can pass it options. A
   * method is mentioned as `.M` anywhere; a function bare in its own package and as `.F`
   * in the others (`pkg.F`). Same-named things count too: unknown, and unknown is silent.
   */
  private readonly mentionCheck = (fn: FnRef, calls: Map<FileId, number>): boolean => {
    const f = this.index.fn(fn);
    const home = this.slots[fn.file];
    for (const s of this.slots) {
      if (s.module?.root !== home.module?.root) continue;
      const text = slotText(s);
      if (!text.includes(f.name)) continue;
      const dotted = f.receiver !== undefined || s.dir !== home.dir;
      const word = new RegExp(dotted ? `\\.\\s*${f.name}\\b` : `(?<![.\\w])${f.name}\\b`, 'g');
      let code = this.codeText.get(s.id);
      if (code === undefined) this.codeText.set(s.id, (code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/^[ \t]*\/\/.*$/gm, '')));
      const declaration = s.id === fn.file && !f.receiver ? 1 : 0;
      if ((code.match(word)?.length ?? 0) > (calls.get(s.id) ?? 0) + declaration) return false;
    }
    return true;
  };

  /**
   * The module's cache configuration and readers, when they can change this file's reads.
   * The cache's restrictions only ever silence the rules that read them
   * (Rule.readsCacheRestrictions): a file that reported none of those (`first`) is not read
   * again for them.
   */
  private cacheContextFor(s: ProgramSlot, text: string, first?: AnalysisResult): ModuleContext | undefined {
    if (!s.summary || !s.module) return undefined;
    const module = this.index.moduleContext(s.dir);
    // The client-go version and the module's config functions decide what an informer reads with (KLL304): for a file that builds one.
    const wire =
      (module.clientGo || module.configSources) && INFORMERS.test(text)
        ? { ...(module.clientGo ? { clientGo: module.clientGo } : {}), ...(module.configSources ? { configSources: module.configSources } : {}) }
        : undefined;
    if (!s.summary.functions.some((f) => f.reads.some((r) => r.client === 'controller-runtime'))) return wire;
    // Only what another file says can change this one: a cache option, or a reader in a field it reads.
    const own = new Map(s.summary.readerFields);
    const fromOthers = changesReaders(module.readerFields, own, s.summary);
    return changesReads(module.cache, first) || fromOthers ? module : wire;
  }

  private relOf(s: ProgramSlot): string {
    const root = s.module?.root ?? process.cwd();
    const rel = s.path.startsWith(root + path.sep) ? s.path.slice(root.length + 1) : path.relative(root, s.path);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }

  private isTool(s: ProgramSlot): boolean {
    let t = this.tools.get(s.dir);
    if (t === undefined) {
      const pkgFiles = this.slots.filter((x) => x.dir === s.dir).map((x) => ({ package: x.summary?.package ?? slotFacts(x).package, runtime: slotFacts(x).runtime }));
      // A thin main (`cmd/manager/main.go` calling `app.Run()`, `cmd/nfd-master/main.go` calling
      // `master.NewNfdMaster(...).Run()`) starts its manager or server in a package below its
      // folder (`cmd/manager/app`) or one it imports (`pkg/nfd-master`): that runtime is the main's own.
      const below = s.dir + path.sep;
      const startsBelow = this.slots.some((x) => x.dir.startsWith(below) && slotFacts(x).runtime);
      const runtimeDirs = (this.runtimeDirs ??= new Set(this.slots.filter((x) => slotFacts(x).runtime).map((x) => x.dir)));
      const startsImported = () =>
        this.slots.some((x) => x.dir === s.dir && slotImports(x).some((p) => runtimeDirs.has(this.index.dirOfImport(p) ?? '')));
      this.tools.set(s.dir, (t = !startsBelow && toolPackage(pkgFiles) && !startsImported()));
    }
    return t;
  }

  /** The file's role: the config's `roles:` globs when they say (`configured`), else inferred. */
  roleOf(s: ProgramSlot, configured?: CodeRole): CodeRole {
    if (configured) return configured;
    const role = fileRole(this.relOf(s), s.summary, s.summary ? undefined : slotFacts(s).generated);
    if (role !== 'product') return role;
    this.toolOnlyDirs ??= this.toolOnly();
    return this.toolOnlyDirs.has(s.dir) ? 'tool' : role;
  }

  /**
   * For a KLL301 finding: where a controller of the module watches the kind
   * (`For`/`Owns`/`Watches`), which starts the informer at start-up whatever this read does.
   */
  informerStart(s: ProgramSlot, f: Pick<Finding, 'rule' | 'data'>): RelatedLocation | undefined {
    const resource = f.rule === 'KLL301' ? f.data?.resource : undefined;
    const w = resource ? this.index.watcherOf(s.dir, (kind) => pluralKind(kind).toLowerCase() === resource) : undefined;
    if (!w) return undefined;
    return { ...(w.file !== s.id ? { fileId: w.file } : {}), start: w.at.start, end: w.at.end, range: this.lineIndex(w.file).range(w.at.start, w.at.end), message: `${w.how}(...) starts the informer at start-up` };
  }


  /**
   * How often the function around `offset` runs, from the program's entry points and loops:
   * "per reconcile (Reconcile → apply)"; undefined when nothing says it runs more than once.
   */
  frequencyAt(s: ProgramSlot, offset: number): string | undefined {
    const fr = this.frequencyOf(s, offset);
    if (!fr) return undefined;
    const names = [this.index.fn(fr.from).name, ...fr.steps.map((x) => this.index.fn(x.callee).name)];
    const what = fr.kind === 'per-item' && fr.site?.loops[0] ? `once per ${fr.site.loops[0].per}` : fr.kind.replace('-', ' ');
    return names.length > 1 ? `${what} (${names.join(' → ')})` : what;
  }

  /** How often the function around `offset` runs, as the index computed it. */
  frequencyOf(s: ProgramSlot, offset: number): Frequency | undefined {
    const fns = s.summary?.functions ?? [];
    const i = fns.findIndex((f) => f.start <= offset && offset < f.end);
    return i >= 0 ? this.freq.get(fnKey({ file: s.id, index: i })) : undefined;
  }

  /**
   * Severity from cost × frequency: a LIST the rule grades information (served from the watch
   * cache on the profile's version, or paginated) is a warning when the program makes it run
   * many times (per item, tick, reconcile, request or event) and one call processes at least
   * HOT_LIST_BYTES at the profile. A severity the user configured is kept.
   */
  severityFor(s: ProgramSlot, f: Finding, configured: RuleSetting | undefined): Finding['severity'] {
    if (configured || f.rule !== 'KLL001' || f.severity !== 'information' || !f.cost?.known) return f.severity;
    const perCall = f.cost.estimates[0]?.bytesProcessed ?? 0;
    return perCall >= HOT_LIST_BYTES && this.frequencyOf(s, f.start) ? 'warning' : f.severity;
  }

  /** Findings with the program's frequency in their data, where their rule gave none. */
  withFrequency(s: ProgramSlot, findings: Finding[]): Finding[] {
    return findings.map((f) => {
      if (f.data?.frequency) return f;
      const frequency = this.frequencyAt(s, f.start);
      return frequency ? { ...f, data: { ...f.data, frequency } } : f;
    });
  }

  /** Whether a finding of this file is worth showing by default, or why not. */
  verdict(s: ProgramSlot, role: CodeRole, f: Pick<Finding, 'rule' | 'start' | 'cost'>, tests: boolean): Verdict {
    if ((role === 'test' || role === 'generated') && !tests) return role;
    const isRead = f.rule === 'KLL001' || f.rule === 'KLL002';
    if (role === 'tool' && isRead && !runsRepeatedly(this.index, this.freq, s.id, f.start)) return 'tool';
    if (f.rule === 'KLL002' && !f.cost?.multiplicity.perNode && !runsHot(this.index, this.freq, s.id, f.start)) return 'cold';
    return 'keep';
  }

  /**
   * Folders that only one-shot tools reach: every `main` package that imports them (through
   * the module's own packages) is a tool. A package no main package reaches is not a tool.
   */
  private toolOnly(): Set<string> {
    const deps = new Map<string, Set<string>>();
    const mains: ProgramSlot[] = [];
    for (const s of this.slots) {
      const paths = slotImports(s);
      let d = deps.get(s.dir);
      if (!d) deps.set(s.dir, (d = new Set()));
      for (const p of paths) {
        const dir = this.index.dirOfImport(p);
        if (dir) d.add(dir);
      }
      if ((s.summary?.package ?? slotFacts(s).package) === 'main' && !mains.some((m) => m.dir === s.dir)) mains.push(s);
    }
    const reachedBy = new Map<string, { tool: boolean; other: boolean }>();
    for (const m of mains) {
      const tool = this.isTool(m);
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
}

/**
 * The program of `sources` (and, with `widen`, the rest of their modules): files the index
 * needs are summarised, the others only read for their imports and package clause.
 */
export async function buildProgram(sources: readonly ProgramSource[], engine: Engine, opts: BuildOptions, modules = new ModuleResolver()): Promise<BuiltProgram> {
  const slots: ProgramSlot[] = [];
  const byPath = new Map<string, ProgramSlot>();
  const add = (p: string, source?: number) => {
    const abs = path.resolve(p);
    if (byPath.has(abs)) return;
    const dir = path.dirname(abs);
    const s: ProgramSlot = { id: slots.length, path: abs, dir, module: modules.moduleOf(dir), source };
    if (source !== undefined) {
      const src = sources[source];
      s.text = src.text;
      s.summary = src.summary;
      s.facts = src.facts;
      s.prefiltered = src.prefiltered;
    }
    slots.push(s);
    byPath.set(abs, s);
  };
  sources.forEach((f, i) => add(f.path, i));
  const roots = new Set(slots.flatMap((s) => (s.module ? [s.module.root] : [])));
  const widened: BuiltProgram['widened'] = [];
  if (opts.widen) {
    const covered = (opts.covered ?? []).map((c) => path.resolve(c));
    for (const root of roots) {
      if (covered.some((c) => root === c || root.startsWith(c.endsWith(path.sep) ? c : c + path.sep))) continue;
      const files = (await walkYielding([root], WIDEN_WALK, opts.pause ?? (async () => {}))).files;
      widened.push({ root, files });
      for (const f of files) add(f);
    }
  }
  const readText = slotText;
  let summarised = 0;
  /** Summarises the slots, those in the cache from it, the others all at once. */
  const summarizeSlots = async (list: ProgramSlot[]) => {
    const missing: { s: ProgramSlot; key: string }[] = [];
    for (const s of list) {
      const key = opts.cache ? ResultCache.key('summary', readText(s)) : '';
      const hit = opts.cache?.get<FileSummary>(key);
      if (hit) s.summary = hit;
      else missing.push({ s, key });
      summarised++;
    }
    const texts = missing.map(({ s }) => readText(s));
    const made = opts.summarizeMany ? await opts.summarizeMany(texts) : texts.map((t) => engine.summarize(t));
    missing.forEach(({ s, key }, i) => {
      s.summary = made[i] ?? undefined;
      if (opts.cache && s.summary) opts.cache.set(key, s.summary);
    });
  };
  // Names of functions that read or build a client, to any depth, each with the folders
  // (packages) that declare one by that name.
  const interesting = new Map<string, Set<string>>();
  let pairs = 0;
  const addNames = (s: ProgramSlot) => {
    for (const f of s.summary?.functions ?? []) {
      if (COMMON_NAMES.has(f.name) || interesting.get(f.name)?.has(s.dir)) continue;
      if (f.reads.length || f.constructors.length || f.calls.some((c) => interesting.has(c.callee.name))) {
        const dirs = interesting.get(f.name);
        if (dirs) dirs.add(s.dir);
        else interesting.set(f.name, new Set([s.dir]));
        pairs++;
      }
    }
  };
  for (const s of slots) addNames(s);
  const importPathOf = (dir: string): string | undefined => {
    const m = modules.moduleOf(dir);
    if (!m) return undefined;
    const rel = path.relative(m.root, dir).split(path.sep).join('/');
    return rel ? `${m.path}/${rel}` : m.path;
  };
  const pending: ProgramSlot[] = [];
  const first: ProgramSlot[] = [];
  let n = 0;
  for (const s of slots) {
    if (s.summary) continue;
    // A file that can hold a read (the server did not lint it) or configures the manager.
    if (slotFacts(s).configures || (!s.prefiltered && mayContainFindings(readText(s)))) first.push(s);
    else pending.push(s);
    if (opts.pause && ++n % 16 === 0) await opts.pause();
  }
  await summarizeSlots(first);
  for (const s of slots) addNames(s);
  // A call resolves to a function of its own package or of a package its package imports (a
  // field's type may be imported by another file of the package): each folder's reach.
  const dirOfPath = new Map(slots.flatMap((s) => { const p = importPathOf(s.dir); return p ? [[p, s.dir] as const] : []; }));
  const reach = new Map<string, Set<string>>();
  for (const s of slots) {
    let r = reach.get(s.dir);
    if (!r) reach.set(s.dir, (r = new Set([s.dir])));
    for (const p of slotImports(s)) {
      const d = dirOfPath.get(p);
      if (d) r.add(d);
    }
  }
  const declaredWithin = (name: string, from: Set<string>) => {
    const dirs = interesting.get(name);
    if (dirs) for (const d of dirs) if (from.has(d)) return true;
    return false;
  };
  const callsInteresting = (w: Set<string>, from: Set<string>) => {
    if (w.size < interesting.size) {
      for (const name of w) if (declaredWithin(name, from)) return true;
    } else for (const name of interesting.keys()) if (w.has(name) && declaredWithin(name, from)) return true;
    return false;
  };
  const words = new Map<ProgramSlot, Set<string>>();
  // Each round summarises, all at once, the files that call a name known to be interesting
  // in a package theirs can reach; their functions may make more names interesting.
  for (let round = 0, grew = true; grew && round < MAX_ROUNDS; round++) {
    const before = pairs;
    const hot = new Set([...interesting.values()].flatMap((dirs) => [...dirs]));
    const batch: ProgramSlot[] = [];
    for (let i = 0; i < pending.length; i++) {
      const s = pending[i];
      if (!s || s.summary) continue;
      const from = reach.get(s.dir)!;
      if (![...from].some((d) => hot.has(d))) continue;
      let w = words.get(s);
      if (!w) words.set(s, (w = wordsOf(readText(s), slotFacts(s).polls)));
      if (!callsInteresting(w, from)) continue;
      batch.push(s);
      if (opts.pause && ++n % 16 === 0) await opts.pause();
    }
    await summarizeSlots(batch);
    for (const s of slots) addNames(s);
    grew = pairs > before;
  }
  const program = new BuiltProgram(slots, modules, roots);
  program.summarisedForIndex = summarised;
  program.widened = widened;
  return program;
}

/**
 * Adds `pf` to `result` as an engine Finding (ranges from the program's line indexes),
 * unless the file's own rules reported it; a suppression comment silences it as any other.
 */
export function addProgramFinding(result: AnalysisResult, pf: ProgramFinding, file: FileId, callText: string, setting: Finding['severity'] | undefined, program: BuiltProgram, own = program.lineIndex(file)): void {
  if (result.findings.some((x) => x.rule === pf.rule && x.start === pf.start) || result.suppressed.some((x) => x.rule === pf.rule && x.start === pf.start)) return;
  const lines = own;
  const meta = RULES.find((x) => x.meta.id === pf.rule)!.meta;
  const finding: Finding = {
    rule: pf.rule,
    name: meta.name,
    severity: setting ?? pf.severity,
    start: pf.start,
    end: pf.end,
    range: lines.range(pf.start, pf.end),
    message: pf.message,
    fixes: [],
    related: pf.related.map((x) => ({ ...(x.file !== file ? { fileId: x.file } : {}), start: x.start, end: x.end, message: x.message, range: (x.file === file ? lines : program.lineIndex(x.file)).range(x.start, x.end), ...(x.step !== undefined ? { step: x.step } : {}) })),
    enclosingFunction: pf.enclosingFunction,
    callText: foldWhitespace(callText),
    ...(pf.data ? { data: findingData(pf.data, undefined, undefined) } : {}),
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

export interface ApplyOptions {
  rules: Record<string, RuleSetting>;
  /** `--tests` or the config's `tests`: test scaffolding and generated code are shown. */
  tests: boolean;
  /** The role the config's `roles:` globs give the file, if any. */
  configured?: CodeRole;
  /** The file analysed with no prefilter (for its suppressions), when it gets a program finding but was never parsed. */
  parse?: () => AnalysisResult;
  /** Counts the findings not shown, by why. */
  hidden?: (v: Verdict) => void;
}

/**
 * One file's findings as the program says they should be shown: the findings through calls
 * and across files added (unless the file's own rules made them, a setting turns them off,
 * or a comment suppresses them), each finding's frequency in its data, what starts a KLL301
 * informer, and only the findings worth acting on for the file's role. The CLI, the
 * workspace scan and the editor all show a file through this.
 */
export function applyProgram(program: BuiltProgram, s: ProgramSlot, base: AnalysisResult, text: string, o: ApplyOptions): AnalysisResult {
  const added = program.findingsIn(s.id).filter((pf) => o.rules[pf.rule] !== 'off');
  let result: AnalysisResult = { ...base, findings: [...base.findings], suppressed: [...base.suppressed] };
  if (added.length && base.skippedByPrefilter && o.parse) result = o.parse();
  for (const pf of added) addProgramFinding(result, pf, s.id, text.slice(pf.start, pf.end), o.rules[pf.rule] as Finding['severity'] | undefined, program);
  const role = program.roleOf(s, o.configured);
  result.findings = program.withFrequency(s, result.findings).flatMap((f) => {
    const v = program.verdict(s, role, f, o.tests);
    if (v !== 'keep') {
      o.hidden?.(v);
      return [];
    }
    const start = program.informerStart(s, f);
    const severity = program.severityFor(s, f, o.rules[f.rule]);
    return [{ ...f, severity, related: start ? [...f.related, start] : f.related }];
  });
  return result;
}
