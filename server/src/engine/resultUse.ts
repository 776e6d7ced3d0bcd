// How the result of a LIST is used: the variable it is bound to, the `range x.Items` loops
// over it, and the equality checks at the top of those loops that decide which items the
// code keeps. Computed lazily for one call from its function; conservative: anything that
// is not one of the shapes below counts as an unguarded use.
import type { Node } from 'web-tree-sitter';
import { dominates, findBinding } from './locals';
import { guardsOf, sameFileCallee, type Guard } from './itemGuards';
import type { ListedKind } from './selectableFields';
import { blockStatements as statementsOf, enclosingFunction, identifiersNamed, isAncestor, unwrap } from './syntax';

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

export type { FieldRef, Guard } from './itemGuards';

export interface ItemsLoop {
  loop: Node;
  /** The item variable (`pod`), or the index (`i`) of `list.Items[i]`. */
  item: Node;
  /** Equalities every item the body acts on satisfies. */
  guards: Guard[];
}

export interface ResultUse {
  binding: ResultBinding;
  loops: ItemsLoop[];
  /** Reads of the list variable other than through its items loops (len, passing it on, returning it). */
  otherUses: Node[];
}

/** The named variables of `for i, x := range ...` (`_` and absent ones left out). */
function rangeVars(rc: Node): { value?: Node; index?: Node } {
  const left = rc.childForFieldName('left');
  const vars = left?.type === 'expression_list' ? left.namedChildren : [];
  const named = (n: Node | null | undefined) => (n?.type === 'identifier' && n.text !== '_' ? n : undefined);
  return { value: named(vars[1]), index: named(vars[0]) };
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
 * Where a read puts the items it returns: `x.Items` of its result (client-go), `x.Items` of
 * the `&x` it fills (controller-runtime's `List(ctx, &x, ...)`), or the slice it returns
 * (listers, indexers).
 */
export type ItemsHolder = { kind: 'result-items' } | { kind: 'argument-items'; arg: Node } | { kind: 'result-slice' };

/** The items `id` (a read of the list variable) denotes: `x.Items`, or `x` itself for a slice. */
function itemsAt(id: Node, holder: ItemsHolder): Node | undefined {
  if (holder.kind === 'result-slice') return id;
  const sel = id.parent;
  return sel?.type === 'selector_expression' && sel.childForFieldName('field')?.text === 'Items' && sel.childForFieldName('operand')?.startIndex === id.startIndex ? sel : undefined;
}

/** `x.Items[i]` (or `x[i]` for a slice) with `id` the `x` and the index an identifier named `index`, or undefined. */
function indexedItem(id: Node, index: string, holder: ItemsHolder): Node | undefined {
  const items = itemsAt(id, holder);
  const ix = items?.parent;
  if (!items || ix?.type !== 'index_expression' || ix.childForFieldName('operand')?.startIndex !== items.startIndex) return undefined;
  const i = ix.childForFieldName('index');
  return i && unwrap(i).type === 'identifier' && unwrap(i).text === index ? ix : undefined;
}

/** The loop over the items that `id` (a read of `list`) heads, with its item and index names. */
function itemsLoopAt(id: Node, holder: ItemsHolder): { loop: Node; value?: Node; index?: Node } | undefined {
  const sel = itemsAt(id, holder);
  if (!sel) return undefined;
  const rc = sel.parent;
  if (rc?.type === 'range_clause' && rc.childForFieldName('right')?.startIndex === sel.startIndex) {
    const { value, index } = rangeVars(rc);
    return value || index ? { loop: rc.parent!, value, index } : undefined;
  }
  // for i := 0; i < len(list.Items); i++
  const call = sel.parent?.parent;
  const cmp = call?.parent;
  const clause = cmp?.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.text !== 'len' || cmp?.type !== 'binary_expression') return undefined;
  if (cmp.childForFieldName('operator')?.type !== '<' || cmp.childForFieldName('right')?.startIndex !== call.startIndex || clause?.type !== 'for_clause') return undefined;
  const index = cmp.childForFieldName('left');
  const init = clause.childForFieldName('initializer');
  const update = clause.childForFieldName('update');
  if (index?.type !== 'identifier' || !init?.text.startsWith(`${index.text} :=`) || update?.text !== `${index.text}++`) return undefined;
  return { loop: clause.parent!, index };
}

/**
 * `p := &list.Items[i]` (or without `&`) as the loop body's first statement: the name the
 * body reads the item by.
 */
function itemAlias(loop: Node, list: string, index: Node, holder: ItemsHolder): Node | undefined {
  const first = statementsOf(loop.childForFieldName('body'))[0];
  if (first?.type !== 'short_var_declaration') return undefined;
  const l = first.childForFieldName('left');
  const r = first.childForFieldName('right');
  if (l?.namedChildCount !== 1 || r?.namedChildCount !== 1) return undefined;
  const v = unwrap(r.namedChild(0)!);
  const op = v.type === 'index_expression' ? v.childForFieldName('operand') : undefined;
  const head = holder.kind === 'result-slice' ? op : op?.type === 'selector_expression' ? op.childForFieldName('operand') : undefined;
  if (head?.type !== 'identifier' || head.text !== list || !indexedItem(head, index.text, holder)) return undefined;
  const name = l.namedChild(0)!;
  return name.type === 'identifier' ? name : undefined;
}

// KLL101 and KLL102 both ask for every API LIST's result use: computed once per tree.
const resultUseCache = new WeakMap<object, Map<string, ResultUse | undefined>>();

/**
 * How the list returned by `call` (a LIST of `kind`, or of the resource named) is used in
 * its function; with `listArg`, the list the call fills in through that argument instead.
 */
export function listResultUse(call: Node, kind: ListedKind | string | undefined, listArg?: Node): ResultUse | undefined {
  return itemsUse(call, kind, listArg ? { kind: 'argument-items', arg: listArg } : { kind: 'result-items' });
}

/** How the items `call` reads (a list of `kind`) are used in its function, wherever `holder` says they are. */
export function itemsUse(call: Node, kind: ListedKind | string | undefined, holder: ItemsHolder): ResultUse | undefined {
  const k: ListedKind = typeof kind === 'string' || kind === undefined ? { resource: kind } : kind;
  let perTree = resultUseCache.get(call.tree);
  if (!perTree) resultUseCache.set(call.tree, (perTree = new Map()));
  const key = `${call.startIndex} ${k.resource ?? ''} ${k.groupVersion ?? ''} ${k.pkgPath ?? ''} ${k.minor ?? ''} ${holder.kind}`;
  if (perTree.has(key)) return perTree.get(key);
  const use = computeResultUse(call, k, holder);
  perTree.set(key, use);
  return use;
}

/**
 * The list a call fills in through its argument (`c.List(ctx, &pods)`): the statement that
 * makes the call and the local variable; undefined for a parameter (the caller reads it).
 */
function argumentBinding(call: Node, listArg: Node): { binding: ResultBinding; decl: Node } | undefined {
  const list = unwrap(listArg);
  const b = list.type === 'identifier' ? findBinding(list) : undefined;
  if (!b || b.isParameter) return undefined;
  let stmt: Node = call;
  while (stmt.parent && !['block', 'statement_list', 'if_statement', 'for_clause', 'expression_case'].includes(stmt.parent.type)) stmt = stmt.parent;
  return { binding: { stmt, list }, decl: b.decl };
}

function computeResultUse(call: Node, kind: ListedKind, holder: ItemsHolder): ResultUse | undefined {
  const byArgument = holder.kind === 'argument-items' ? argumentBinding(call, holder.arg) : undefined;
  const binding = holder.kind === 'argument-items' ? byArgument?.binding : resultBinding(call);
  const fn = enclosingFunction(call);
  const body = fn?.childForFieldName('body');
  if (!binding?.list || !body) return undefined;
  const decl = byArgument?.decl ?? binding.stmt;
  // Declared outside the function (a closure filling its caller's list): its uses are elsewhere too.
  if (!isAncestor(body, decl)) return undefined;
  const name = binding.list.text;
  const loops: ItemsLoop[] = [];
  const indexed: { loop: Node; index: string }[] = [];
  const rest: Node[] = [];
  const named = identifiersNamed(body, name);
  for (const id of named) {
    if (id.startIndex <= binding.stmt.endIndex) continue;
    const b = findBinding(id);
    if (b?.decl.startIndex !== decl.startIndex) {
      // A later `x, err = ...` re-assigns the same variable: give up rather than guess.
      if (!b) return undefined;
      continue;
    }
    const at = itemsLoopAt(id, holder);
    if (!at) {
      rest.push(id);
      continue;
    }
    const alias = at.index ? itemAlias(at.loop, name, at.index, holder) : undefined;
    // A store's `interface{}` item named again as its type (`p := obj.(*v1.Pod)`).
    const asserted = at.value && !alias ? assertedItem(statementsOf(at.loop.childForFieldName('body')), at.value.text) : undefined;
    const names = new Set([at.value?.text, alias?.text, asserted?.item].filter((x): x is string => !!x));
    const index = at.index?.text;
    const isItem = (n: Node) => {
      const e = unwrap(n);
      if (e.type === 'identifier') return names.has(e.text);
      if (e.type !== 'index_expression' || !index) return false;
      const op = e.childForFieldName('operand');
      const head = holder.kind === 'result-slice' ? op : op?.childForFieldName('operand');
      return head?.type === 'identifier' && head.text === name && !!indexedItem(head, index, holder);
    };
    if (index) indexed.push({ loop: at.loop, index });
    loops.push({ loop: at.loop, item: at.value ?? at.index!, guards: guardsOf(at.loop, isItem, kind, alias ? 1 : (asserted?.next ?? 0)) });
  }
  // `list.Items[i]` inside the loop over index `i` is that loop's item, not another use.
  const otherUses = rest.filter((id) => !indexed.some((l) => isAncestor(l.loop, id) && indexedItem(id, l.index, holder)));
  // Assigned elsewhere (`x, err = other()`) means the uses are not all of this list.
  for (const id of named) {
    const p = id.parent?.parent;
    if (p?.type === 'assignment_statement' && p.startIndex !== binding.stmt.startIndex && p.childForFieldName('left')?.startIndex === id.parent?.startIndex) return undefined;
  }
  return { binding, loops, otherUses };
}

/**
 * `f(list.Items, ...)` with `f` a function of this file that only ranges over that
 * parameter (`for _, p := range pods`, or `pods[i]` in `for i := range pods`): its loops,
 * with the guards read in `f` (its other parameters standing for the caller's arguments).
 * Undefined when `id` (a read of the list) is not such an argument, or `f` uses the slice
 * any other way (returns it, passes it on, takes its length).
 */
export function helperLoops(id: Node, kind: ListedKind): ItemsLoop[] | undefined {
  const sel = id.parent;
  const argList = sel?.parent;
  const call = argList?.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('field')?.text !== 'Items' || argList?.type !== 'argument_list' || call?.type !== 'call_expression') return undefined;
  const callee = sameFileCallee(call);
  const args = argList.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  const k = args.findIndex((a) => a.startIndex === sel.startIndex);
  const body = callee?.decl.childForFieldName('body');
  if (!callee || k < 0 || !body || callee.decl.startIndex <= id.startIndex && callee.decl.endIndex >= id.endIndex) return undefined;
  const slice = callee.params[k];
  const params = new Map<string, Node>();
  callee.params.forEach((p, i) => {
    if (i !== k && p !== '_') params.set(p, args[i]);
  });
  const loops: ItemsLoop[] = [];
  const indexed: { loop: Node; index: string }[] = [];
  const uses = identifiersNamed(body, slice);
  for (const use of uses) {
    const rc = use.parent;
    if (rc?.type !== 'range_clause' || rc.childForFieldName('right')?.startIndex !== use.startIndex) continue;
    const { value, index } = rangeVars(rc);
    if (!value && !index) return undefined;
    const loop = rc.parent!;
    const isItem = (n: Node) => {
      const e = unwrap(n);
      if (e.type === 'identifier') return e.text === value?.text;
      const op = e.type === 'index_expression' ? e.childForFieldName('operand') : undefined;
      const ix = e.type === 'index_expression' ? e.childForFieldName('index') : undefined;
      return op?.type === 'identifier' && op.text === slice && !!index && ix?.text === index.text;
    };
    if (index) indexed.push({ loop, index: index.text });
    loops.push({ loop, item: value ?? index!, guards: guardsOf(loop, isItem, kind, 0, { name: callee.name, params }) });
  }
  // Every other read of the slice: `slice[i]` inside its index loop only.
  for (const use of uses) {
    if (use.parent?.type === 'range_clause' && use.parent.childForFieldName('right')?.startIndex === use.startIndex) continue;
    const ix = use.parent;
    const i = ix?.type === 'index_expression' && ix.childForFieldName('operand')?.startIndex === use.startIndex ? ix.childForFieldName('index')?.text : undefined;
    if (!i || !indexed.some((l) => l.index === i && isAncestor(l.loop, use))) return undefined;
  }
  return loops.length ? loops : undefined;
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
