// Which namespace a loop over listed items keeps: `if p.Namespace != ns { continue }`
// (resultUse's guards), or the same comparison inside a same-file helper
// (`if !inNamespace(p, ns) { continue }`, `if c.watches(p) { ... }` with
// `return p.GetNamespace() == c.namespace`). Also whether a loop reads the item's namespace
// any other way (grouping, excluding), which makes a cluster-wide read deliberate.
import type { Node } from 'web-tree-sitter';
import { findBinding } from './locals';
import { calleeOf, receiverOf, type ScopeFacts } from './loops';
import { assertedItem, visibleAt, type ItemsLoop, type ResultUse } from './resultUse';
import { blockStatements, callArgs, identifiersNamed, isAncestor, parameterNames, selectorPath, stringValue, unwrap } from './syntax';

export interface NamespaceKeep {
  /** The comparison or the helper call, for the related location. */
  cmp: Node;
  /** The namespace the loop keeps, as a Go expression valid where the list is read. */
  value: string;
  /** The nodes `value` reads, to check they are bound at the read. */
  reads: Node[];
}

const NAMESPACE_PATHS = new Set(['Namespace', 'ObjectMeta.Namespace', 'GetNamespace()']);

/** `x.Namespace`, `x.ObjectMeta.Namespace`, `x.GetNamespace()` -> x's name; undefined for anything else. */
export function namespaceOwner(expr: Node): string | undefined {
  let e = unwrap(expr);
  let call = '';
  if (e.type === 'call_expression' && callArgs(e).length === 0) {
    e = e.childForFieldName('function')!;
    call = '()';
  }
  const p = selectorPath(e);
  if (!p || p.length < 2) return undefined;
  return NAMESPACE_PATHS.has(p.slice(1).join('.') + call) ? p[0] : undefined;
}

function isEmptyNamespace(n: Node): boolean {
  const s = stringValue(n);
  if (s !== undefined) return s === '';
  return selectorPath(unwrap(n))?.at(-1) === 'NamespaceAll';
}

function operands(c: Node): [Node, Node] | undefined {
  const l = c.childForFieldName('left');
  const r = c.childForFieldName('right');
  return l && r ? [unwrap(l), unwrap(r)] : undefined;
}

/**
 * A helper's body `return p.GetNamespace() == v` (either order), optionally
 * `v == "" || p.Namespace == v` (an empty namespace means all, as it does in `Pods(v)`):
 * the index of the object parameter and the compared value.
 */
function helperComparison(fn: Node): { objParam: number; value: Node } | undefined {
  const stmts = blockStatements(fn.childForFieldName('body'));
  if (stmts.length !== 1 || stmts[0].type !== 'return_statement') return undefined;
  const list = stmts[0].namedChild(0);
  const ret = list?.type === 'expression_list' ? (list.namedChildCount === 1 ? list.namedChild(0) : null) : list;
  if (!ret) return undefined;
  let e = unwrap(ret);
  let emptyCheck: Node | undefined;
  if (e.type === 'binary_expression' && e.childForFieldName('operator')?.type === '||') {
    emptyCheck = unwrap(e.childForFieldName('left')!);
    e = unwrap(e.childForFieldName('right')!);
  }
  if (e.type !== 'binary_expression' || e.childForFieldName('operator')?.type !== '==') return undefined;
  const ops = operands(e);
  if (!ops) return undefined;
  const params = parameterNames(fn).names;
  for (const [a, b] of [ops, [ops[1], ops[0]]]) {
    const obj = namespaceOwner(a);
    const i = obj ? params.indexOf(obj) : -1;
    if (i < 0 || namespaceOwner(b)) continue;
    if (emptyCheck) {
      const eo = emptyCheck.type === 'binary_expression' && emptyCheck.childForFieldName('operator')?.type === '==' ? operands(emptyCheck) : undefined;
      if (!eo || !eo.some((x) => x.text === b.text) || !eo.some(isEmptyNamespace)) return undefined;
    }
    return { objParam: i, value: b };
  }
  return undefined;
}

/**
 * `helper(item, ns)` / `c.helper(item)` whose same-file body compares the item's namespace:
 * the kept namespace in the caller's terms (a parameter's argument, or a receiver field
 * read on the caller's receiver).
 */
function helperKeep(call: Node, item: string, scope: ScopeFacts): NamespaceKeep | undefined {
  const fnNode = call.childForFieldName('function');
  const name = fnNode?.type === 'selector_expression' ? fnNode.childForFieldName('field')?.text : fnNode?.text;
  if (!name) return undefined;
  const callee = calleeOf({ node: call, name, callees: scope.functions.get(name) ?? [] });
  const cmp = callee ? helperComparison(callee) : undefined;
  if (!callee || !cmp) return undefined;
  const args = callArgs(call);
  const objArg = args[cmp.objParam];
  if (!objArg || objArg.text.replace(/^&/, '') !== item) return undefined;
  const params = parameterNames(callee).names;
  const v = cmp.value;
  const vi = v.type === 'identifier' ? params.indexOf(v.text) : -1;
  if (vi >= 0) {
    const arg = args[vi] ? unwrap(args[vi]) : undefined;
    if (!arg || (stringValue(arg) === undefined && !selectorPath(arg))) return undefined;
    return { cmp: call, value: arg.text, reads: [arg] };
  }
  // `return obj.Namespace == c.namespace` in a method called as `x.helper(item)`.
  const path = selectorPath(v);
  const recv = callee.type === 'method_declaration' ? receiverOf(callee)?.name : undefined;
  const operand = fnNode?.type === 'selector_expression' ? fnNode.childForFieldName('operand') : undefined;
  if (path && recv && path[0] === recv && path.length === 2 && operand && unwrap(operand).type === 'identifier') {
    return { cmp: call, value: `${operand.text}.${path[1]}`, reads: [operand] };
  }
  if (stringValue(v) !== undefined && findBinding(v) === undefined) return { cmp: call, value: v.text, reads: [] };
  return undefined;
}

/** `if !helper(item, ns) { continue }` at the top of the body, or a body that is one `if helper(item, ns) { ... }`. */
function helperKeeps(loop: Node, item: string, scope: ScopeFacts): NamespaceKeep[] {
  const stmts = blockStatements(loop.childForFieldName('body'));
  const start = assertedItem(stmts, item);
  const out: NamespaceKeep[] = [];
  let i = start.next;
  for (; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.type !== 'if_statement' || s.childForFieldName('alternative') || s.childForFieldName('initializer')) break;
    const cons = blockStatements(s.childForFieldName('consequence'));
    if (cons.length !== 1 || cons[0].type !== 'continue_statement') break;
    const c = unwrap(s.childForFieldName('condition')!);
    if (c.type !== 'unary_expression' || c.child(0)?.type !== '!') continue;
    const inner = c.namedChild(0) ? unwrap(c.namedChild(0)!) : undefined;
    const k = inner?.type === 'call_expression' ? helperKeep(inner, start.item, scope) : undefined;
    if (k) out.push(k);
  }
  const rest = stmts.slice(i);
  if (rest.length === 1 && rest[0].type === 'if_statement' && !rest[0].childForFieldName('alternative') && !rest[0].childForFieldName('initializer')) {
    const c = unwrap(rest[0].childForFieldName('condition')!);
    const k = c.type === 'call_expression' ? helperKeep(c, start.item, scope) : undefined;
    if (k) out.push(k);
  }
  return out;
}

/** The namespaces a loop keeps (the item's namespace equal to a value known before the loop). */
export function namespaceKeeps(loop: ItemsLoop, scope: ScopeFacts): NamespaceKeep[] {
  // Conditions in helpers are read by helperKeeps, which places them at the call.
  const direct = loop.guards
    .filter((g) => !g.helper && g.ref.kind === 'field' && g.ref.label === 'metadata.namespace')
    .map((g) => ({ cmp: g.cmp, value: g.text, reads: g.roots }));
  return [...direct, ...helperKeeps(loop.loop, loop.item.text, scope)];
}

/** True when the namespace a loop keeps is bound where `read` runs (so the read can take it). */
export function keepVisibleAt(k: NamespaceKeep, read: Node): boolean {
  return k.reads.every((n) => visibleAt(n, read));
}

/**
 * The loop reads its item's namespace outside the comparisons in `keeps`: it groups, logs or
 * excludes by namespace, so the items of other namespaces matter to it.
 */
export function readsItemNamespace(loop: ItemsLoop, keeps: NamespaceKeep[]): boolean {
  const body = loop.loop.childForFieldName('body');
  if (!body) return false;
  const item = assertedItem(blockStatements(body), loop.item.text).item;
  const names = new Set([loop.item.text, item]);
  for (const name of names) {
    for (const id of identifiersNamed(body, name)) {
      if (keeps.some((k) => isAncestor(k.cmp, id))) continue;
      const sel = id.parent;
      if (sel && namespaceOwner(sel.type === 'selector_expression' && sel.parent?.type === 'call_expression' ? sel.parent : sel) === name) return true;
      if (sel?.type === 'selector_expression' && sel.parent?.type === 'selector_expression' && namespaceOwner(sel.parent) === name) return true;
    }
  }
  return false;
}

/** Every loop of `use` keeps exactly the namespace `value`, and nothing else reads the items. */
export function onlyThisNamespace(use: ResultUse, scope: ScopeFacts, value: string): boolean {
  return use.otherUses.length === 0 && use.loops.length > 0 && use.loops.every((l) => namespaceKeeps(l, scope).some((k) => k.value === value));
}
