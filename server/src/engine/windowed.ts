// The editor's incremental analysis. A keystroke changes one function; the findings of the
// functions it cannot affect are kept, and only the functions it can affect are analysed
// again, in a copy of the file ("window") where every other function is blanked to its line
// breaks. On a 5,000-line file that is a few dozen lines instead of all of them.
//
// What a function's findings can depend on, and so what the window keeps:
// - the text outside functions (package clause, imports, types, vars, comments): kept whole;
// - the functions it names or that name it, to any depth (helpers, callers for parameter
//   resolution, loops calling a lister): a connected component of the graph "function F's
//   text mentions a word that is function G's name", analysed together;
// - file-wide facts: readers stored in fields, cache options, client constructors, the
//   NODE_NAME evidence. The functions that can produce them ("global": they mention a name
//   of SHAPE_METHODS/SHAPE_LITERALS or read a NODE_NAME variable) are kept in every window.
// Anything outside that model turns the window off for the version, and the whole file is
// analysed: a syntax error, a function not alone on its lines, a read or suppression
// comment outside functions, a controller-runtime import (KLL301 reports the *first* cached
// read of a kind in the file, a file-wide order). test/windowed.test.ts checks that the
// window gives the whole analysis' result, field for field, over random edit sequences.
import type { Node, Tree } from 'web-tree-sitter';
import type { Engine } from './analyze';
import { READ_METHODS, SHAPE_LITERALS, SHAPE_METHODS } from './callNames';
import { perNodeEvidence } from './callShape';
import { PKG } from './imports';
import { hasSuppressionMarker } from './suppressions';
import { ANY_WORD, IDENT_CHARS } from './syntax';
import type { AnalysisResult, EngineSettings, Finding, Fix, RelatedLocation, Suppression } from './types';

/** Words that make a function's facts file-wide (facts.ts: readers, cache options, constructors). */
const GLOBAL_WORDS = new Set<string>([...SHAPE_METHODS, ...SHAPE_LITERALS]);
/** Words without which a function holds no fact at all (the captures are made of these). */
const SEED_WORDS = new Set<string>([...READ_METHODS, ...SHAPE_METHODS, ...SHAPE_LITERALS]);
/** A call or literal the facts read, outside any function (a package-level `var x = c.List(...)`). */
const OUTSIDE_READ = new RegExp(`\\.\\s*(?:${[...SEED_WORDS].join('|')})\\s*[({]`);
const FN_NAME = new RegExp(`^func\\s*(?:\\((?:[^()]|\\([^()]*\\))*\\)\\s*)?([${IDENT_CHARS}]+)`);
/** Horizontal whitespace only (a line's rest around a function). */
const BLANK = /^[ \t\r]*$/;
const CONTROLLER_RUNTIME = PKG.crClient.slice(0, PKG.crClient.indexOf('/pkg/'));

interface FnInfo {
  name: string;
  words: Set<string>;
  global: boolean;
  seeded: boolean;
}

interface FnDecl {
  start: number;
  end: number;
  /** Zero-based line and column of `start`. */
  row: number;
  column: number;
  info: FnInfo;
  comp: number;
}

interface Component {
  key: string;
  members: FnDecl[];
  seeded: boolean;
}

/** A type, var or const declaration: in a window only when a function there names it. */
interface OtherDecl {
  start: number;
  end: number;
  /** Undefined: always in the window (global, or not alone on its lines). */
  names?: string[];
}

interface Layout {
  fns: FnDecl[];
  others: OtherDecl[];
  comps: Component[];
  /** The text with every non-global function blanked: equal skeletons, equal context. */
  skeleton: string;
}

interface Entry {
  findings: Finding[];
  suppressed: Finding[];
  suppressions: Suppression[];
}

interface State {
  text: string;
  key: string;
  skeleton: string;
  entries: Map<string, Entry>;
}

export type WindowMode = 'full' | 'window' | 'reuse';

/** Line breaks of text[start, end), `\r\n` kept as a pair (LineIndex counts them). */
function lineBreaks(text: string, start: number, end: number): string {
  let s = '';
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) s += i > start && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  return s;
}

interface TopDecl {
  start: number;
  end: number;
  type: string;
  /** type, var and const declarations only: the window may leave them out. */
  node?: Node;
}

const NAMED_DECLS = new Set(['type_declaration', 'var_declaration', 'const_declaration']);

function topDecls(tree: Tree): TopDecl[] {
  const out: TopDecl[] = [];
  const c = tree.walk();
  try {
    if (c.gotoFirstChild()) {
      do {
        const type = c.nodeType;
        out.push({ start: c.startIndex, end: c.endIndex, type, node: NAMED_DECLS.has(type) ? c.currentNode : undefined });
      } while (c.gotoNextSibling());
    }
  } finally {
    c.delete();
  }
  return out;
}

const SPECS = ['type_spec', 'type_alias', 'var_spec', 'const_spec'];

/** The names a type, var or const declaration declares. */
function declaredNames(node: Node): string[] {
  const out: string[] = [];
  for (const spec of node.descendantsOfType(SPECS)) for (const n of spec?.childrenForFieldName('name') ?? []) if (n) out.push(n.text);
  return out;
}

interface Span {
  /** Common prefix length. */
  start: number;
  /** End of the changed span in the older text, and in the newer one. */
  oldEnd: number;
  newEnd: number;
}

/** The one span where two texts differ (common prefix and suffix). */
function changedSpan(oldText: string, newText: string): Span {
  const max = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  return { start: p, oldEnd: oldText.length - s, newEnd: newText.length - s };
}

/** Offsets of the older text carried to the newer one; undefined inside the changed span. */
function offsetMap(d: Span): (o: number) => number | undefined {
  const delta = d.newEnd - d.oldEnd;
  return (o) => (o <= d.start ? o : o >= d.oldEnd ? o + delta : undefined);
}

const LITERALS = new Set(['comment', 'interpreted_string_literal', 'raw_string_literal', 'rune_literal']);

/**
 * Spaces or tabs added or removed next to other whitespace, outside comments and literals:
 * Go reads the same tokens, so every fact is the same; only columns on that line move
 * (a function starting on it is re-analysed: its key holds its column).
 */
function neutralWhitespace(oldText: string, newText: string, d: Span, tree: Tree): boolean {
  const removed = oldText.slice(d.start, d.oldEnd);
  const added = newText.slice(d.start, d.newEnd);
  if (!/^[ \t]*$/.test(removed) || !/^[ \t]*$/.test(added)) return false;
  const ws = (c: number) => Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
  if (!ws(newText.charCodeAt(d.start - 1)) && !ws(newText.charCodeAt(d.newEnd))) return false;
  for (let n = tree.rootNode.descendantForIndex(d.start, d.newEnd); n; n = n.parent) {
    if (LITERALS.has(n.type) && n.startIndex < d.start && d.newEnd < n.endIndex) return false;
  }
  return true;
}

/** Every offset of a finding moved by `map`; undefined if one falls in the changed span. */
function moveFinding(f: Finding, map: (o: number) => number | undefined): Finding | undefined {
  const start = map(f.start);
  const end = map(f.end);
  if (start === undefined || end === undefined) return undefined;
  const fixes: Fix[] = [];
  for (const fx of f.fixes) {
    const edits = [];
    for (const e of fx.edits) {
      const s = map(e.start);
      const en = map(e.end);
      if (s === undefined || en === undefined) return undefined;
      edits.push({ ...e, start: s, end: en });
    }
    fixes.push({ ...fx, edits });
  }
  const related: RelatedLocation[] = [];
  for (const r of f.related) {
    const s = map(r.start);
    const en = map(r.end);
    if (s === undefined || en === undefined) return undefined;
    related.push({ ...r, start: s, end: en });
  }
  return { ...f, start, end, fixes, related };
}

function moveSuppression(s: Suppression, map: (o: number) => number | undefined): Suppression | undefined {
  const start = map(s.start);
  const end = map(s.end);
  return start === undefined || end === undefined ? undefined : { ...s, start, end };
}

function moveAll<T>(xs: T[], move: (x: T) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const x of xs) {
    const m = move(x);
    if (!m) return undefined;
    out.push(m);
  }
  return out;
}

const byPosition = (a: { start: number; rule: string }, b: { start: number; rule: string }) => a.start - b.start || a.rule.localeCompare(b.rule);

export class WindowedAnalysis {
  private state: State | undefined;
  private readonly infos = new Map<string, FnInfo>();
  private readonly declNames = new Map<string, string[]>();
  /** How the last call was answered, and why the window was not used (tests and the bench read these). */
  lastMode: WindowMode = 'full';
  lastReason = '';

  constructor(private readonly engine: Engine) {}

  analyze(text: string, tree: Tree, settings: EngineSettings, key: string, timeoutMs?: number): AnalysisResult {
    const layout = this.layout(text, tree);
    const windowed = layout && this.windowed(text, tree, layout, settings, key, timeoutMs);
    if (windowed) return windowed;
    this.lastMode = 'full';
    const result = this.engine.analyze(text, { settings, tree, timeoutMs });
    this.remember(text, key, layout, result);
    return result;
  }

  reset(): void {
    this.state = undefined;
    this.infos.clear();
    this.declNames.clear();
  }

  private info(text: string): FnInfo | undefined {
    let info = this.infos.get(text);
    if (info) return info;
    const name = FN_NAME.exec(text)?.[1];
    if (!name) return undefined;
    const words = new Set(text.match(ANY_WORD) ?? []);
    let global = perNodeEvidence(text) !== undefined;
    let seeded = hasSuppressionMarker(text);
    for (const w of words) {
      if (GLOBAL_WORDS.has(w)) global = true;
      if (SEED_WORDS.has(w)) seeded = true;
    }
    info = { name, words, global, seeded };
    this.infos.set(text, info);
    return info;
  }

  private names(text: string, node: Node): string[] {
    let names = this.declNames.get(text);
    if (!names) this.declNames.set(text, (names = declaredNames(node)));
    return names;
  }

  /** Functions, their components and the skeleton; undefined where the model does not hold. */
  private layout(text: string, tree: Tree): Layout | undefined {
    const fail = (why: string) => {
      this.lastReason = why;
      return undefined;
    };
    if (tree.rootNode.hasError) return fail('syntax errors');
    if (text.includes(CONTROLLER_RUNTIME)) return fail('controller-runtime import (KLL301 is file-wide)');
    const fns: FnDecl[] = [];
    const others: OtherDecl[] = [];
    const seen = new Set<string>();
    let outside = '';
    let skeleton = '';
    let pos = 0;
    let row = 0;
    let rowAt = 0;
    for (const d of topDecls(tree)) {
      const lineStart = text.lastIndexOf('\n', d.start - 1) + 1;
      const lineEnd = text.indexOf('\n', d.end);
      const alone = BLANK.test(text.slice(lineStart, d.start)) && BLANK.test(text.slice(d.end, lineEnd === -1 ? text.length : lineEnd));
      if (d.node) {
        const body = text.slice(d.start, d.end);
        const global = !alone || perNodeEvidence(body) !== undefined || (body.match(ANY_WORD) ?? []).some((w) => GLOBAL_WORDS.has(w));
        others.push({ start: d.start, end: d.end, names: global ? undefined : this.names(body, d.node) });
        seen.add(body);
        continue;
      }
      if (d.type !== 'function_declaration' && d.type !== 'method_declaration') continue;
      if (!alone) return fail('a function shares a line with other code');
      const body = text.slice(d.start, d.end);
      const info = this.info(body);
      if (!info) return fail('a function name the window cannot read');
      seen.add(body);
      outside += text.slice(pos, d.start);
      skeleton += text.slice(pos, d.start) + (info.global ? body : lineBreaks(text, d.start, d.end));
      for (let i = text.indexOf('\n', rowAt); i !== -1 && i < d.start; i = text.indexOf('\n', i + 1)) row++;
      rowAt = d.start;
      fns.push({ start: d.start, end: d.end, row, column: d.start - lineStart, info, comp: -1 });
      pos = d.end;
    }
    outside += text.slice(pos);
    skeleton += text.slice(pos);
    if (OUTSIDE_READ.test(outside) || hasSuppressionMarker(outside)) return fail('a read or suppression outside functions');
    // Forget the functions of older versions.
    for (const k of this.infos.keys()) if (!seen.has(k)) this.infos.delete(k);
    for (const k of this.declNames.keys()) if (!seen.has(k)) this.declNames.delete(k);

    // Union-find over "mentions the name of".
    const parent = fns.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    const byName = new Map<string, number[]>();
    fns.forEach((f, i) => {
      const list = byName.get(f.info.name);
      if (list) list.push(i);
      else byName.set(f.info.name, [i]);
    });
    fns.forEach((f, i) => {
      for (const w of f.info.words) {
        const js = byName.get(w);
        if (js) for (const j of js) parent[find(j)] = find(i);
      }
    });
    const compOf = new Map<number, number>();
    const comps: Component[] = [];
    fns.forEach((f, i) => {
      const root = find(i);
      let c = compOf.get(root);
      if (c === undefined) {
        c = comps.length;
        compOf.set(root, c);
        comps.push({ key: '', members: [], seeded: false });
      }
      f.comp = c;
      comps[c].members.push(f);
      comps[c].seeded ||= f.info.seeded;
    });
    // A component's key: its functions' texts where they stand (start offsets move with
    // edits elsewhere; lines and columns do not, and findings quote only those).
    for (const c of comps) c.key = c.members.map((m) => `${m.row}:${m.column}:${text.slice(m.start, m.end)}`).join('\u0000');
    return { fns, others, comps, skeleton };
  }

  private windowed(text: string, tree: Tree, layout: Layout, settings: EngineSettings, key: string, timeoutMs?: number): AnalysisResult | undefined {
    const prev = this.state;
    if (!prev || prev.key !== key) return this.no('no earlier analysis');
    const diff = changedSpan(prev.text, text);
    if (prev.skeleton !== layout.skeleton && !neutralWhitespace(prev.text, text, diff, tree)) return this.no('text outside the edited functions changed');
    const map = offsetMap(diff);
    const entries = new Map<string, Entry>();
    const dirty: Component[] = [];
    for (const c of layout.comps) {
      const old = prev.entries.get(c.key);
      const moved = old && moveEntry(old, map);
      if (moved) entries.set(c.key, moved);
      else if (c.seeded) dirty.push(c);
      else entries.set(c.key, { findings: [], suppressed: [], suppressions: [] });
    }
    let fresh: AnalysisResult | undefined;
    if (dirty.length) {
      const dirtySize = dirty.reduce((n, c) => n + c.members.reduce((m, f) => m + (f.end - f.start), 0), 0);
      if (dirtySize * 2 > text.length) return this.no('most of the file changed');
      // The window: the skeleton with the dirty components' functions put back.
      const keep = new Set<FnDecl>(dirty.flatMap((c) => c.members));
      const segments: { t: number; o: number; n: number }[] = [];
      let win = '';
      let pos = 0;
      const copy = (from: number, to: number) => {
        if (to > from) segments.push({ t: win.length, o: from, n: to - from });
        win += text.slice(from, to);
      };
      // Types, vars and consts go in when a function of the window names them.
      const named = new Set<string>();
      for (const f of layout.fns) if (keep.has(f) || f.info.global) for (const w of f.info.words) named.add(w);
      const blocks: { start: number; end: number; kept: boolean }[] = [
        ...layout.fns.map((f) => ({ start: f.start, end: f.end, kept: keep.has(f) || f.info.global })),
        ...layout.others.map((o) => ({ start: o.start, end: o.end, kept: !o.names || o.names.some((n) => named.has(n)) })),
      ].sort((a, b) => a.start - b.start);
      for (const b of blocks) {
        copy(pos, b.start);
        if (b.kept) copy(b.start, b.end);
        else win += lineBreaks(text, b.start, b.end);
        pos = b.end;
      }
      copy(pos, text.length);
      const back = (o: number): number | undefined => {
        let lo = 0;
        let hi = segments.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (segments[mid].t <= o) lo = mid;
          else hi = mid - 1;
        }
        const s = segments[lo];
        return s && o >= s.t && o <= s.t + s.n ? s.o + (o - s.t) : undefined;
      };
      fresh = this.engine.analyze(win, { settings, timeoutMs, noPrefilter: true });
      if (fresh.timedOut) return fresh;
      if (fresh.ruleErrors.length || fresh.hasSyntaxErrors) return this.no('the window did not analyse cleanly');
      const found = new Map<Component, Entry>(dirty.map((c) => [c, { findings: [], suppressed: [], suppressions: [] }]));
      const home = (start: number): Entry | undefined => {
        const f = layout.fns.find((x) => start >= x.start && start < x.end);
        return f ? found.get(layout.comps[f.comp]) : undefined;
      };
      const place = <T extends { start: number }>(xs: T[], move: (x: T) => T | undefined, pick: (e: Entry) => T[]): boolean => {
        for (const x of xs) {
          const m = move(x);
          if (!m) return false;
          const inFn = layout.fns.some((f) => m.start >= f.start && m.start < f.end);
          if (!inFn) return false;
          // Findings of clean global functions come from their own component's entry.
          const e = home(m.start);
          if (e) pick(e).push(m);
        }
        return true;
      };
      const ok =
        place(fresh.findings, (f) => moveFinding(f, back), (e) => e.findings) &&
        place(fresh.suppressed, (f) => moveFinding(f, back), (e) => e.suppressed) &&
        place(fresh.suppressions, (s) => moveSuppression(s, back), (e) => e.suppressions);
      if (!ok) return this.no('a finding outside the window functions');
      for (const [c, e] of found) entries.set(c.key, e);
    }
    this.lastMode = dirty.length ? 'window' : 'reuse';
    this.state = { text, key, skeleton: layout.skeleton, entries };
    const all = [...entries.values()];
    return {
      findings: all.flatMap((e) => e.findings).sort(byPosition),
      suppressed: all.flatMap((e) => e.suppressed).sort(byPosition),
      suppressions: all.flatMap((e) => e.suppressions).sort((a, b) => a.start - b.start),
      skippedByPrefilter: false,
      hasSyntaxErrors: false,
      ruleErrors: [],
    };
  }

  private no(why: string): undefined {
    this.lastReason = why;
    return undefined;
  }

  /** Splits a whole-file result by component, for the next version to reuse. */
  private remember(text: string, key: string, layout: Layout | undefined, result: AnalysisResult): void {
    this.state = undefined;
    if (!layout || result.timedOut || result.ruleErrors.length || result.skippedByPrefilter) return;
    const entries = new Map<string, Entry>(layout.comps.map((c) => [c.key, { findings: [], suppressed: [], suppressions: [] }]));
    const entryAt = (start: number): Entry | undefined => {
      const f = layout.fns.find((x) => start >= x.start && start < x.end);
      return f ? entries.get(layout.comps[f.comp].key) : undefined;
    };
    for (const [xs, pick] of [
      [result.findings, (e: Entry) => e.findings],
      [result.suppressed, (e: Entry) => e.suppressed],
      [result.suppressions, (e: Entry) => e.suppressions],
    ] as const) {
      for (const x of xs) {
        const e = entryAt(x.start);
        if (!e) return;
        (pick(e) as { start: number }[]).push(x);
      }
    }
    this.state = { text, key, skeleton: layout.skeleton, entries };
  }
}

function moveEntry(e: Entry, map: (o: number) => number | undefined): Entry | undefined {
  const findings = moveAll(e.findings, (f) => moveFinding(f, map));
  const suppressed = findings && moveAll(e.suppressed, (f) => moveFinding(f, map));
  const suppressions = suppressed && moveAll(e.suppressions, (s) => moveSuppression(s, map));
  return findings && suppressed && suppressions ? { findings, suppressed, suppressions } : undefined;
}
