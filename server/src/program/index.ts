// The program model: the summaries of a module's files joined into one index. Packages are
// folders; a call is resolved by package and receiver type to a function of the module, and
// facts such as "F lists pods, via G -> H" are computed by induction over the calls, as
// go/analysis' ctrlflow computes noReturn. Pure: no fs, no tree. The host (CLI, server)
// gives it summaries with their FileId, folder and module.
import type { ArgOptions, CallSite, FileSummary, FunctionSummary, ModuleContext, ReadSite, Span, TypeRef } from '../engine/summary';
import { canonicalFields } from '../engine/optionSources';
import type { ReaderKind } from '../engine/calls/context';

export type FileId = number;

export interface ModuleInfo {
  /** Absolute folder of the go.mod. */
  root: string;
  /** The module path it declares. */
  path: string;
  /** The k8s.io/client-go version it requires (go.mod), when it names one. */
  clientGo?: string;
}

export interface ProgramFile {
  id: FileId;
  /** Absolute folder: the package's identity. */
  dir: string;
  summary: FileSummary;
}

/** A function of the program: its file and its index in that file's summary. */
export interface FnRef {
  file: FileId;
  index: number;
}

/** One call on a path, in the function that makes it. */
export interface Step {
  caller: FnRef;
  site: CallSite;
  callee: FnRef;
}

/** A read reached from a function: where it is and the calls that lead there (possibly none). */
export interface Reach {
  read: ReadSite;
  at: FnRef;
  steps: Step[];
}

/** How often a function runs, from the entry points and loops that reach it. */
export interface Frequency {
  kind: 'per-item' | 'per-tick' | 'per-reconcile' | 'per-request' | 'per-event';
  /** The entry point, or the call site in a loop or poll, it comes from. */
  from: FnRef;
  site?: CallSite;
  /** Calls from there to the function, outermost first. */
  steps: Step[];
}

const MAX_DEPTH = 12;
/** Callers of callers an options parameter is followed through. */
const MAX_PARAMETER_DEPTH = 4;

/** Options a parameter receives from every call in the module, and the calls that write them. */
export interface ParameterSource {
  options: Extract<ArgOptions, { type: string }>;
  /** The calls that pass the options themselves (at the end of any chain of parameters). */
  sites: { caller: FnRef; site: CallSite }[];
}

/**
 * Whether the calls `calls` (per file) are every mention of `fn` in the module; the host
 * reads the files' text (a method value, a call through an interface, a call the summaries
 * missed are mentions too).
 */
export type MentionCheck = (fn: FnRef, calls: Map<FileId, number>) => boolean;

function keyOf(dir: string, recv: string | undefined, name: string): string {
  return `${dir}\0${recv ?? ''}\0${name}`;
}

export class ProgramIndex {
  readonly files = new Map<FileId, ProgramFile>();
  private readonly fns = new Map<string, FnRef[]>();
  private readonly byDir = new Map<string, FileId[]>();
  private readonly reachMemo = new Map<string, Reach | null>();
  /** Module context by module root, computed once (the editor asks on every version). */
  private readonly contexts = new Map<string, ModuleContext>();
  /** The resolved calls of each function (fnKey), computed once. */
  private callersMemo?: Map<string, { caller: FnRef; site: CallSite }[]>;

  constructor(
    files: readonly ProgramFile[],
    readonly modules: readonly ModuleInfo[],
  ) {
    for (const f of files) {
      this.files.set(f.id, f);
      const list = this.byDir.get(f.dir);
      if (list) list.push(f.id);
      else this.byDir.set(f.dir, [f.id]);
      f.summary.functions.forEach((fn, index) => {
        const k = keyOf(f.dir, fn.receiver, fn.name);
        const refs = this.fns.get(k);
        if (refs) refs.push({ file: f.id, index });
        else this.fns.set(k, [{ file: f.id, index }]);
      });
    }
  }

  fn(ref: FnRef): FunctionSummary {
    return this.files.get(ref.file)!.summary.functions[ref.index];
  }

  /** The module a folder belongs to: the deepest go.mod above it. */
  moduleOf(dir: string): ModuleInfo | undefined {
    let best: ModuleInfo | undefined;
    for (const m of this.modules) if ((dir === m.root || dir.startsWith(m.root.endsWith('/') ? m.root : m.root + '/')) && (!best || m.root.length > best.root.length)) best = m;
    return best;
  }

  /** The folder of a module-local import path, if a known module declares it. */
  dirOfImport(importPath: string): string | undefined {
    let best: ModuleInfo | undefined;
    for (const m of this.modules) if ((importPath === m.path || importPath.startsWith(m.path + '/')) && (!best || m.path.length > best.path.length)) best = m;
    if (!best) return undefined;
    const rest = importPath.slice(best.path.length);
    return best.root.replace(/\/$/, '') + rest;
  }

  /** The one function a call site names; undefined when unresolved or ambiguous (unknown is silent). */
  resolve(caller: FnRef, site: CallSite): FnRef | undefined {
    const file = this.files.get(caller.file)!;
    const fn = this.fn(caller);
    const c = site.callee;
    let k: string | undefined;
    if (c.kind === 'func') k = keyOf(file.dir, undefined, c.name);
    else if (c.kind === 'recv') k = fn.receiver ? keyOf(file.dir, fn.receiver, c.name) : undefined;
    else if (c.kind === 'pkg') {
      const dir = this.dirOfImport(c.importPath);
      k = dir ? keyOf(dir, undefined, c.name) : undefined;
    } else if (c.kind === 'field' && fn.receiver) {
      // `r.store.PodsFor(...)`: the field's type in the receiver's struct, then its method.
      const t = this.fieldType(file.dir, fn.receiver, c.field);
      const dir = t && (t.importPath ? this.dirOfImport(t.importPath) : file.dir);
      k = t && dir ? keyOf(dir, t.name, c.name) : undefined;
    }
    const refs = k ? this.fns.get(k) : undefined;
    return refs?.length === 1 ? refs[0] : undefined;
  }

  /** The type of `field` in struct `type` of the package at `dir`, when exactly one declaration says. */
  private fieldType(dir: string, type: string, field: string): TypeRef | undefined {
    const found: TypeRef[] = [];
    for (const id of this.byDir.get(dir) ?? []) {
      for (const [name, fields] of this.files.get(id)!.summary.structs ?? []) {
        if (name !== type) continue;
        for (const [f, t] of fields) if (f === field) found.push(t);
      }
    }
    return found.length === 1 ? found[0] : undefined;
  }

  /**
   * The first read `keep` accepts that `from` makes itself or through the calls it makes, to
   * any depth, with the path. Calls on an error branch and cycles lead nowhere.
   */
  reach(from: FnRef, rule: string, keep: (r: ReadSite) => boolean, seen = new Set<string>(), depth = 0): Reach | undefined {
    const id = `${rule}\0${from.file}\0${from.index}`;
    const memo = this.reachMemo.get(id);
    if (memo !== undefined) return memo ?? undefined;
    if (seen.has(id) || depth > MAX_DEPTH) return undefined;
    seen.add(id);
    const fn = this.fn(from);
    let found: Reach | undefined;
    const own = fn.reads.find((r) => keep(r) && !r.errorBranch);
    if (own) found = { read: own, at: from, steps: [] };
    else {
      for (const site of fn.calls) {
        if (site.errorBranch || site.reference) continue;
        const callee = this.resolve(from, site);
        if (!callee) continue;
        const sub = this.reach(callee, rule, keep, seen, depth + 1);
        if (sub) {
          found = { read: sub.read, at: sub.at, steps: [{ caller: from, site, callee }, ...sub.steps] };
          break;
        }
      }
    }
    seen.delete(id);
    // A result computed inside a cycle may have missed the path through the open caller: not memoised.
    if (found || seen.size === 0) this.reachMemo.set(id, found ?? null);
    return found;
  }

  /** Every resolved call (or method value handed to a poll) of `fn` in the program. */
  callersOf(fn: FnRef): { caller: FnRef; site: CallSite }[] {
    if (!this.callersMemo) {
      this.callersMemo = new Map();
      for (const [ref, f] of this.functions()) {
        for (const site of f.calls) {
          const callee = this.resolve(ref, site);
          if (!callee) continue;
          const k = fnKey(callee);
          const list = this.callersMemo.get(k);
          if (list) list.push({ caller: ref, site });
          else this.callersMemo.set(k, [{ caller: ref, site }]);
        }
      }
    }
    return this.callersMemo.get(fnKey(fn)) ?? [];
  }

  /**
   * The options parameter `param` of `fn` receives, when it is called at least once, every
   * mention of it in the module is a resolved call (`mentions` checks), and every call passes
   * options its file resolves, or passes on its own caller's parameter (followed to depth 4,
   * cycles cut), all with the same field values. Anything else is unknown (undefined).
   */
  parameterSource(fn: FnRef, param: number, mentions: MentionCheck, seen = new Set<string>()): ParameterSource | undefined {
    const id = `${fnKey(fn)}\0${param}`;
    if (seen.has(id) || seen.size >= MAX_PARAMETER_DEPTH) return undefined;
    const calls = this.callersOf(fn);
    if (!calls.length || calls.some((c) => c.site.reference)) return undefined;
    seen.add(id);
    try {
      let first: ParameterSource | undefined;
      const sites: ParameterSource['sites'] = [];
      for (const c of calls) {
        const arg = c.site.options?.find(([i]) => i === param)?.[1];
        if (!arg) return undefined;
        const src: ParameterSource | undefined = 'param' in arg ? this.parameterSource(c.caller, arg.param, mentions, seen) : { options: arg, sites: [c] };
        if (!src) return undefined;
        if (first && (first.options.type !== src.options.type || canonicalFields(first.options.fields) !== canonicalFields(src.options.fields))) return undefined;
        first ??= src;
        for (const x of src.sites) if (!sites.some((y) => y.caller.file === x.caller.file && y.site.start === x.site.start)) sites.push(x);
      }
      if (!first) return undefined;
      // Last: reading every file of the module for the function's name costs the most.
      const perFile = new Map<FileId, number>();
      for (const c of calls) perFile.set(c.caller.file, (perFile.get(c.caller.file) ?? 0) + 1);
      return mentions(fn, perFile) ? { options: first.options, sites } : undefined;
    } finally {
      seen.delete(id);
    }
  }

  *functions(): Generator<[FnRef, FunctionSummary, ProgramFile]> {
    for (const f of this.files.values()) for (let i = 0; i < f.summary.functions.length; i++) yield [{ file: f.id, index: i }, f.summary.functions[i], f];
  }

  /**
   * How often each function runs beyond once: entry points (Reconcile, HTTP handlers, event
   * handlers) and the callees of calls in loops or polls, propagated down the resolved calls.
   * The first (shortest) path found is kept per function.
   */
  frequencies(): Map<string, Frequency> {
    const out = new Map<string, Frequency>();
    const key = (r: FnRef) => `${r.file}\0${r.index}`;
    const queue: [FnRef, Frequency][] = [];
    const handlers = new Set<string>();
    for (const f of this.files.values()) {
      for (const h of f.summary.eventHandlers) {
        // `AddFunc: c.onAdd` names a method of the receiver's type; the file's methods tell which.
        for (const [ref, fn] of this.functionsIn(f.dir)) if (fn.name === h.name && (h.recv ? fn.receiver !== undefined : fn.receiver === undefined)) handlers.add(key(ref));
      }
    }
    for (const [ref, fn] of this.functions()) {
      const entry = fn.entry === 'reconcile' ? 'per-reconcile' : fn.entry === 'http' ? 'per-request' : fn.entry === 'event' || handlers.has(key(ref)) ? 'per-event' : undefined;
      if (entry) queue.push([ref, { kind: entry, from: ref, steps: [] }]);
      for (const site of fn.calls) {
        if (site.errorBranch || (!site.loops.length && !site.poll)) continue;
        const callee = this.resolve(ref, site);
        if (callee) queue.push([callee, { kind: site.poll ? 'per-tick' : 'per-item', from: ref, site, steps: [{ caller: ref, site, callee }] }]);
      }
    }
    while (queue.length) {
      const [ref, freq] = queue.shift()!;
      const k = key(ref);
      if (out.has(k) || freq.steps.length > MAX_DEPTH) continue;
      out.set(k, freq);
      for (const site of this.fn(ref).calls) {
        if (site.errorBranch) continue;
        const callee = this.resolve(ref, site);
        if (callee && !out.has(key(callee))) queue.push([callee, { ...freq, steps: [...freq.steps, { caller: ref, site, callee }] }]);
      }
    }
    return out;
  }

  private *functionsIn(dir: string): Generator<[FnRef, FunctionSummary]> {
    for (const id of this.byDir.get(dir) ?? []) {
      const fns = this.files.get(id)!.summary.functions;
      for (let i = 0; i < fns.length; i++) yield [{ file: id, index: i }, fns[i]];
    }
  }

  /**
   * What the module of `dir` configures for every file in it: the union of the cache
   * restrictions written anywhere in it (a restriction anywhere silences KLL301: precision
   * first), DisableFor and Unstructured only when the module builds at most one manager
   * (with two, which client a read goes through is unknown), and the reader stored in each
   * field (two different readers make it unknown).
   */
  moduleContext(dir: string): ModuleContext {
    const m = this.moduleOf(dir);
    const key = m?.root ?? dir;
    let hit = this.contexts.get(key);
    if (!hit) this.contexts.set(key, (hit = this.computeModuleContext(m)));
    return hit;
  }

  private computeModuleContext(m: ModuleInfo | undefined): ModuleContext {
    const files = [...this.files.values()].filter((f) => this.moduleOf(f.dir) === m);
    let restrictsAll = false;
    const restricted = new Set<string>();
    const uncached = new Set<string>();
    let unstructured = false;
    let managers = 0;
    const fields = new Map<string, ReaderKind>();
    const configSources: string[] = [];
    for (const f of files) {
      if (m) for (const name of f.summary.configSources ?? []) configSources.push(`${m.path}${f.dir.slice(m.root.replace(/\/$/, '').length)}.${name}`);
      const c = f.summary.cache;
      if (c.restrictsAll) restrictsAll = true;
      for (const [k] of c.restrictedKinds) restricted.add(k);
      for (const k of c.uncachedKinds) uncached.add(k);
      if (c.cacheUnstructured) unstructured = true;
      managers += f.summary.managers.length;
      for (const [field, kind] of f.summary.readerFields) fields.set(field, fields.has(field) && fields.get(field) !== kind ? 'unknown' : kind);
    }
    const one = managers <= 1;
    const cache = { restrictsAll, restrictedKinds: [...restricted].sort(), uncachedKinds: one ? [...uncached].sort() : [], cacheUnstructured: one && unstructured };
    const any = cache.restrictsAll || cache.restrictedKinds.length || cache.uncachedKinds.length || cache.cacheUnstructured;
    return {
      ...(any ? { cache } : {}),
      ...(fields.size ? { readerFields: [...fields].sort((a, b) => (a[0] < b[0] ? -1 : 1)) } : {}),
      ...(m?.clientGo ? { clientGo: m.clientGo } : {}),
      ...(configSources.length ? { configSources: configSources.sort() } : {}),
    };
  }

  /** Where a controller of the module watches a kind `matches` (`For`/`Owns`/`Watches`): what starts its informer. */
  watcherOf(dir: string, matches: (kind: string) => boolean): { file: FileId; at: Span; how: string } | undefined {
    const m = this.moduleOf(dir);
    for (const f of this.files.values()) {
      if (this.moduleOf(f.dir) !== m) continue;
      const w = f.summary.watchedKinds.find((x) => matches(x.kind));
      if (w) return { file: f.id, at: w, how: w.how };
    }
    return undefined;
  }


}

export function fnKey(r: FnRef): string {
  return `${r.file}\0${r.index}`;
}
