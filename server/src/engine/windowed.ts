// The editor's incremental analysis. A keystroke changes one function; the findings of the
// functions it cannot affect are kept, and only the functions it can affect are analysed
// again, in a copy of the file ("window") where every other function is blanked to its line
// breaks. On a 5,000-line file that is a few dozen lines instead of all of them.
//
// What a function's findings can depend on, and so what the window keeps:
// - the package clause and the imports: kept whole;
// - the types, vars and consts it names (the engine looks declarations up by name only);
//   the others, and comments outside functions, are blanked like functions;
// - the functions it names or that name it, to any depth (helpers, callers for parameter
//   resolution, loops calling a lister): a connected component of the graph "function F's
//   text mentions a word that is function G's name", analysed together;
// - file-wide facts: readers stored in fields, cache options, client constructors, the
//   NODE_NAME evidence. The functions that can produce them ("global": they mention a name
//   of SHAPE_METHODS/SHAPE_LITERALS or read a NODE_NAME variable) are kept in every window.
// Anything outside that model turns the window off for the version, and the whole file is
// analysed: a syntax error, a function not alone on its lines, a read or suppression
// comment outside functions, an informer factory import (a factory made in one function
// reaches accessors in others through fields, parameters and returns). A rule that keeps one
// finding per key in the file (KLL301: the first cached read of a kind) reports every
// candidate in each part; the choice is made over the merged findings (firstPerKey.ts).
// test/windowed.test.ts checks that the window gives the whole analysis' result, field for
// field, over random edit sequences.
import type { Node, Tree } from 'web-tree-sitter';
import { type Engine } from './analyze';
import { READ_METHODS, SHAPE_LITERALS, SHAPE_METHODS } from './callNames';
import { perNodeEvidence } from './callShape';
import { hasSuppressionMarker } from './suppressions';
import { ANY_WORD, IDENT_CHARS } from './syntax';
import { treeEditFor } from './treeEdit';
import type { AnalysisResult, EngineSettings, Finding, Fix, RelatedLocation, Suppression } from './types';
import { keepFirstPerKey } from './firstPerKey';
import type { ModuleContext } from './summary';

/** Words that make a function's facts file-wide (facts.ts: readers, cache options, constructors). */
const GLOBAL_WORDS = new Set<string>([...SHAPE_METHODS, ...SHAPE_LITERALS]);
/** Words without which a function holds no fact at all (the captures are made of these). */
const SEED_WORDS = new Set<string>([...READ_METHODS, ...SHAPE_METHODS, ...SHAPE_LITERALS]);
/** A call or literal the facts read, outside any function (a package-level `var x = c.List(...)`). */
const OUTSIDE_READ = new RegExp(`\\.\\s*(?:${[...SEED_WORDS].join('|')})\\s*[({]`);
const FN_NAME = new RegExp(`^func\\s*(?:\\((?:[^()]|\\([^()]*\\))*\\)\\s*)?([${IDENT_CHARS}]+)`);
/** Horizontal whitespace only (a line's rest around a function). */
const BLANK = /^[ \t\r]*$/;
/** client-go's informer factory packages: a factory reaches accessors in other functions through fields and parameters (informers.ts). */
const INFORMER_FACTORIES = /"k8s\.io\/client-go\/(?:informers|dynamic\/dynamicinformer)"/;

interface FnInfo {
  /** One per distinct function text (component keys are made of these). */
  id: number;
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
  /** Its line breaks: what stands for it in a window that leaves it out. */
  blank: string;
  info: FnInfo;
  comp: number;
}

interface Component {
  key: string;
  members: FnDecl[];
  seeded: boolean;
}

/** A type, var or const declaration or a comment: in a window only when a function there names it. */
interface OtherDecl {
  start: number;
  end: number;
  /** Its line breaks: what stands for it in a window that leaves it out. */
  blank: string;
  /** Undefined: always in the window (global, or not alone on its lines). */
  names?: string[];
}

interface Layout {
  fns: FnDecl[];
  others: OtherDecl[];
  comps: Component[];
  /** Function name -> indices in `fns`. */
  byName: Map<string, number[]>;
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
  layout: Layout;
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
  // Whole blocks first: comparing substrings is native; a character loop over a 100 KB file
  // cost half a millisecond per keystroke.
  const B = 1024;
  let p = 0;
  while (p + B <= max && oldText.slice(p, p + B) === newText.slice(p, p + B)) p += B;
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (s + B <= max - p && oldText.slice(oldText.length - s - B, oldText.length - s) === newText.slice(newText.length - s - B, newText.length - s)) s += B;
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
 * Only spaces or tabs added or removed, next to other white space: unless that is inside a
 * comment or literal (the caller checks), Go reads the same tokens, so every fact is the
 * same; only columns on that line move (a function starting on it is re-analysed: its key
 * holds its column).
 */
function spacesOnly(oldText: string, newText: string, d: Span): boolean {
  const blank = /^[ \t]*$/;
  if (!blank.test(oldText.slice(d.start, d.oldEnd)) || !blank.test(newText.slice(d.start, d.newEnd))) return false;
  const ws = (c: number) => Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
  return ws(newText.charCodeAt(d.start - 1)) || ws(newText.charCodeAt(d.newEnd));
}

/** `spacesOnly`, outside comments and literals as the new tree says. */
function neutralWhitespace(oldText: string, newText: string, d: Span, tree: Tree): boolean {
  if (!spacesOnly(oldText, newText, d)) return false;
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
    // In another file: its offsets are that file's.
    if (r.fileId !== undefined) {
      related.push(r);
      continue;
    }
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

/** The function whose declaration holds `start`, if any. */
const fnAt = (fns: readonly FnDecl[], start: number) => fns.find((f) => start >= f.start && start < f.end);

const byPosition = (a: { start: number; rule: string }, b: { start: number; rule: string }) => a.start - b.start || a.rule.localeCompare(b.rule);

/**
 * Whether `to` lies outside comments and string, rune and raw-string literals when `text`
 * is lexed from `from`, a point outside any token. Only the lexing Go needs for that.
 */
function outsideLiterals(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      // A line comment runs to the line break: an edit before that break is inside it.
      const e = text.indexOf('\n', i);
      if (e === -1 || e >= to) return false;
      i = e;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf('*/', i + 2);
      if (e === -1 || e + 2 > to) return false;
      i = e + 2;
    } else if (c === 34 || c === 39) {
      let j = i + 1;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) j++;
        else if (d === c || d === 10) break;
      }
      if (j >= to) return false;
      i = j + 1;
    } else if (c === 96) {
      const e = text.indexOf('`', i + 1);
      if (e === -1 || e >= to) return false;
      i = e + 1;
    } else {
      i++;
    }
  }
  return true;
}

export class WindowedAnalysis {
  private state: State | undefined;
  private readonly infos = new Map<string, FnInfo>();
  private readonly declNames = new Map<string, string[]>();
  private nextId = 0;
  /** The last window, its tree and its pieces: keystrokes in one function change a few pieces. */
  private last: { text: string; tree: Tree; pieces: string[] } | undefined;
  /** How the last call was answered, and why the window was not used (tests and the bench read these). */
  lastMode: WindowMode = 'full';
  lastReason = '';

  constructor(private readonly engine: Engine) {}

  /**
   * The analysis of `text`, equal to `engine.analyze(text, { tree })`. `treeOf` gives the
   * whole file's tree, re-parsed on demand: the common keystroke does not need it.
   */
  analyze(text: string, treeOf: () => Tree, settings: EngineSettings, key: string, timeoutMs?: number, module?: ModuleContext): AnalysisResult {
    // Each part keeps every candidate; one finding per key is chosen over the whole (firstPerKey.ts).
    return keepFirstPerKey(this.candidates(text, treeOf, settings, key, timeoutMs, module), this.engine.rules);
  }

  /** The analysis with every candidate of Rule.firstPerKey kept. */
  private candidates(text: string, treeOf: () => Tree, settings: EngineSettings, key: string, timeoutMs?: number, module?: ModuleContext): AnalysisResult {
    let layout: Layout | undefined;
    try {
      const prev = this.state?.key === key ? this.state : undefined;
      // Where this version differs from the last analysed one: one span, found once.
      const span = prev && changedSpan(prev.text, text);
      const edited = prev && span && this.editedLayout(prev, text, span);
      if (prev && span && edited) {
        const windowed = this.windowed(prev, span, text, edited, true, settings, timeoutMs, module);
        if (windowed) return windowed;
      }
      const tree = treeOf();
      layout = tree.rootNode.hasError ? this.no('syntax errors') : this.layout(text, tree);
      const same = layout && prev && span && (prev.layout.skeleton === layout.skeleton || neutralWhitespace(prev.text, text, span, tree));
      const windowed = layout && prev && span && this.windowed(prev, span, text, layout, !!same, settings, timeoutMs, module);
      if (windowed) return windowed;
      if (!prev) this.lastReason = 'no earlier analysis';
    } catch (e) {
      // A fault in the window may cost time, never findings: the whole file is analysed,
      // and the window starts afresh (its tree may hold edits its text does not).
      this.dispose();
      layout = undefined;
      this.lastReason = `window failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.lastMode = 'full';
    const result = this.engine.analyze(text, { settings, tree: treeOf(), timeoutMs, module, candidates: true });
    this.remember(text, key, layout, result);
    return result;
  }

  /** Frees the window's tree (WASM memory is not garbage-collected). */
  dispose(): void {
    this.last?.tree.delete();
    this.last = undefined;
    this.reset();
  }

  /**
   * A tree for the window text, re-parsed from the last window's tree. Consecutive windows
   * differ in a few pieces (the group typed in, the group before it blanked again); each
   * changed piece is one tree edit, so the parser re-reads those pieces and not the span
   * between them.
   */
  private windowTree(win: string, pieces: string[]): Tree {
    const last = this.last;
    let tree: Tree;
    if (last) {
      if (last.pieces.length === pieces.length) {
        // From the end, so the offsets and points of the edits still to apply do not move.
        let at = last.text.length;
        for (let i = pieces.length - 1; i >= 0; i--) {
          const old = last.pieces[i];
          at -= old.length;
          if (old !== pieces[i]) last.tree.edit(treeEditFor(last.text, at, at + old.length, pieces[i]));
        }
      } else {
        const d = changedSpan(last.text, win);
        last.tree.edit(treeEditFor(last.text, d.start, d.oldEnd, win.slice(d.start, d.newEnd)));
      }
      tree = this.engine.parser.parse(win, last.tree);
      last.tree.delete();
    } else {
      tree = this.engine.parser.parse(win);
    }
    this.last = { text: win, tree, pieces };
    return tree;
  }

  reset(): void {
    this.state = undefined;
    this.infos.clear();
    this.declNames.clear();
  }

  private no(why: string): undefined {
    this.lastReason = why;
    return undefined;
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
    info = { id: this.nextId++, name, words, global, seeded };
    this.infos.set(text, info);
    return info;
  }

  private names(text: string, node: Node): string[] {
    let names = this.declNames.get(text);
    if (!names) this.declNames.set(text, (names = declaredNames(node)));
    return names;
  }

  /**
   * The common keystroke: one edit inside one function's body, no line break added or
   * removed. Everything else stands where it stood, so the last layout is carried over
   * instead of walking the tree's top level again. Undefined when that does not hold.
   */
  private editedLayout(prev: State, text: string, span: Span): Layout | undefined {
    const old = prev.layout;
    if (span.start === span.oldEnd && span.start === span.newEnd) return old;
    const removed = prev.text.slice(span.start, span.oldEnd);
    const added = text.slice(span.start, span.newEnd);
    if (/[\r\n]/.test(removed) || /[\r\n]/.test(added)) return undefined;
    const i = old.fns.findIndex((f) => f.start < span.start && span.oldEnd < f.end);
    if (i === -1) return this.spacedLayout(prev, text, span);
    const d = old.fns[i];
    if (d.info.global) return undefined;
    const delta = span.newEnd - span.oldEnd;
    const body = text.slice(d.start, d.end + delta);
    const info = this.info(body);
    if (!info || info.global || INFORMER_FACTORIES.test(body) || !this.parsesAlone(body)) return undefined;
    if (this.infos.size > 2 * old.fns.length + 64) this.forgetExcept(new Set([...old.fns.map((f) => prev.text.slice(f.start, f.end)), body]));
    const moved = (f: FnDecl): FnDecl => (f === d ? { ...f, end: f.end + delta, info } : f.start > d.start ? { ...f, start: f.start + delta, end: f.end + delta } : { ...f });
    const fns = old.fns.map(moved);
    const others = old.others.map((o) => (o.start > d.start ? { ...o, start: o.start + delta, end: o.end + delta } : o));
    const sameLinks = info.name === d.info.name && sameSet(links(info, old.byName), links(d.info, old.byName));
    const now = new Map(old.fns.map((f, j) => [f, fns[j]]));
    const comps = sameLinks ? old.comps.map((c) => ({ key: '', members: c.members.map((m) => now.get(m)!), seeded: false })) : components(fns);
    for (const c of comps) {
      c.seeded = c.members.some((m) => m.info.seeded);
      c.key = componentKey(c);
    }
    return { fns, others, comps, skeleton: old.skeleton, byName: sameLinks ? old.byName : byNameOf(fns) };
  }

  /**
   * Spaces or tabs added or removed outside functions (indenting a struct field, a blank
   * line, before `func`), next to other white space and outside comments and literals: the
   * same tokens, so the same facts. Declarations after the edit move; a function starting
   * on the edited line changes its column (and so its group's key). Undefined otherwise.
   */
  private spacedLayout(prev: State, text: string, span: Span): Layout | undefined {
    const old = prev.layout;
    if (!spacesOnly(prev.text, text, span)) return undefined;
    if (old.fns.some((f) => span.start < f.end && span.oldEnd > f.start)) return undefined;
    // Lex from a point outside any token: the start of the declaration holding the edit,
    // else the end of the last declaration before it (the package clause and imports sit
    // between declarations).
    const holder = old.others.find((o) => o.start < span.start && span.oldEnd < o.end);
    let from = 0;
    if (holder) from = holder.start;
    else for (const b of [...old.fns, ...old.others]) if (b.end <= span.start && b.end > from) from = b.end;
    if (!outsideLiterals(prev.text, from, span.start)) return undefined;
    const delta = span.newEnd - span.oldEnd;
    const fns = old.fns.map((f) => (f.start >= span.oldEnd ? { ...f, start: f.start + delta, end: f.end + delta } : { ...f }));
    const lineStart = text.lastIndexOf('\n', span.start - 1);
    for (const f of fns) if (f.start >= span.newEnd && text.lastIndexOf('\n', f.start - 1) === lineStart) f.column = f.start - (lineStart + 1);
    const others = old.others.map((o) => (o === holder ? { ...o, end: o.end + delta } : o.start >= span.oldEnd ? { ...o, start: o.start + delta, end: o.end + delta } : o));
    const now = new Map(old.fns.map((f, j) => [f, fns[j]]));
    const comps = old.comps.map((c) => ({ key: '', members: c.members.map((m) => now.get(m)!), seeded: c.seeded }));
    for (const c of comps) c.key = componentKey(c);
    // The same edit in the skeleton, where the non-global functions before it are shorter.
    let at = span.start;
    for (const f of old.fns) if (f.end <= span.start && !f.info.global) at -= f.end - f.start - f.blank.length;
    const removed = prev.text.slice(span.start, span.oldEnd);
    if (old.skeleton.slice(at, at + removed.length) !== removed) return undefined;
    const skeleton = old.skeleton.slice(0, at) + text.slice(span.start, span.newEnd) + old.skeleton.slice(at + removed.length);
    return { fns, others, comps, skeleton, byName: old.byName };
  }

  /**
   * The edited function, parsed on its own after a package clause, is one declaration with
   * no syntax error. The text before it and after it is the same as in the last version,
   * which parsed without errors, and the parser is at the top level on both sides of it:
   * so the whole file still parses without errors, with the same declarations. This costs
   * a parse of one function instead of the file's re-parse.
   */
  private parsesAlone(body: string): boolean {
    const head = 'package p\n';
    const tree = this.engine.parser.parse(head + body);
    try {
      const root = tree.rootNode;
      const last = root.lastChild;
      return !root.hasError && root.childCount === 2 && last !== null && last.startIndex === head.length && last.endIndex === head.length + body.length && (last.type === 'function_declaration' || last.type === 'method_declaration');
    } finally {
      tree.delete();
    }
  }

  private forgetExcept(live: Set<string>): void {
    for (const k of this.infos.keys()) if (!live.has(k)) this.infos.delete(k);
  }

  /** Functions, their components and the skeleton, from the tree's top level. */
  private layout(text: string, tree: Tree): Layout | undefined {
    if (INFORMER_FACTORIES.test(text)) return this.no('informer factory import (a factory is used across functions)');
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
      if (d.node || d.type === 'comment') {
        const body = text.slice(d.start, d.end);
        const global = !alone || perNodeEvidence(body) !== undefined || (body.match(ANY_WORD) ?? []).some((w) => GLOBAL_WORDS.has(w));
        // A comment outside functions is never read (a suppression there turns the window off).
        const names = global ? undefined : d.node ? this.names(body, d.node) : [];
        others.push({ start: d.start, end: d.end, blank: lineBreaks(text, d.start, d.end), names });
        seen.add(body);
        continue;
      }
      if (d.type !== 'function_declaration' && d.type !== 'method_declaration') continue;
      if (!alone) return this.no('a function shares a line with other code');
      const body = text.slice(d.start, d.end);
      const info = this.info(body);
      if (!info) return this.no('a function name the window cannot read');
      seen.add(body);
      outside += text.slice(pos, d.start);
      const blank = lineBreaks(text, d.start, d.end);
      skeleton += text.slice(pos, d.start) + (info.global ? body : blank);
      for (let i = text.indexOf('\n', rowAt); i !== -1 && i < d.start; i = text.indexOf('\n', i + 1)) row++;
      rowAt = d.start;
      fns.push({ start: d.start, end: d.end, row, column: d.start - lineStart, blank, info, comp: -1 });
      pos = d.end;
    }
    outside += text.slice(pos);
    skeleton += text.slice(pos);
    if (OUTSIDE_READ.test(outside) || hasSuppressionMarker(outside)) return this.no('a read or suppression outside functions');
    // Forget the functions and declarations of older versions.
    this.forgetExcept(seen);
    for (const k of this.declNames.keys()) if (!seen.has(k)) this.declNames.delete(k);
    const comps = components(fns);
    for (const c of comps) c.key = componentKey(c);
    return { fns, others, comps, skeleton, byName: byNameOf(fns) };
  }

  /** `sameContext`: the text outside the non-global functions reads the same as in `prev`. */
  private windowed(prev: State, span: Span, text: string, layout: Layout, sameContext: boolean, settings: EngineSettings, timeoutMs?: number, module?: ModuleContext): AnalysisResult | undefined {
    if (!sameContext) return this.no('text outside the edited functions changed');
    const map = offsetMap(span);
    const entries = new Map<string, Entry>();
    const dirty: Component[] = [];
    for (const c of layout.comps) {
      const old = prev.entries.get(c.key);
      const moved = old && moveEntry(old, map);
      if (moved) entries.set(c.key, moved);
      else if (c.seeded) dirty.push(c);
      else entries.set(c.key, { findings: [], suppressed: [], suppressions: [] });
    }
    if (dirty.length) {
      const fresh = this.analyzeWindow(text, layout, dirty, settings, timeoutMs, module);
      if (!fresh) return undefined;
      if (!(fresh instanceof Map)) return fresh;
      for (const [c, e] of fresh) entries.set(c.key, e);
    }
    this.lastMode = dirty.length ? 'window' : 'reuse';
    this.state = { text, key: prev.key, layout, entries };
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

  /**
   * Analyses the dirty components in a window of the text: their functions, the global
   * ones, and the declarations they name, every other line left empty. Returns each
   * component's findings in the text's offsets, a timed-out result to pass on, or undefined
   * when the window cannot stand in for the whole file.
   */
  private analyzeWindow(text: string, layout: Layout, dirty: Component[], settings: EngineSettings, timeoutMs?: number, module?: ModuleContext): Map<Component, Entry> | AnalysisResult | undefined {
    const size = dirty.reduce((n, c) => n + c.members.reduce((m, f) => m + (f.end - f.start), 0), 0);
    if (size * 2 > text.length) return this.no('most of the file changed');
    const keep = new Set<FnDecl>(dirty.flatMap((c) => c.members));
    const segments: { t: number; o: number; n: number }[] = [];
    // The window as gap, block, gap, block, ..., gap: windowTree edits only the pieces that changed.
    const pieces: string[] = [];
    let win = '';
    let pos = 0;
    const copy = (from: number, to: number) => {
      if (to > from) segments.push({ t: win.length, o: from, n: to - from });
      const piece = text.slice(from, to);
      pieces.push(piece);
      win += piece;
    };
    // Types, vars and consts go in when a function of the window names them.
    const named = new Set<string>();
    for (const f of layout.fns) if (keep.has(f) || f.info.global) for (const w of f.info.words) named.add(w);
    // Functions and other declarations in text order (both lists are).
    const { fns, others } = layout;
    for (let i = 0, j = 0; i < fns.length || j < others.length; ) {
      const f = i < fns.length && (j >= others.length || fns[i].start < others[j].start) ? fns[i++] : undefined;
      const o = f ? undefined : others[j++];
      const b = (f ?? o)!;
      copy(pos, b.start);
      if (f ? keep.has(f) || f.info.global : !o!.names || o!.names.some((n) => named.has(n))) copy(b.start, b.end);
      else {
        pieces.push(b.blank);
        win += b.blank;
      }
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
    const fresh = this.engine.analyze(win, { settings, timeoutMs, tree: this.windowTree(win, pieces), module, candidates: true });
    if (fresh.timedOut) return fresh;
    if (fresh.ruleErrors.length || fresh.hasSyntaxErrors) return this.no('the window did not analyse cleanly');
    const found = new Map<Component, Entry>(dirty.map((c) => [c, { findings: [], suppressed: [], suppressions: [] }]));
    const place = <T extends { start: number }>(xs: T[], move: (x: T) => T | undefined, pick: (e: Entry) => T[]): boolean => {
      for (const x of xs) {
        const m = move(x);
        const f = m && fnAt(layout.fns, m.start);
        if (!m || !f) return false;
        // Findings of clean global functions come from their own component's entry.
        const e = found.get(layout.comps[f.comp]);
        if (e) pick(e).push(m);
      }
      return true;
    };
    const ok =
      place(fresh.findings, (f) => moveFinding(f, back), (e) => e.findings) &&
      place(fresh.suppressed, (f) => moveFinding(f, back), (e) => e.suppressed) &&
      place(fresh.suppressions, (x) => moveSuppression(x, back), (e) => e.suppressions);
    return ok ? found : this.no('a finding outside the window functions');
  }

  /** Splits a whole-file result by component, for the next version to reuse. */
  private remember(text: string, key: string, layout: Layout | undefined, result: AnalysisResult): void {
    this.state = undefined;
    if (!layout || result.timedOut || result.ruleErrors.length || result.skippedByPrefilter) return;
    const entries = new Map<string, Entry>(layout.comps.map((c) => [c.key, { findings: [], suppressed: [], suppressions: [] }]));
    const entryAt = (start: number): Entry | undefined => {
      const f = fnAt(layout.fns, start);
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
    this.state = { text, key, layout, entries };
  }
}

function byNameOf(fns: FnDecl[]): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  fns.forEach((f, i) => {
    const list = byName.get(f.info.name);
    if (list) list.push(i);
    else byName.set(f.info.name, [i]);
  });
  return byName;
}

/** The names of the file's functions that a function mentions. */
function links(info: FnInfo, byName: Map<string, number[]>): Set<string> {
  const out = new Set<string>();
  for (const w of info.words) if (byName.has(w)) out.add(w);
  return out;
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Connected components of "mentions the name of"; sets each function's `comp`. */
function components(fns: FnDecl[]): Component[] {
  const parent = fns.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const byName = byNameOf(fns);
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
  return comps;
}

/**
 * A component's identity across versions: its functions' texts where they stand. Start
 * offsets move with edits elsewhere; lines and columns do not, and findings quote only those.
 */
function componentKey(c: Component): string {
  return c.members.map((m) => `${m.row}:${m.column}:${m.info.id}`).join(' ');
}

function moveEntry(e: Entry, map: (o: number) => number | undefined): Entry | undefined {
  const findings = moveAll(e.findings, (f) => moveFinding(f, map));
  const suppressed = findings && moveAll(e.suppressed, (f) => moveFinding(f, map));
  const suppressions = suppressed && moveAll(e.suppressions, (s) => moveSuppression(s, map));
  return findings && suppressed && suppressions ? { findings, suppressed, suppressions } : undefined;
}
