// How the result of a LIST is used: the variable it is bound to, the `range x.Items` loops
// over it, and the equality checks at the top of those loops that decide which items the
// code keeps. Computed lazily for one call from its function; conservative: anything that
// is not one of the shapes below counts as an unguarded use.
import type { Node } from 'web-tree-sitter';
import { dominates, findBinding } from './locals';
import { dependsOn } from './loops';
import { blockStatements as statementsOf, enclosingFunction, identifiersNamed, isAncestor, selectorPath, stringValue, unwrap } from './syntax';

export interface ResultBinding {
  /** The `x, err := call` or `x, err = call` statement. */
  stmt: Node;
  list?: Node;
  err?: Node;
}

/** `x, err := call` / `x, err = call` with the call as the only right-hand side. */
export function resultBinding(call: Node): ResultBinding | undefined {
  const right = call.parent;
  const stmt = right?.type === 'expression_list' ? right.parent : right;
  if (!stmt || (stmt.type !== 'short_var_declaration' && stmt.type !== 'assignment_statement')) return undefined;
  const r = stmt.childForFieldName('right');
  const rhs = r?.type === 'expression_list' ? r.namedChildren : r ? [r] : [];
  if (rhs.length !== 1 || rhs[0]?.startIndex !== call.startIndex) return undefined;
  const l = stmt.childForFieldName('left');
  const lhs = (l?.type === 'expression_list' ? l.namedChildren : l ? [l] : []).filter((x): x is Node => !!x);
  const named = (n: Node | undefined) => (n && n.type === 'identifier' && n.text !== '_' ? n : undefined);
  return { stmt, list: named(lhs[0]), err: named(lhs[1]) };
}

/** What a condition compares: a server-selectable field, or a label. */
export type FieldRef = { kind: 'field'; label: string; typed: boolean } | { kind: 'label'; key: string };

export interface Guard {
  /** The `==`/`!=` comparison. */
  cmp: Node;
  ref: FieldRef;
  /** The value the item must equal to be kept. */
  value: Node;
}

export interface ItemsLoop {
  loop: Node;
  item: Node;
  /** Equalities every item the body acts on satisfies. */
  guards: Guard[];
}

export interface ResultUse {
  binding: ResultBinding;
  loops: ItemsLoop[];
  /** Reads of the list variable other than `range x.Items` (len, passing it on, returning it). */
  otherUses: Node[];
}

// Go field path on a typed object -> apiserver field label (pkg/apis/core/v1/conversion.go:
// AddFieldLabelConversionFunc for Pod and Node; metadata.* is generic). `typed` marks
// fields whose Go type is a named string type, which needs string(...) to concatenate.
const POD_FIELDS: Record<string, { label: string; typed: boolean }> = {
  'Spec.NodeName': { label: 'spec.nodeName', typed: false },
  'Spec.RestartPolicy': { label: 'spec.restartPolicy', typed: true },
  'Spec.SchedulerName': { label: 'spec.schedulerName', typed: false },
  'Spec.ServiceAccountName': { label: 'spec.serviceAccountName', typed: false },
  'Status.Phase': { label: 'status.phase', typed: true },
  'Status.PodIP': { label: 'status.podIP', typed: false },
};
const META_FIELDS: Record<string, string> = {
  Name: 'metadata.name',
  'ObjectMeta.Name': 'metadata.name',
  'GetName()': 'metadata.name',
  Namespace: 'metadata.namespace',
  'ObjectMeta.Namespace': 'metadata.namespace',
  'GetNamespace()': 'metadata.namespace',
};

/** The field of `item` that `expr` reads, in apiserver terms, for a list of `resource`. */
function fieldRef(expr: Node, item: string, resource: string | undefined): FieldRef | undefined {
  const e = unwrap(expr);
  if (e.type === 'index_expression') {
    const key = e.childForFieldName('index');
    const k = key ? stringValue(key) : undefined;
    const op = e.childForFieldName('operand');
    const path = op ? pathOn(op, item) : undefined;
    if (k !== undefined && path && (path === 'Labels' || path === 'ObjectMeta.Labels' || path === 'GetLabels()')) return { kind: 'label', key: k };
    return undefined;
  }
  const path = pathOn(e, item);
  if (!path) return undefined;
  const meta = META_FIELDS[path];
  if (meta) return { kind: 'field', label: meta, typed: false };
  if (resource === 'pods' && POD_FIELDS[path]) return { kind: 'field', ...POD_FIELDS[path] };
  return undefined;
}

/** `item.A.B` -> "A.B"; `item.GetName()` -> "GetName()". */
function pathOn(expr: Node, item: string): string | undefined {
  const e = unwrap(expr);
  if (e.type === 'call_expression' && e.childForFieldName('arguments')?.namedChildCount === 0) {
    const inner = pathOn(e.childForFieldName('function')!, item);
    return inner ? `${inner}()` : undefined;
  }
  const p = selectorPath(e);
  if (!p || p[0] !== item || p.length < 2) return undefined;
  return p.slice(1).join('.');
}

/** A value usable as a selector operand: a literal, a name, a selector chain, a conversion of one. */
function plainValue(n: Node): boolean {
  const e = unwrap(n);
  if (stringValue(e) !== undefined) return true;
  return !!selectorPath(e);
}

/** Conjuncts of `cond` joined by `op` (`&&` or `||`). */
function split(cond: Node, op: string): Node[] {
  const c = unwrap(cond);
  if (c.type === 'binary_expression' && c.childForFieldName('operator')?.type === op) {
    return [...split(c.childForFieldName('left')!, op), ...split(c.childForFieldName('right')!, op)];
  }
  return [c];
}

/** `item.F <eq> v` or `v <eq> item.F` -> a guard; undefined for anything else. */
function comparison(c: Node, eq: '==' | '!=', item: string, loop: Node, resource: string | undefined): Guard | undefined {
  if (c.type !== 'binary_expression' || c.childForFieldName('operator')?.type !== eq) return undefined;
  const l = c.childForFieldName('left')!;
  const r = c.childForFieldName('right')!;
  for (const [a, b] of [
    [l, r],
    [r, l],
  ]) {
    const ref = fieldRef(a, item, resource);
    if (ref && plainValue(b) && !dependsOn(b, loop)) return { cmp: c, ref, value: unwrap(b) };
  }
  return undefined;
}

/**
 * A store's items are `interface{}`: `p := obj.(*v1.Pod)` (or `p, ok := ...` followed by
 * `if !ok { continue }`, or `m, err := meta.Accessor(obj)` followed by
 * `if err != nil { continue }`) at the top of the body names the item the guards then read.
 */
export function assertedItem(stmts: Node[], item: string): { item: string; next: number } {
  const s = stmts[0];
  if (s?.type !== 'short_var_declaration') return { item, next: 0 };
  const right = s.childForFieldName('right');
  const rhs = right?.type === 'expression_list' ? right.namedChildren : right ? [right] : [];
  const value = rhs.length === 1 && rhs[0] ? unwrap(rhs[0]) : undefined;
  const asserted = value?.type === 'type_assertion_expression' && value.childForFieldName('operand')?.text === item;
  const accessor = value?.type === 'call_expression' && /(^|\.)Accessor$/.test(value.childForFieldName('function')?.text ?? '') && value.childForFieldName('arguments')?.text === `(${item})`;
  if (!asserted && !accessor) return { item, next: 0 };
  const left = s.childForFieldName('left');
  const lhs = left?.type === 'expression_list' ? left.namedChildren : left ? [left] : [];
  const name = lhs[0]?.type === 'identifier' ? lhs[0].text : undefined;
  if (!name || name === '_') return { item, next: 0 };
  if (lhs.length === 1) return asserted ? { item: name, next: 1 } : { item, next: 0 };
  // `p, ok := obj.(*T)` needs `if !ok { continue }` next, `m, err := meta.Accessor(obj)`
  // `if err != nil { continue }`: otherwise p may be nil.
  const second = lhs[1]?.text;
  const check = stmts[1];
  const cons = check?.type === 'if_statement' ? statementsOf(check.childForFieldName('consequence')) : [];
  const cond = check?.childForFieldName('condition')?.text.replace(/\s/g, '');
  const expected = asserted ? `!${second}` : `${second}!=nil`;
  if (check?.childForFieldName('alternative') || cons.length !== 1 || cons[0].type !== 'continue_statement' || cond !== expected) return { item, next: 0 };
  return { item: name, next: 2 };
}

/**
 * The equalities an items loop's body is guarded by: leading `if item.F != v { continue }`
 * statements, then optionally a body that is one `if item.F == v { ... }` without else.
 * When any condition has another shape, the guards found so far still hold for the rest.
 */
function guardsOf(loop: Node, item: string, resource: string | undefined): Guard[] {
  const guards: Guard[] = [];
  const stmts = statementsOf(loop.childForFieldName('body'));
  const asserted = assertedItem(stmts, item);
  item = asserted.item;
  let i = asserted.next;
  for (; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.type !== 'if_statement' || s.childForFieldName('alternative') || s.childForFieldName('initializer')) break;
    const cons = statementsOf(s.childForFieldName('consequence'));
    if (cons.length !== 1 || cons[0].type !== 'continue_statement' || cons[0].namedChildCount > 0) break;
    // if a != x || b != y { continue }  keeps items with a == x && b == y
    const parts = split(s.childForFieldName('condition')!, '||');
    const found = parts.map((p) => comparison(p, '!=', item, loop, resource));
    if (found.some((g) => !g)) break;
    guards.push(...(found as Guard[]));
  }
  const rest = stmts.slice(i);
  if (rest.length === 1 && rest[0].type === 'if_statement' && !rest[0].childForFieldName('alternative') && !rest[0].childForFieldName('initializer')) {
    const parts = split(rest[0].childForFieldName('condition')!, '&&');
    for (const p of parts) {
      const g = comparison(p, '==', item, loop, resource);
      if (g) guards.push(g);
    }
  }
  return guards;
}

/**
 * Where a read puts the items it returns: `x.Items` of its result (client-go), `x.Items` of
 * the `&x` it fills (controller-runtime's `List(ctx, &x, ...)`), or the slice it returns
 * (listers, indexers).
 */
export type ItemsHolder = { kind: 'result-items' } | { kind: 'argument-items'; arg: Node } | { kind: 'result-slice' };

// KLL101 and KLL102 both ask for every API LIST's result use: computed once per tree.
const resultUseCache = new WeakMap<object, Map<string, ResultUse | undefined>>();

/** How the list returned by `call` (a LIST of `resource`) is used in its function. */
export function listResultUse(call: Node, resource: string | undefined): ResultUse | undefined {
  return itemsUse(call, resource, { kind: 'result-items' });
}

/** How the items `call` reads (a list of `resource`) are used in its function, wherever `holder` says they are. */
export function itemsUse(call: Node, resource: string | undefined, holder: ItemsHolder): ResultUse | undefined {
  let perTree = resultUseCache.get(call.tree);
  if (!perTree) resultUseCache.set(call.tree, (perTree = new Map()));
  const key = `${call.startIndex} ${resource ?? ''} ${holder.kind}`;
  if (perTree.has(key)) return perTree.get(key);
  const use = computeResultUse(call, resource, holder);
  perTree.set(key, use);
  return use;
}

/** The statement `node` is part of (the initializer of an `if` is a statement of its own). */
function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'statement_list' && n.parent.type !== 'block' && n.parent.type !== 'if_statement') n = n.parent;
  return n;
}

/** `&x` -> x, when x is a local declared before. */
function addressedLocal(arg: Node): Node | undefined {
  const id = arg.type === 'unary_expression' && arg.child(0)?.type === '&' ? unwrap(arg) : undefined;
  if (id?.type !== 'identifier') return undefined;
  const b = findBinding(id);
  return b && !b.isParameter ? id : undefined;
}

function computeResultUse(call: Node, resource: string | undefined, holder: ItemsHolder): ResultUse | undefined {
  const fn = enclosingFunction(call);
  const body = fn?.childForFieldName('body');
  if (!body) return undefined;
  let binding: ResultBinding | undefined;
  let declStart: number;
  let after: number;
  if (holder.kind === 'argument-items') {
    const id = addressedLocal(holder.arg);
    if (!id) return undefined;
    binding = { stmt: statementOf(call), list: id };
    declStart = findBinding(id)!.decl.startIndex;
    after = call.endIndex;
  } else {
    binding = resultBinding(call);
    if (!binding?.list) return undefined;
    declStart = binding.stmt.startIndex;
    after = binding.stmt.endIndex;
  }
  const name = binding.list!.text;
  const loops: ItemsLoop[] = [];
  const otherUses: Node[] = [];
  const named = identifiersNamed(body, name);
  for (const id of named) {
    if (id.startIndex <= after) continue;
    const b = findBinding(id);
    if (b?.decl.startIndex !== declStart) {
      // A later `x, err = ...` re-assigns the same variable: give up rather than guess.
      if (!b) return undefined;
      continue;
    }
    const sel = holder.kind === 'result-slice' ? id : id.parent;
    const rc = sel?.parent;
    const left = rc?.type === 'range_clause' ? rc.childForFieldName('left') : undefined;
    const vars = left?.type === 'expression_list' ? left.namedChildren : [];
    const itemVar = vars[1];
    const items = holder.kind === 'result-slice' || (sel?.type === 'selector_expression' && sel.childForFieldName('field')?.text === 'Items');
    if (sel && items && rc?.type === 'range_clause' && rc.childForFieldName('right')?.startIndex === sel.startIndex && itemVar?.type === 'identifier') {
      const loop = rc.parent!;
      loops.push({ loop, item: itemVar, guards: guardsOf(loop, itemVar.text, resource) });
    } else {
      otherUses.push(id);
    }
  }
  // Assigned elsewhere (`x, err = other()`) means the uses are not all of this list.
  for (const id of named) {
    const p = id.parent?.parent;
    if (p?.type === 'assignment_statement' && p.startIndex !== binding.stmt.startIndex && p.childForFieldName('left')?.startIndex === id.parent?.startIndex) return undefined;
  }
  return { binding, loops, otherUses };
}

/** True when every item the code touches passes a guard matching `pred` in every loop. */
export function everyUseGuarded(use: ResultUse, pred: (g: Guard) => boolean): boolean {
  return use.otherUses.length === 0 && use.loops.length > 0 && use.loops.every((l) => l.guards.some(pred));
}

/**
 * True when every name `expr` reads is already bound where `call` runs: a parameter, a
 * local declared before it in an enclosing block, or something package-level.
 */
export function visibleAt(expr: Node, call: Node): boolean {
  const ids = expr.type === 'identifier' ? [expr] : expr.descendantsOfType('identifier');
  for (const id of ids) {
    if (!id) continue;
    const b = findBinding(id);
    if (!b) continue;
    if (b.isParameter) {
      if (!isAncestor(b.fn, call)) return false;
      continue;
    }
    if (!dominates(b.decl, call)) return false;
  }
  return true;
}
