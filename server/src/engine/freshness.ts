// Whether a read asks for the latest data on purpose, so that ResourceVersion "0" (KLL001,
// KLL002) would defeat it: a read inside a conflict retry or a conflict branch, a GET whose
// object is then written back (read-modify-write), or a comment saying so. Everything here
// stays inside the read's own function (parent links, and that function's text confirmed by
// the tree), so the editor's windows, which analyse a function with its group, see the same.
import type { Node } from 'web-tree-sitter';
import type { ApiCallFact, FileFacts } from './facts';
import { namesFor } from './imports';
import { findBinding } from './locals';
import { resultBinding } from './resultUse';
import { blockStatements, callArgs, foldWhitespace, FUNCTION_TYPES, tokenAt, unwrap, wordsRegExp } from './syntax';

export const RETRY_PATH = 'k8s.io/client-go/util/retry';
export const APIERRORS_PATH = 'k8s.io/apimachinery/pkg/api/errors';

export type FreshIntent = 'retry' | 'conflict' | 'read-modify-write' | 'comment';

/** retry.* helpers whose last argument is the function retried on a conflict (or an error). */
const RETRY_FUNCS = new Set(['RetryOnConflict', 'OnError']);
/** apierrors.* checks after which the code re-reads the object it failed to write. */
const CONFLICT_CHECKS = new Set(['IsConflict', 'IsAlreadyExists']);
/** Writes of a read object back to the server (typed clientsets and controller-runtime). */
const WRITES = wordsRegExp(['Update', 'UpdateStatus', 'Patch', 'Delete']);
const DEEP_COPY = wordsRegExp(['DeepCopy']);
/** Whole words only: `freshness` and `inconsistent` say nothing. */
const FRESH_WORDS = /(?<![A-Za-z0-9_-])(?:latest|fresh|stale|consistent|up-to-date)(?![A-Za-z0-9_-])/gi;

const same = (a: Node | null | undefined, b: Node | null | undefined) => !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex;

/** Why `call` wants a fresh read, or undefined. For API reads (ResourceVersion rules). */
export function freshIntent(call: ApiCallFact, facts: FileFacts): FreshIntent | undefined {
  const top = outermostFunction(call.node);
  if (!top) return undefined;
  if (inRetryFunc(call.node, namesFor(facts.imports, RETRY_PATH))) return 'retry';
  const errs = namesFor(facts.imports, APIERRORS_PATH);
  if (errs.size && inConflictBranch(call.node, errs)) return 'conflict';
  if (call.verb === 'get' && call.fn && writtenBack(call, call.fn)) return 'read-modify-write';
  if (freshComment(call.node, facts, top)) return 'comment';
  return undefined;
}

/** The top-level function (declaration, or literal outside any) holding `node`. */
function outermostFunction(node: Node): Node | undefined {
  let top: Node | undefined;
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) top = p;
  return top;
}

/** `name.Field(...)` with `name` one of `pkgs` and Field in `fields`. */
function isPkgCall(n: Node, pkgs: Set<string>, fields: Set<string>): boolean {
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  const op = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
  return !!op && op.type === 'identifier' && pkgs.has(op.text) && fields.has(fn!.childForFieldName('field')?.text ?? '');
}

/** Directly in the function literal that `retry.RetryOnConflict(b, fn)` / `retry.OnError(b, ok, fn)` runs. */
function inRetryFunc(node: Node, retry: Set<string>): boolean {
  if (!retry.size) return false;
  let lit: Node | undefined;
  for (let p = node.parent; p && !lit; p = p.parent) {
    if (p.type === 'func_literal') lit = p;
    else if (FUNCTION_TYPES.has(p.type)) return false;
  }
  const outer = lit?.parent?.type === 'argument_list' ? lit.parent.parent : undefined;
  return !!outer && isPkgCall(outer, retry, RETRY_FUNCS) && same(callArgs(outer).at(-1), lit);
}

/** True when `cond` evaluating to `truth` means a conflict check holds (`IsConflict(err)`, `!IsConflict(err)` false, `a && IsConflict(err)` true). */
function implies(c: Node, truth: boolean, errs: Set<string>): boolean {
  if (c.type === 'parenthesized_expression' && c.namedChildCount === 1) return implies(c.namedChild(0)!, truth, errs);
  if (isPkgCall(c, errs, CONFLICT_CHECKS)) return truth;
  if (c.type === 'unary_expression' && c.child(0)?.type === '!') return implies(c.childForFieldName('operand')!, !truth, errs);
  if (c.type !== 'binary_expression') return false;
  const op = c.childForFieldName('operator')?.type;
  // `a && b` true: both hold; `a || b` false: neither holds.
  if ((op === '&&' && truth) || (op === '||' && !truth)) return implies(c.childForFieldName('left')!, truth, errs) || implies(c.childForFieldName('right')!, truth, errs);
  return false;
}

/** The last statement of a block leaves it (`return`, `continue`, `break`). */
function leaves(block: Node | null): boolean {
  const last = blockStatements(block).at(-1)?.type;
  return last === 'return_statement' || last === 'continue_statement' || last === 'break_statement';
}

/**
 * In a branch taken only on a conflict (or already-exists) error: the consequence of
 * `if apierrors.IsConflict(err)`, the alternative of `if !apierrors.IsConflict(err)`, a
 * `case apierrors.IsConflict(err):`, or after `if !apierrors.IsConflict(err) { return err }`
 * in the same block. Within the read's function only.
 */
function inConflictBranch(node: Node, errs: Set<string>): boolean {
  for (let n = node, p = node.parent; p && !FUNCTION_TYPES.has(p.type); n = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const cond = p.childForFieldName('condition');
      if (cond && same(p.childForFieldName('consequence'), n) && implies(cond, true, errs)) return true;
      if (cond && same(p.childForFieldName('alternative'), n) && implies(cond, false, errs)) return true;
    } else if (p.type === 'expression_case' && n.type === 'statement_list' && p.parent?.type === 'expression_switch_statement' && !p.parent.childForFieldName('value')) {
      if (p.childForFieldName('value')?.namedChildren.some((v) => !!v && implies(v, true, errs))) return true;
    } else if (p.type === 'statement_list') {
      for (let s = n.previousNamedSibling; s; s = s.previousNamedSibling) {
        if (s.type !== 'if_statement' || s.childForFieldName('alternative') || !leaves(s.childForFieldName('consequence'))) continue;
        const cond = s.childForFieldName('condition');
        if (cond && implies(cond, false, errs)) return true;
      }
    }
  }
  return false;
}

/** The variable a GET fills (its result, or controller-runtime's object argument) and where it is declared. */
function filledObject(call: ApiCallFact): { name: string; decl: number } | undefined {
  if (call.client === 'controller-runtime') {
    const obj = callArgs(call.node)[2];
    const id = obj && unwrap(obj);
    const b = id?.type === 'identifier' ? findBinding(id) : undefined;
    return b ? { name: b.name, decl: b.decl.startIndex } : undefined;
  }
  const r = resultBinding(call.node);
  if (!r?.list) return undefined;
  if (r.stmt.type === 'short_var_declaration') return { name: r.list.text, decl: r.stmt.startIndex };
  const b = findBinding(r.list);
  return b ? { name: b.name, decl: b.decl.startIndex } : undefined;
}

/** `x` in `args` bound by one of `decls`. */
function mentions(args: Node[], decls: Map<string, number[]>): boolean {
  const ids = args.flatMap((a) => (a.type === 'identifier' ? [a] : a.descendantsOfType('identifier').filter((x): x is Node => !!x)));
  return ids.some((id) => decls.get(id.text)?.includes(findBinding(id)?.decl.startIndex ?? -1));
}

/** The client a typed/dynamic call goes through, namespace aside: `cs.CoreV1().Pods` for `cs.CoreV1().Pods(ns).Get`. */
function resourceFamily(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  const op = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
  if (!op) return undefined;
  const u = unwrap(op);
  return foldWhitespace((u.type === 'call_expression' ? u.childForFieldName('function') ?? u : u).text);
}

/** The selector call whose field token is `id`. */
function selectorCallOf(id: Node | undefined): Node | undefined {
  const sel = id?.type === 'field_identifier' ? id.parent : undefined;
  const call = sel?.type === 'selector_expression' && same(sel.childForFieldName('field'), id) ? sel.parent : undefined;
  return call?.type === 'call_expression' && same(call.childForFieldName('function'), sel) ? call : undefined;
}

/** Matches of `re` in `fn`'s text after `from`, as the selector calls the tree confirms. */
function selectorCallsAfter(fn: Node, from: number, re: RegExp): Node[] {
  const out: Node[] = [];
  const base = fn.startIndex;
  for (const m of fn.text.slice(from - base).matchAll(re)) {
    const at = from + m.index!;
    const call = selectorCallOf(tokenAt(fn, at, at + m[0].length));
    if (call) out.push(call);
  }
  return out;
}

/**
 * A GET whose object (or a DeepCopy of it) is later passed to Update, UpdateStatus, Patch or
 * Delete in the same function: of the same resource for a typed or dynamic client (same
 * client expression, namespace aside); for controller-runtime the object names the resource.
 */
function writtenBack(call: ApiCallFact, fn: Node): boolean {
  const obj = filledObject(call);
  if (!obj) return false;
  const decls = new Map([[obj.name, [obj.decl]]]);
  for (const copy of selectorCallsAfter(fn, call.node.endIndex, DEEP_COPY)) {
    const op = copy.childForFieldName('function')!.childForFieldName('operand');
    if (!op || unwrap(op).type !== 'identifier' || !mentions([unwrap(op)], decls)) continue;
    const stmt = copy.parent?.type === 'expression_list' ? copy.parent.parent : copy.parent;
    if (stmt?.type !== 'short_var_declaration') continue;
    const left = stmt.childForFieldName('left');
    const id = left?.type === 'expression_list' ? left.namedChild(0) : left;
    if (id?.type === 'identifier') decls.set(id.text, [...(decls.get(id.text) ?? []), stmt.startIndex]);
  }
  const family = call.client === 'controller-runtime' ? undefined : resourceFamily(call.node);
  for (const w of selectorCallsAfter(fn, call.node.endIndex, WRITES)) {
    const args = callArgs(w);
    if (call.client === 'controller-runtime') {
      if (args.length >= 2 && mentions([unwrap(args[1])].filter((a) => a.type === 'identifier'), decls)) return true;
    } else if (family !== undefined && resourceFamily(w) === family && mentions(args, decls)) {
      return true;
    }
  }
  return false;
}

/**
 * A comment on the call's line or the two lines above, inside the call's function, saying
 * latest, fresh, stale, consistent or up-to-date (`// the informer may be stale`).
 */
function freshComment(node: Node, facts: FileFacts, top: Node): boolean {
  const { lines } = facts;
  const row = node.startPosition.row;
  const start = Math.max(lines.lineStart(Math.max(0, row - 2)), top.startIndex);
  const end = lines.lineEnd(row);
  const root = facts.tree.rootNode;
  for (const m of lines.text.slice(start, end).matchAll(FRESH_WORDS)) {
    const at = start + m.index!;
    const n = root.descendantForIndex(at, at + m[0].length);
    if (n?.type === 'comment' && n.startIndex >= top.startIndex && n.endIndex <= top.endIndex) return true;
  }
  return false;
}
