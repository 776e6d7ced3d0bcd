// A file's summary for the program model (server/src/program): plain data, offsets and
// names only, never tree nodes, so it can cross a worker boundary, be cached by content and
// be joined with the summaries of other files. It holds what another file may need to know
// about this one: its package and imports, its functions with the calls they make (and in
// which loop or poll), the reads and client constructors in each, how it configures the
// controller-runtime cache and which reader it stores in which field.
import type { Node, Tree } from 'web-tree-sitter';
import { invariantIn, paramTypes } from './calls/constructors';
import { returnsFreshConfig } from './contentType';
import type { ReaderKind } from './calls/context';
import type { ApiCallFact, FileFacts } from './facts';
import { topLevel } from './calls/context';
import { fieldData, resolveOptions, type FieldData, type OptionsType } from './options';
import type { Range } from './types';
import { localNames, loopFact, rangeValueName, receiverOf, TIME_PATH, WAIT_PATH } from './loops';
import { isWalkOrRequest } from './rules/KLL201-list-in-loop';
import { callArgs, isIdentCode, tokenAt } from './syntax';

export interface Span {
  start: number;
  end: number;
}

/** Why a call runs more than once where it is written. */
export interface LoopSite extends Span {
  /** `rs` for `for _, rs := range replicaSets`, or `item of x.Items`. */
  per: string;
  /** The collection as written (`replicaSets`), for "len(replicaSets)". */
  over: string;
}

export interface CallContext {
  /** Collection loops around the call inside its function, innermost first. */
  loops: LoopSite[];
  /** The polling construct around it (`wait.PollUntilContextTimeout`, `for { time.Sleep }`). */
  poll?: Span & { what: string };
  /** Any loop at all around it (not only over API collections). */
  inAnyLoop: boolean;
  /** It runs only when an error or a conflict was seen (`if err != nil { ... }`). */
  errorBranch: boolean;
}

/** How a call names its callee: `f(...)`, `pkg.F(...)`, `r.f(...)` on the receiver, `r.x.f(...)`. */
export type CalleeRef =
  | { kind: 'func'; name: string }
  | { kind: 'pkg'; importPath: string; name: string }
  | { kind: 'recv'; name: string }
  | { kind: 'field'; field: string; name: string };

export interface CallSite extends Span, CallContext {
  callee: CalleeRef;
  /** A method value handed to a poll (`wait.Poll(..., c.check)`), not a call. */
  reference?: boolean;
  /**
   * The arguments that are metav1 options this file resolves (a literal, a local built
   * here, a same-file helper) or that pass on the enclosing function's own options
   * parameter, by position; an argument not listed is unknown.
   */
  options?: [arg: number, options: ArgOptions][];
}

/** Options an argument carries, as plain data: the field values, or the caller's own parameter `param`. */
export type ArgOptions = { type: OptionsType; fields: [string, FieldData][] } | { param: number };

export interface ReadSite extends Span, CallContext {
  verb: 'list' | 'get';
  path: ApiCallFact['path'];
  client: ApiCallFact['client'];
  /** `pods`, or undefined when the resource is not visible. */
  resource?: string;
  /** Repeating it costs (an API read, or a cached/lister LIST that walks the store; not an index lookup). */
  repeated: boolean;
  /** Its options are this parameter of the function, unresolved in this file (callers elsewhere may pass them). */
  optionsParam?: number;
}

export interface ConstructorSite extends Span {
  kind: string;
  name: string;
  /** Its configuration is the same on every entry into the function (a field, a package value). */
  invariant: boolean;
}

export type EntryKind = 'reconcile' | 'http' | 'event' | 'main' | 'init';

export interface FunctionSummary extends Span {
  name: string;
  /** Receiver type name without pointer or type parameters; undefined for a function. */
  receiver?: string;
  /** Offset of the name, for related locations. */
  nameStart: number;
  entry?: EntryKind;
  calls: CallSite[];
  reads: ReadSite[];
  constructors: ConstructorSite[];
}

export interface CacheSummary {
  restrictsAll?: Span;
  restrictedKinds: [kind: string, at: Span][];
  uncachedKinds: string[];
  cacheUnstructured: boolean;
}

export interface FileSummary {
  package: string;
  imports: [name: string, path: string][];
  /** `// Code generated ... DO NOT EDIT.` before the package clause. */
  generated: boolean;
  /** Imports testing, ginkgo or gomega: test scaffolding whatever its folder. */
  testImports: boolean;
  functions: FunctionSummary[];
  cache: CacheSummary;
  /** Managers built here (`ctrl.NewManager`, `manager.New`). */
  managers: Span[];
  /** Field or package variable -> the controller-runtime reader assigned to it here. */
  readerFields: [field: string, kind: ReaderKind][];
  /**
   * Fields and package variables this file's reads go through, with the reader each was taken
   * for without the rest of the module ('mixed': not the same at every read): another file's
   * reader for one of them is what makes the file worth reading again.
   */
  fieldReads?: [field: string, kind: ReaderKind | 'mixed'][];
  /** Functions referenced as informer event handlers here (`AddFunc: c.onAdd`). */
  eventHandlers: { name: string; recv: boolean }[];
  /**
   * Kinds a controller builder watches here (`.For(&corev1.Pod{})`, `.Owns(...)`,
   * `.Watches(&corev1.Pod{}, ...)`): the manager's cache starts their informers at start-up.
   */
  watchedKinds: (Span & { kind: string; how: 'For' | 'Owns' | 'Watches' })[];
  /**
   * Struct types declared here, with the fields whose type is a named type of the module
   * (`store *store.PodStore`, `Syncer`, embedded ones by their type's name): how the index
   * resolves `r.store.PodsFor(...)` to a method. Other fields are left out.
   */
  structs?: [type: string, fields: [field: string, type: TypeRef][]][];
  /** Functions (not methods) declared here that return a fresh rest.Config with no ContentType (KLL304). */
  configSources?: string[];
}

/** A named type: `T` of this package, or `pkg.T` of the module package at `importPath`. */
export interface TypeRef {
  importPath?: string;
  name: string;
}

/**
 * What the rest of the module says that changes how this file's reads are served: the
 * manager's cache configuration and the reader stored in each field, from other files.
 */
export interface ModuleContext {
  cache?: { restrictsAll: boolean; restrictedKinds: string[]; uncachedKinds: string[]; cacheUnstructured: boolean };
  readerFields?: [field: string, kind: ReaderKind][];
  /** The k8s.io/client-go version the module requires: typed clients prefer protobuf from v0.32 (KLL304). */
  clientGo?: string;
  /** `importpath.Name` of the module's functions returning a fresh rest.Config with no ContentType (KLL304). */
  configSources?: string[];
  /** Options every call in the module passes to a parameter of this file's functions (the program resolved them). */
  parameterOptions?: ParameterOptions[];
}

/**
 * The options parameter `param` of function `function` (method of `receiver`) receives: the
 * same field values from every call in the module (program/index.ts, host/program.ts).
 */
export interface ParameterOptions {
  function: string;
  receiver?: string;
  param: number;
  type: OptionsType;
  fields: [string, FieldData][];
  /** Where the callers pass them: their files (the index's ids), spans and ranges. */
  callers: { fileId: number; start: number; end: number; range: Range; function: string }[];
}

const OPTIONS_TYPE = /\b(?:List|Get)Options\b/;
const OPTIONS_LITERAL = /\b(?:List|Get)Options\s*\{/;
const OPTIONS_TYPE_G = /\b(?:List|Get)Options\b/g;
/** What precedes the type in `opts metav1.ListOptions` (a parameter, a var) and `opts := metav1.ListOptions{`: the name. */
const OPTIONS_NAME = /\b(\w+)\s*(?::?=\s*)?&?(?:\w+\.)?$/;

const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

/** Go's convention for generated files (`// Code generated ... DO NOT EDIT.` before the package clause). */
export function isGenerated(text: string): boolean {
  const pkg = /^package\s/m.exec(text);
  return GENERATED.test(pkg ? text.slice(0, pkg.index) : text.slice(0, 4096));
}
const TEST_IMPORTS = /^(testing|github\.com\/onsi\/(ginkgo|gomega)(\/.*)?)$/;
/** wait.* helpers whose function argument is called periodically. */
const WAIT_POLL = /^(Poll|Until|JitterUntil|NonSlidingUntil|BackoffUntil|Forever|ExponentialBackoff)/;
/** Of those, the ones for which a method value is a poll (`wait.Until(c.worker)` is a worker loop). */
const WAIT_POLL_VALUE = /^(Poll|ExponentialBackoff)/;
const GO_BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);
const ERROR_CONDITION = /\berr\w*\s*!=\s*nil\b|\bIs(Conflict|AlreadyExists|NotFound)\(/;
const EVENT_FIELDS = new Set(['AddFunc', 'UpdateFunc', 'DeleteFunc']);
const EVENT_METHODS = new Set(['OnAdd', 'OnUpdate', 'OnDelete']);

/** External packages whose functions are never the module's own. */
function isExternalImport(path: string): boolean {
  const first = path.split('/')[0];
  return !first.includes('.') || /^(k8s\.io|sigs\.k8s\.io|golang\.org|google\.golang\.org|github\.com\/onsi)$/.test(first) || path.startsWith('sigs.k8s.io/controller-runtime');
}

/** `T`, `*T`, `pkg.T`, `*pkg.T` of the module; undefined for anything else. */
function typeRefOf(t: Node | null | undefined, facts: FileFacts): TypeRef | undefined {
  if (t?.type === 'pointer_type') t = t.namedChild(0);
  if (t?.type === 'type_identifier') return { name: t.text };
  if (t?.type !== 'qualified_type') return undefined;
  const importPath = facts.imports.byName.get(t.childForFieldName('package')?.text ?? '');
  const name = t.childForFieldName('name')?.text;
  return importPath && name && !isExternalImport(importPath) ? { importPath, name } : undefined;
}

/** The file's struct types and their fields of module types (FileSummary.structs); top-level declarations only. */
function structsOf(root: Node, facts: FileFacts): Pick<FileSummary, 'structs'> {
  const out: NonNullable<FileSummary['structs']> = [];
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'type_declaration') continue;
    for (const spec of decl.namedChildren) {
      const body = spec?.type === 'type_spec' ? spec.childForFieldName('type') : undefined;
      const name = spec?.childForFieldName('name')?.text;
      if (body?.type !== 'struct_type' || !name || spec?.childForFieldName('type_parameters')) continue;
      const fields: [string, TypeRef][] = [];
      for (const fd of body.descendantsOfType('field_declaration')) {
        // Fields of nested anonymous structs are not the type's own.
        if (!fd || fd.parent?.parent?.id !== body.id) continue;
        const ref = typeRefOf(fd.childForFieldName('type'), facts);
        if (!ref) continue;
        const names = fd.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : []));
        for (const f of names.length ? names : [ref.name]) fields.push([f, ref]);
      }
      if (fields.length) out.push([name, fields]);
    }
  }
  return out.length ? { structs: out } : {};
}

function packageName(root: Node): string {
  for (const c of root.namedChildren) if (c?.type === 'package_clause') return c.namedChild(0)?.text ?? '';
  return '';
}

/** The receiver's name and type name, type parameters dropped (`*Cache[K]` -> `Cache`). */
function receiverTypeOf(decl: Node): { name?: string; type: string } | undefined {
  const r = receiverOf(decl);
  return r && { name: r.name, type: r.type.replace(/\[.*$/s, '') };
}

function entryOf(decl: Node, name: string, pkg: string): EntryKind | undefined {
  const types = paramTypes(decl);
  if (decl.type === 'method_declaration') {
    if (name === 'Reconcile' && types.length === 2) return 'reconcile';
    if (EVENT_METHODS.has(name)) return 'event';
  } else {
    if (name === 'main' && pkg === 'main') return 'main';
    if (name === 'init') return 'init';
  }
  if (types.some((t) => /^http\.ResponseWriter$/.test(t)) && types.some((t) => /^\*http\.Request$/.test(t))) return 'http';
  return undefined;
}

function isOpenLoop(loop: Node): boolean {
  return !loop.namedChildren.some((c) => c?.type === 'range_clause' || c?.type === 'for_clause');
}

/** `for {}` or `for cond {}` whose body sleeps or waits on a ticker: a poll. */
function openLoopPoll(loop: Node, timeNames: Set<string>): string | undefined {
  if (!isOpenLoop(loop)) return undefined;
  const body = loop.childForFieldName('body')?.text ?? '';
  for (const t of timeNames) {
    if (body.includes(`${t}.Sleep(`)) return `for { ... ${t}.Sleep(...) }`;
    if (body.includes(`${t}.After(`)) return `for { ... <-${t}.After(...) }`;
  }
  return /<-\s*[\w.]+\.C\b/.test(body) ? 'for { <-ticker.C }' : undefined;
}

/** The wait.* helper a func literal is given to, when it runs it periodically. */
function waitHelperOf(lit: Node, waitNames: Set<string>): string | undefined {
  const call = lit.parent?.parent;
  if (lit.parent?.type !== 'argument_list' || call?.type !== 'call_expression') return undefined;
  return waitCall(call, waitNames, WAIT_POLL);
}

function waitCall(call: Node, waitNames: Set<string>, names: RegExp): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return undefined;
  const pkg = fn.childForFieldName('operand')?.text ?? '';
  const field = fn.childForFieldName('field')?.text ?? '';
  return waitNames.has(pkg) && names.test(field) ? `wait.${field}` : undefined;
}

/** Keywords that open a node that may change how often the calls inside it run. */
const FRAME_KEYWORDS = /\b(for|if|func)\b/g;
const FRAME_TYPES: Record<string, string> = { for: 'for_statement', if: 'if_statement', func: 'func_literal' };

/**
 * A `for` or `if` statement or a function literal (Summarizer.context), found from its
 * keyword in the text and confirmed by the tree the first time a call may sit inside it.
 */
interface Frame {
  kw: number;
  word: string;
  /** The node (null: the keyword was in a comment or string, or a func type). */
  node?: Node | null;
  start?: number;
  end?: number;
  /** A func literal: the wait.* helper it is given to (null: none); computed on first need. */
  wait?: string | null;
  /** An if statement: its consequence when the condition tests an error (null: not). */
  errorBody?: Span | null;
}

class Summarizer {
  readonly waitNames: Set<string>;
  readonly timeNames: Set<string>;
  /** Each loop's facts, computed once for all the calls inside it. */
  private readonly loops = new Map<number, { pagination?: true; poll?: string; collection?: LoopSite }>();
  constructor(
    readonly facts: FileFacts,
    readonly text: string,
  ) {
    this.waitNames = localNames(facts.imports, WAIT_PATH);
    this.timeNames = localNames(facts.imports, TIME_PATH);
  }

  /** Each declaration's frames, in document order. */
  private readonly frames = new Map<number, Frame[]>();

  private framesOf(decl: Node): Frame[] {
    let fr = this.frames.get(decl.id);
    if (!fr) {
      // From the text, not the tree: walking each call's parents costs O(depth) per step
      // (tree-sitter finds a parent by descending from the root), and walking every node of
      // a body marshals thousands of nodes to keep a few.
      fr = [];
      const body = this.text.slice(decl.startIndex, decl.endIndex);
      for (const m of body.matchAll(FRAME_KEYWORDS)) fr.push({ kw: decl.startIndex + m.index!, word: m[1] });
      this.frames.set(decl.id, fr);
    }
    return fr;
  }

  /** The frame's node and span, on first need. */
  private resolve(f: Frame, decl: Node): Node | null {
    if (f.node === undefined) {
      const n = decl.namedDescendantForIndex(f.kw, f.kw + f.word.length);
      f.node = n && n.startIndex === f.kw && n.type === FRAME_TYPES[f.word] ? n : null;
      if (f.node) {
        f.start = f.node.startIndex;
        f.end = f.node.endIndex;
      }
    }
    return f.node;
  }

  /** Loops, poll and error branch around the span `at` inside the declaration `decl`. */
  context(at: Span, decl: Node): CallContext {
    const ctx: CallContext = { loops: [], inAnyLoop: false, errorBranch: false };
    const frames = this.framesOf(decl);
    // Reverse document order visits the frames holding `at` innermost first.
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (f.kw >= at.start) continue;
      const p = this.resolve(f, decl);
      if (!p || f.end! < at.end) continue;
      if (p.type === 'for_statement') {
        let seen = this.loops.get(p.id);
        if (!seen) {
          // The pagination loop itself (`for { ...; opts.Continue = list.Continue }`) repeats nothing.
          if (isOpenLoop(p) && /\.Continue\s*=/.test(p.childForFieldName('body')?.text ?? '')) seen = { pagination: true };
          else {
            const lf = loopFact(p, this.facts.scope, this.facts.imports);
            const poll = lf.poll ?? openLoopPoll(p, this.timeNames);
            seen = { poll, collection: lf.collection && !poll ? { start: p.startIndex, end: p.startIndex + 3, per: perWhat(p, lf.collection.expr.text), over: lf.collection.expr.text } : undefined };
          }
          this.loops.set(p.id, seen);
        }
        if (seen.pagination) continue;
        ctx.inAnyLoop = true;
        if (seen.poll) ctx.poll ??= { start: p.startIndex, end: p.startIndex + 3, what: seen.poll };
        else if (seen.collection) ctx.loops.push(seen.collection);
      } else if (p.type === 'func_literal') {
        f.wait ??= waitHelperOf(p, this.waitNames) ?? null;
        if (f.wait) ctx.poll ??= { start: p.parent!.parent!.startIndex, end: p.parent!.parent!.startIndex + f.wait.length, what: f.wait };
      } else {
        if (f.errorBody === undefined) {
          const cons = p.childForFieldName('consequence');
          // `if err != nil`, `if apierrors.IsConflict(err)`.
          f.errorBody = cons && ERROR_CONDITION.test(p.childForFieldName('condition')?.text ?? '') ? { start: cons.startIndex, end: cons.endIndex } : null;
        }
        if (f.errorBody && f.errorBody.start <= at.start && at.end <= f.errorBody.end) ctx.errorBranch = true;
      }
    }
    return ctx;
  }

  callee(call: Node, recvName: string | undefined): CalleeRef | undefined {
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    if (fn.type === 'identifier') return GO_BUILTINS.has(fn.text) ? undefined : { kind: 'func', name: fn.text };
    if (fn.type !== 'selector_expression') return undefined;
    return this.selectorRef(fn, recvName);
  }

  selectorRef(sel: Node, recvName: string | undefined): CalleeRef | undefined {
    const name = sel.childForFieldName('field')?.text;
    const op = sel.childForFieldName('operand');
    if (!name || !op) return undefined;
    if (op.type === 'identifier') {
      const path = this.facts.imports.byName.get(op.text);
      if (path !== undefined) return isExternalImport(path) ? undefined : { kind: 'pkg', importPath: path, name };
      if (recvName && op.text === recvName) return { kind: 'recv', name };
      return undefined;
    }
    if (op.type === 'selector_expression') {
      const base = op.childForFieldName('operand');
      const field = op.childForFieldName('field')?.text;
      if (base?.type === 'identifier' && recvName && base.text === recvName && field) return { kind: 'field', field, name };
    }
    return undefined;
  }
}

function perWhat(loop: Node, over: string): string {
  return rangeValueName(loop) ?? `item of ${over}`;
}

/** Names before `(` that are never a call of the module's own functions. */
const NOT_CALLS = new Set([...GO_BUILTINS, 'func', 'if', 'for', 'switch', 'select', 'return', 'go', 'defer', 'case', 'range', 'string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'float32', 'float64', 'bool', 'byte', 'rune', 'error', 'any', 'complex64', 'complex128']);

/** The identifier that ends at `end` in `text` (start offset), scanning back no further than `min`. */
function identBefore(text: string, end: number, min: number): number {
  let k = end;
  while (k > min && isIdentCode(text.charCodeAt(k - 1))) k--;
  return k;
}

/**
 * Call expressions inside `decl` that a summary keeps, found from `name(` in its text: only
 * `f(...)`, `r.f(...)` and `r.x.f(...)` on the receiver `recv`, and `pkg.F(...)` for a package
 * `keepPackage` accepts; each confirmed by the tree. The text decides first, so the calls of
 * other packages and of local values (most calls of a file) never cross into the tree.
 */
function callsIn(decl: Node, root: Node, text: string, recv: string | undefined, keepPackage: (name: string, fn: string) => boolean): Node[] {
  const out: Node[] = [];
  const body = decl.childForFieldName('body');
  if (!body) return out;
  const min = body.startIndex;
  const end = body.endIndex;
  for (let i = text.indexOf('(', min); i !== -1 && i < end; i = text.indexOf('(', i + 1)) {
    let j = i;
    while (j > min && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
    const k = identBefore(text, j, min);
    if (k === j) continue;
    const name = text.slice(k, j);
    let start = k;
    if (text.charCodeAt(k - 1) === 46 /* . */) {
      const o = identBefore(text, k - 1, min);
      if (o === k - 1) continue;
      const operand = text.slice(o, k - 1);
      start = o;
      if (text.charCodeAt(o - 1) === 46) {
        // `a.b.f(`: kept only as `recv.field.f(`.
        const h = identBefore(text, o - 1, min);
        if (!recv || text.slice(h, o - 1) !== recv || text.charCodeAt(h - 1) === 46) continue;
        start = h;
      } else if (operand !== recv && !keepPackage(operand, name)) continue;
    } else if (NOT_CALLS.has(name)) continue;
    // The smallest node holding the callee and its `(` is the call itself, if this is one
    // (one descent in the tree; a node's parent costs another each).
    const call = root.namedDescendantForIndex(start, i + 1);
    if (call?.type !== 'call_expression' || call.startIndex !== start) continue;
    const fn = call.childForFieldName('function');
    if (fn && fn.endIndex === j && (fn.type === 'identifier' || fn.type === 'selector_expression')) out.push(call);
  }
  return out;
}


/** The summary of a parsed file whose facts were collected (collectFacts). */
export function summarize(tree: Tree, facts: FileFacts, text: string): FileSummary {
  const root = tree.rootNode;
  const pkg = packageName(root);
  const s = new Summarizer(facts, text);
  const functions: FunctionSummary[] = [];
  const decls: { decl: Node; f: FunctionSummary }[] = [];
  // The top-level declaration holding a node, by offset (no walk up the tree).
  const declOf = (n: Node) => decls.find((d) => d.f.start <= n.startIndex && n.endIndex <= d.f.end);
  const eventHandlers: FileSummary['eventHandlers'] = [];
  const managers: Span[] = [];
  // Options passed to the module's functions, for their reads in other files: only in a file that names the options types.
  const optionsEnv = facts.metaNames.size && OPTIONS_TYPE.test(text) ? { functions: topLevel(root).functions } : undefined;
  // Functions that write an options literal: the only helpers a local's options may come from.
  const helpers = optionsEnv ? [...optionsEnv.functions].filter(([, d]) => OPTIONS_LITERAL.test(text.slice(d.startIndex, d.endIndex))).map(([n]) => n) : [];
  const helperCall = helpers.length ? new RegExp(`\\b(\\w+)\\s*:?=\\s*(?:${helpers.join('|')})\\(`, 'g') : undefined;
  const argOptions = (call: Node, decl: Node, names: { v?: Set<string> }): CallSite['options'] => {
    if (!optionsEnv) return undefined;
    const out: NonNullable<CallSite['options']> = [];
    callArgs(call).forEach((a, i) => {
      // A name can hold options only if its function declares it so or binds it to a literal
      // or a helper's result: other names are not looked up (most arguments of most calls).
      if (a.type === 'identifier') {
        if (!names.v) {
          const body = text.slice(decl.startIndex, decl.endIndex);
          names.v = new Set();
          // From each mention of the type back to the name before it (a regexp starting at every word costs more).
          for (const m of body.matchAll(OPTIONS_TYPE_G)) {
            const name = OPTIONS_NAME.exec(body.slice(Math.max(0, m.index! - 64), m.index))?.[1];
            if (name) names.v.add(name);
          }
          for (const m of helperCall ? body.matchAll(helperCall) : []) names.v.add(m[1]);
        }
        if (!names.v.has(a.text)) return;
      }
      const r = resolveOptions(a, call, facts.metaNames, optionsEnv);
      if (r.kind === 'resolved') out.push([i, { type: r.type, fields: [...r.fields].map(([k, v]) => [k, fieldData(v)]) }]);
      else if (r.param !== undefined) out.push([i, { param: r.param }]);
    });
    return out.length ? out : undefined;
  };
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'function_declaration' && decl?.type !== 'method_declaration') continue;
    const nameNode = decl.childForFieldName('name');
    if (!nameNode) continue;
    const recv = decl.type === 'method_declaration' ? receiverTypeOf(decl) : undefined;
    const f: FunctionSummary = {
      name: nameNode.text,
      receiver: recv?.type,
      start: decl.startIndex,
      end: decl.endIndex,
      nameStart: nameNode.startIndex,
      entry: entryOf(decl, nameNode.text, pkg),
      calls: [],
      reads: [],
      constructors: [],
    };
    functions.push(f);
    decls.push({ decl, f });
    const keepPackage = (name: string, fn: string) => {
      const path = facts.imports.byName.get(name);
      if (path === undefined) return false;
      // A module package, wait.* (polls), and the manager constructors.
      return !isExternalImport(path) || s.waitNames.has(name) || ((fn === 'NewManager' || fn === 'New') && (path === 'sigs.k8s.io/controller-runtime' || path === 'sigs.k8s.io/controller-runtime/pkg/manager'));
    };
    const mentions: { v?: Set<string> } = {};
    for (const call of callsIn(decl, root, text, recv?.name, keepPackage)) {
      const fnNode = call.childForFieldName('function')!;
      if (fnNode.type === 'selector_expression') {
        const field = fnNode.childForFieldName('field')?.text ?? '';
        const op = fnNode.childForFieldName('operand')?.text ?? '';
        if ((field === 'NewManager' && facts.imports.byName.get(op) === 'sigs.k8s.io/controller-runtime') || (field === 'New' && facts.imports.byName.get(op) === 'sigs.k8s.io/controller-runtime/pkg/manager')) {
          managers.push({ start: call.startIndex, end: call.endIndex });
        }
        // A method value handed to a poll: `wait.PollUntilContextTimeout(ctx, d, t, true, c.check)`.
        const w = waitCall(call, s.waitNames, WAIT_POLL_VALUE);
        if (w) {
          for (const a of callArgs(call)) {
            const ref = a.type === 'selector_expression' ? s.selectorRef(a, recv?.name) : a.type === 'identifier' && !GO_BUILTINS.has(a.text) && a.text !== 'ctx' ? ({ kind: 'func', name: a.text } as const) : undefined;
            if (!ref) continue;
            const ctx = s.context({ start: call.startIndex, end: call.endIndex }, decl);
            f.calls.push({ start: a.startIndex, end: a.endIndex, callee: ref, reference: true, ...ctx, poll: { start: call.startIndex, end: call.startIndex + w.length, what: w } });
          }
        }
      }
      const ref = s.callee(call, recv?.name);
      if (ref) {
        const options = argOptions(call, decl, mentions);
        f.calls.push({ start: call.startIndex, end: call.endIndex, callee: ref, ...s.context({ start: call.startIndex, end: call.endIndex }, decl), ...(options ? { options } : {}) });
      }
    }
    // Event handler references: `AddFunc: c.onAdd` in this function's literals.
    const body = decl.childForFieldName('body');
    if (body && /\b(Add|Update|Delete)Func\s*:/.test(body.text)) {
      for (const ke of body.descendantsOfType('keyed_element')) {
        if (!ke || !EVENT_FIELDS.has(ke.namedChild(0)?.text ?? '')) continue;
        let v = ke.namedChild(1);
        if (v?.type === 'literal_element') v = v.namedChild(0);
        if (v?.type === 'identifier') eventHandlers.push({ name: v.text, recv: false });
        else if (v?.type === 'selector_expression' && v.childForFieldName('operand')?.text === recv?.name) eventHandlers.push({ name: v.childForFieldName('field')!.text, recv: true });
      }
    }
  }
  for (const c of facts.calls) {
    const d = declOf(c.node);
    if (!d) continue;
    const { decl, f } = d;
    f.reads.push({ start: c.node.startIndex, end: c.node.endIndex, verb: c.verb, path: c.path, client: c.client, resource: c.resource?.toLowerCase(), repeated: isWalkOrRequest(c), ...s.context({ start: c.node.startIndex, end: c.node.endIndex }, decl), ...(c.options.kind === 'unknown' && c.options.param !== undefined ? { optionsParam: c.options.param } : {}) });
  }
  for (const c of facts.constructors) {
    const d = declOf(c.node);
    const arg = d && callArgs(c.node)[0];
    if (!d || !arg) continue;
    const { decl, f } = d;
    f.constructors.push({ start: c.node.startIndex, end: c.node.endIndex, kind: c.kind, name: c.name, invariant: invariantIn(arg, decl) });
  }
  const configSources = root.namedChildren.flatMap((d) => (d?.type === 'function_declaration' && returnsFreshConfig(d, facts.imports) ? [d.childForFieldName('name')?.text ?? ''] : [])).filter(Boolean);
  const cache = facts.cache;
  const span = (n: Node | 'module') => (n === 'module' ? { start: 0, end: 0 } : { start: n.startIndex, end: n.endIndex });
  return {
    package: pkg,
    imports: [...facts.imports.byName],
    generated: isGenerated(text),
    testImports: [...facts.imports.byName.values()].some((p) => TEST_IMPORTS.test(p)),
    functions,
    cache: {
      restrictsAll: cache.restrictsAll ? span(cache.restrictsAll) : undefined,
      restrictedKinds: [...cache.restrictedKinds].map(([k, n]) => [k, span(n)]),
      uncachedKinds: [...cache.uncachedKinds],
      cacheUnstructured: cache.cacheUnstructured,
    },
    managers,
    readerFields: [...facts.ownReaderFields],
    ...(facts.fieldReads.size ? { fieldReads: [...facts.fieldReads] } : {}),
    eventHandlers,
    watchedKinds: watchedKinds(root, text, facts),
    ...structsOf(root, facts),
    ...(configSources.length ? { configSources } : {}),
  };
}

const BUILDER_WATCH = /\.(For|Owns|Watches)\(\s*&([A-Za-z_]\w*)\.([A-Z]\w*)\s*\{/g;

/** `.For(&corev1.Pod{})` and the like, on a package of k8s.io/api; each confirmed by the tree. */
export function watchedKinds(root: Node, text: string, facts: FileFacts): FileSummary['watchedKinds'] {
  const out: FileSummary['watchedKinds'] = [];
  if (!text.includes('.For(') && !text.includes('.Owns(') && !text.includes('.Watches(')) return out;
  for (const m of text.matchAll(BUILDER_WATCH)) {
    const path = facts.imports.byName.get(m[2]);
    if (!path?.startsWith('k8s.io/api/')) continue;
    const start = m.index! + 1;
    const field = tokenAt(root, start, start + m[1].length);
    if (field?.type !== 'field_identifier') continue;
    const call = field.parent?.parent;
    if (call?.type !== 'call_expression') continue;
    out.push({ start: field.startIndex, end: call.endIndex, kind: m[3], how: m[1] as 'For' | 'Owns' | 'Watches' });
  }
  return out;
}

