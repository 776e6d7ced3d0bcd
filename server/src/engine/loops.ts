// Loop and poll facts: what a `for` iterates over, which variables it declares, whether it
// is a polling construct, and which same-file functions are called from where. Built from
// the captures of the single facts query plus parent links; nothing here walks the tree.
import type { Node } from 'web-tree-sitter';
import type { ApiCallFact } from './facts';
import type { ImportTable } from './imports';
import { findBinding } from './locals';
import { blockStatements, callArgs, foldWhitespace, FUNCTION_TYPES, isAncestor, unwrap } from './syntax';

export const WAIT_PATH = 'k8s.io/apimachinery/pkg/util/wait';
export const TIME_PATH = 'time';

/** wait.* helpers that call their function argument again and again. */
const WAIT_POLL = /^(Poll|Until|JitterUntil|NonSlidingUntil|BackoffUntil|Forever|ExponentialBackoff)/;

export interface LocalCallFact {
  /** The call_expression. */
  node: Node;
  name: string;
  /** Same-file declarations the name may refer to (a function, or methods of any receiver). */
  callees: Node[];
}

export interface ScopeFacts {
  /** Same-file function and method declarations by name. */
  functions: Map<string, Node[]>;
  /** Calls whose function is a same-file declaration's name (`f(x)` or `r.f(x)`). */
  localCalls: LocalCallFact[];
  /** func_literal start offset -> the wait.* call that runs it repeatedly (`wait.Until`). */
  pollFuncs: Map<number, string>;
  /** for_statement start offset -> why it polls (`time.Sleep`, `<-ticker.C`...). */
  pollLoops: Map<number, string>;
  /** Start offsets of the recognised LIST calls (API and local reads): their results are collections. */
  listCalls: Set<number>;
}

export function localNames(imports: ImportTable, path: string): Set<string> {
  const out = new Set<string>();
  for (const [name, p] of imports.byName) if (p === path) out.add(name);
  return out;
}

/** The innermost for_statement around `node` in the same function. */
function innermostFor(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'for_statement') return p;
    if (FUNCTION_TYPES.has(p.type)) return undefined;
  }
  return undefined;
}

/** `for { }` or `for cond { }`: no range and no counting clause. */
function isOpenLoop(loop: Node): boolean {
  return !loop.namedChildren.some((c) => c?.type === 'range_clause' || c?.type === 'for_clause');
}

/** `t.C` where t is a time.Ticker/Timer made in this function, or `time.NewTicker(d).C`. */
function isTickerChannel(expr: Node, timeNames: Set<string>): boolean {
  const e = unwrap(expr);
  if (e.type !== 'selector_expression' || e.childForFieldName('field')?.text !== 'C') return false;
  let operand = unwrap(e.childForFieldName('operand')!);
  if (operand.type === 'identifier') {
    const b = findBinding(operand);
    if (!b?.value) return false;
    operand = unwrap(b.value);
  }
  return isTimeCall(operand, timeNames, /^(NewTicker|NewTimer)$/);
}

function isTimeCall(node: Node, timeNames: Set<string>, names: RegExp): boolean {
  if (node.type !== 'call_expression') return false;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return false;
  const op = fn.childForFieldName('operand');
  return !!op && op.type === 'identifier' && timeNames.has(op.text) && names.test(fn.childForFieldName('field')?.text ?? '');
}

export function collectScopeFacts(captures: { name: string; node: Node }[], imports: ImportTable): ScopeFacts {
  const waitNames = localNames(imports, WAIT_PATH);
  const timeNames = localNames(imports, TIME_PATH);
  const functions = new Map<string, Node[]>();
  const calls: { node: Node; name: string }[] = [];
  const pollFuncs = new Map<number, string>();
  const pollLoops = new Map<number, string>();
  for (const { name, node } of captures) {
    if (name === 'fdecl' || name === 'mdecl') {
      const n = node.childForFieldName('name')?.text;
      if (!n) continue;
      // Push, not copy: generated files declare one method name thousands of times.
      const list = functions.get(n);
      if (list) list.push(node);
      else functions.set(n, [node]);
    } else if (name === 'ccall') {
      calls.push({ node, name: node.childForFieldName('function')!.text });
    } else if (name === 'scall') {
      const fn = node.childForFieldName('function')!;
      const pkg = fn.childForFieldName('operand')!.text;
      const field = fn.childForFieldName('field')!.text;
      if (waitNames.has(pkg) && WAIT_POLL.test(field)) {
        for (const a of callArgs(node)) if (a.type === 'func_literal') pollFuncs.set(a.startIndex, `wait.${field}`);
      } else if (timeNames.has(pkg) && (field === 'Sleep' || field === 'After')) {
        // A sleep in an open `for` makes it a poll; a receive from time.After counts the same.
        const loop = innermostFor(node);
        if (loop && isOpenLoop(loop) && !pollLoops.has(loop.startIndex)) pollLoops.set(loop.startIndex, `for { ... time.${field}(...) }`);
      } else if (!waitNames.has(pkg) && !timeNames.has(pkg)) {
        calls.push({ node, name: field });
      }
    } else if (name === 'recv') {
      if (node.child(0)?.type !== '<-') continue;
      const op = node.childForFieldName('operand');
      const loop = innermostFor(node);
      if (op && loop && isOpenLoop(loop) && isTickerChannel(op, timeNames) && !pollLoops.has(loop.startIndex)) {
        pollLoops.set(loop.startIndex, `for { <-${op.text} }`);
      }
    }
  }
  const localCalls: LocalCallFact[] = [];
  for (const c of calls) {
    const callees = functions.get(c.name);
    if (callees) localCalls.push({ ...c, callees });
  }
  // Ranging over a ticker channel or time.Tick is a poll whatever the body does.
  for (const c of captures) {
    if (c.name !== 'scall') continue;
    const fn = c.node.childForFieldName('function')!;
    if (!timeNames.has(fn.childForFieldName('operand')!.text) || fn.childForFieldName('field')!.text !== 'Tick') continue;
    const rc = c.node.parent;
    if (rc?.type === 'range_clause' && rc.parent) pollLoops.set(rc.parent.startIndex, `for range time.Tick(...)`);
  }
  return { functions, localCalls, pollFuncs, pollLoops, listCalls: new Set() };
}

/** `for range ticker.C` is found from the loop itself (no receive expression in the body). */
function rangePoll(loop: Node, facts: ScopeFacts, timeNames: Set<string>): string | undefined {
  const known = facts.pollLoops.get(loop.startIndex);
  if (known) return known;
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const right = rc?.childForFieldName('right');
  if (right && isTickerChannel(right, timeNames)) return `for range ${right.text}`;
  return undefined;
}

export interface Collection {
  /** The collection expression as written (`nodes.Items`). */
  expr: Node;
  /** The list call that produced it, when it is in this file. */
  source?: Node;
  /** Element type name when known from a declaration (`Pod`, `Namespace`). */
  typeName?: string;
  /** Package qualifier of that type (`v1`), checked against the imports. */
  typePackage?: string;
}

export interface LoopFact {
  node: Node;
  /** Identifiers the loop header declares (range key/value, counter). */
  vars: Node[];
  /** What it iterates, when that is evidently a collection of API objects. */
  collection?: Collection;
  /** Why it is a polling loop, if it is one. */
  poll?: string;
}

export type LoopContext =
  | { kind: 'loop'; loop: LoopFact }
  /** A func literal (`literal`) handed to a wait.* helper (`node`) that runs it periodically. */
  | { kind: 'poll'; node: Node; poll: string; literal: Node };

function declaredIdentifiers(n: Node | null | undefined): Node[] {
  if (!n) return [];
  const list = n.type === 'expression_list' ? n.namedChildren : [n];
  return list.filter((x): x is Node => !!x && x.type === 'identifier' && x.text !== '_');
}

/** `X.Items`, or a local bound once to `X.Items`: the items of a list response. */
function itemsOf(expr: Node, facts: ScopeFacts): Collection | undefined {
  let e = unwrap(expr);
  const original = e;
  if (e.type === 'identifier') {
    const b = findBinding(e);
    if (!b) return undefined;
    if (b.isParameter) return sliceParameter(original, b.type);
    // `pods, err := lister.List(sel)`: a lister's result is the slice itself.
    const right = b.decl.type === 'short_var_declaration' ? b.decl.childForFieldName('right') : undefined;
    const only = right?.namedChildCount === 1 ? unwrap(right.namedChild(0)!) : undefined;
    if (only && facts.listCalls.has(only.startIndex) && only.type === 'call_expression') return { expr: original, source: only };
    if (!b.value) return undefined;
    e = unwrap(b.value);
  }
  if (e.type !== 'selector_expression' || e.childForFieldName('field')?.text !== 'Items') return undefined;
  let list = unwrap(e.childForFieldName('operand')!);
  let source: Node | undefined;
  if (list.type === 'identifier') {
    const b = findBinding(list);
    const v = b?.value ? unwrap(b.value) : undefined;
    if (v?.type === 'call_expression') source = v;
    else if (b?.decl.type === 'short_var_declaration' || b?.decl.type === 'var_spec') {
      // `list, err := c.List(...)`: two names bound to one call.
      const right = b.decl.childForFieldName('right') ?? b.decl.childForFieldName('value');
      const only = right?.namedChildCount === 1 ? right.namedChild(0) : undefined;
      if (only && unwrap(only).type === 'call_expression') source = unwrap(only);
    }
  } else if (list.type === 'call_expression') {
    source = list;
  }
  return { expr: original, source };
}

/** A parameter of type `[]*v1.Pod` / `[]v1.Pod` with v1 a k8s.io/api package. */
function sliceParameter(expr: Node, type: Node | undefined): Collection | undefined {
  if (!type || type.type !== 'slice_type') return undefined;
  let el = type.childForFieldName('element');
  if (el?.type === 'pointer_type') el = el.namedChild(0);
  if (el?.type !== 'qualified_type') return undefined;
  return { expr, typeName: el.childForFieldName('name')?.text, typePackage: el.childForFieldName('package')?.text };
}

export function loopFact(loop: Node, facts: ScopeFacts, imports: ImportTable): LoopFact {
  const timeNames = localNames(imports, TIME_PATH);
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const fc = loop.namedChildren.find((c) => c?.type === 'for_clause');
  const vars: Node[] = [];
  let collection: Collection | undefined;
  if (rc) {
    vars.push(...declaredIdentifiers(rc.childForFieldName('left')));
    const right = rc.childForFieldName('right');
    if (right) collection = itemsOf(right, facts);
  } else if (fc) {
    const init = fc.childForFieldName('initializer');
    if (init?.type === 'short_var_declaration') vars.push(...declaredIdentifiers(init.childForFieldName('left')));
    // for i := 0; i < len(X.Items); i++
    const cond = fc.childForFieldName('condition');
    const bound = cond?.type === 'binary_expression' ? cond.childForFieldName('right') : undefined;
    if (bound?.type === 'call_expression' && bound.childForFieldName('function')?.text === 'len') {
      const arg = callArgs(bound)[0];
      if (arg) collection = itemsOf(arg, facts);
    }
  }
  if (collection?.typePackage !== undefined && !imports.byName.get(collection.typePackage)?.startsWith('k8s.io/api/')) collection = undefined;
  return { node: loop, vars, collection, poll: rangePoll(loop, facts, timeNames) };
}

/**
 * Loops and polls around `node` inside its function, innermost first. A func literal given
 * to a wait.* helper is a poll context and the walk stops there (its caller is elsewhere).
 */
export function contextsAround(node: Node, facts: ScopeFacts, imports: ImportTable): LoopContext[] {
  const out: LoopContext[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'for_statement') out.push({ kind: 'loop', loop: loopFact(p, facts, imports) });
    if (p.type === 'func_literal') {
      const poll = facts.pollFuncs.get(p.startIndex);
      if (poll) out.push({ kind: 'poll', node: p.parent!.parent!, poll, literal: p });
      break;
    }
    if (FUNCTION_TYPES.has(p.type)) break;
  }
  return out;
}

/** True when some identifier in `expr` is declared inside `loop` (its header or body). */
export function dependsOn(expr: Node, loop: Node): boolean {
  const ids = expr.type === 'identifier' ? [expr] : expr.descendantsOfType('identifier');
  for (const id of ids) {
    if (!id) continue;
    const b = findBinding(id);
    if (b && isAncestor(loop, b.decl)) return true;
  }
  return false;
}

/**
 * A `for` around one call that stops once the call succeeds: `if err == nil { break }`,
 * or a body whose last statement is an unconditional break/return. It repeats on failure
 * only, so it is a retry, not N calls.
 */
export function isRetryLoop(loop: Node, errName: string | undefined): boolean {
  const stmts = blockStatements(loop.childForFieldName('body'));
  const last = stmts[stmts.length - 1];
  if (last && (last.type === 'break_statement' || last.type === 'return_statement')) return true;
  if (!errName) return false;
  return stmts.some((s) => {
    if (s.type !== 'if_statement') return false;
    const cond = s.childForFieldName('condition');
    if (cond?.text.replace(/\s+/g, '') !== `${errName}==nil`) return false;
    const cons = s.childForFieldName('consequence');
    return !!cons && (cons.descendantsOfType('break_statement').length > 0 || cons.descendantsOfType('return_statement').length > 0);
  });
}

/**
 * A poll condition (`wait.Poll*`, `wait.ExponentialBackoff*`) that reports done as soon as
 * the read at `node` succeeds: the read's statement is directly in the literal's body, its
 * error is checked (`if err != nil { return ... }`, or `if err == nil { ... }`), and then,
 * after plain assignments at most, `return true, nil`; or it returns `err == nil, nil`. It repeats on failure only, like a
 * retry loop; a condition that looks at what it read to decide keeps polling.
 */
export function isRetryPoll(node: Node, literal: Node, errName: string | undefined): boolean {
  const stmts = blockStatements(literal.childForFieldName('body'));
  const i = stmts.findIndex((s) => isAncestor(s, node));
  const stmt = stmts[i];
  if (!stmt || !errName) return false;
  // `if _, err := c.List(...); err != nil { ... }`: the read in the check's initializer.
  if (stmt.type === 'if_statement') {
    const init = stmt.childForFieldName('initializer');
    return !!init && isAncestor(init, node) && doneAfterCheck(stmt, errName, stmts.slice(i + 1));
  }
  const check = stmts[i + 1];
  if (check?.type === 'return_statement') return returnValues(check) === `${errName}==nil,nil`;
  return check?.type === 'if_statement' && !check.childForFieldName('initializer') && doneAfterCheck(check, errName, stmts.slice(i + 2));
}

function doneAfterCheck(check: Node, errName: string, rest: Node[]): boolean {
  const cond = foldWhitespace(check.childForFieldName('condition')?.text ?? '');
  const then = blockStatements(check.childForFieldName('consequence'));
  if (cond === `${errName} == nil`) return returnsDone(then);
  if (cond !== `${errName} != nil` || check.childForFieldName('alternative')) return false;
  return then.at(-1)?.type === 'return_statement' && returnsDone(rest);
}

/** `true,nil` for `return true, nil`: the returned values without white space. */
function returnValues(ret: Node): string | undefined {
  const values = ret.namedChild(0);
  return values?.type === 'expression_list' ? values.text.replace(/\s+/g, '') : undefined;
}

/** Assignments at most, then `return true, nil`. */
function returnsDone(stmts: Node[]): boolean {
  const last = stmts.at(-1);
  if (last?.type !== 'return_statement' || returnValues(last) !== 'true,nil') return false;
  return stmts.slice(0, -1).every((s) => s.type === 'assignment_statement' || s.type === 'short_var_declaration');
}

/**
 * The one same-file declaration `lc` calls: a function for `f()`, a method for `x.f()`.
 * Undefined when the name is declared more than once (methods of several types).
 */
export function calleeOf(lc: LocalCallFact): Node | undefined {
  if (lc.callees.length !== 1) return undefined;
  const callee = lc.callees[0];
  const fn = lc.node.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return callee.type === 'function_declaration' ? callee : undefined;
  if (callee.type !== 'method_declaration') return undefined;
  // `c.helper()` counts only from a method of the same receiver type, called on its
  // receiver: `lister.List()` must not resolve to this file's own `List` method.
  const caller = enclosingMethod(lc.node);
  const recv = caller ? receiverOf(caller) : undefined;
  const calleeRecv = receiverOf(callee);
  const operand = fn.childForFieldName('operand')?.text;
  return recv && calleeRecv && recv.name === operand && recv.type === calleeRecv.type ? callee : undefined;
}

function enclosingMethod(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'method_declaration' || p.type === 'function_declaration') return p.type === 'method_declaration' ? p : undefined;
  return undefined;
}

/** `func (c *ctrl) f()` -> { name: 'c', type: 'ctrl' } (`ctrl[K]` for a generic receiver). */
export function receiverOf(method: Node): { name?: string; type: string } | undefined {
  const p = method.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const t = p?.childForFieldName('type');
  if (!p || !t) return undefined;
  return { name: p.childForFieldName('name')?.text, type: t.text.replace(/^\*/, '') };
}


/**
 * The LISTs that `keep` accepts inside the one same-file declaration `lc` calls (calleeOf),
 * in file order; empty when the callee is ambiguous or lists nothing. KLL201 and KLL202
 * follow a loop or poll one level into the functions it calls with this.
 */
export function listsInCallee(lc: LocalCallFact, calls: readonly ApiCallFact[], keep: (c: ApiCallFact) => boolean): ApiCallFact[] {
  const callee = calleeOf(lc);
  if (!callee) return [];
  return calls.filter((c) => c.fn?.startIndex === callee.startIndex && c.verb === 'list' && keep(c));
}

/** `node` for `for _, node := range x.Items`; undefined when the loop names no value. */
export function rangeValueName(loop: Node): string | undefined {
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const left = rc?.childForFieldName('left');
  const v = left?.type === 'expression_list' ? left.namedChildren[1] : undefined;
  return v?.type === 'identifier' && v.text !== '_' ? v.text : undefined;
}
