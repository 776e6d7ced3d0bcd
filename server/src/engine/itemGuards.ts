// The conditions at the top of a loop over a list's items that decide which items the body
// acts on, as facts the server could evaluate: a selectable field equal to a value, a label
// equal to a value, or a labels.Selector matched against the item's labels. Conditions may
// sit in a helper of the same file (`if !isRunning(&pod) { continue }`). Parts of a
// condition that are none of these are left out: the guards found are necessary
// conditions of keeping an item, never sufficient ones.
import type { Node } from 'web-tree-sitter';
import { findBinding, usesOf } from './locals';
import { dependsOn } from './loops';
import { selectableField, type FieldType, type ListedKind } from './selectableFields';
import { blockStatements, callArgs, intValue, parameterNames, selectorPath, stringValue, unwrap } from './syntax';

/** What a condition compares: a server-selectable field, a label, or a whole labels.Selector. */
export type FieldRef =
  | { kind: 'field'; label: string; type: FieldType }
  /** `keyNode`: the key is a Go expression (a constant), `key` its text. */
  | { kind: 'label'; key: string; keyNode?: Node }
  | { kind: 'selector' };

export interface Guard {
  /** The comparison (or call, or bare boolean field) that keeps the item. */
  cmp: Node;
  ref: FieldRef;
  /** The value the item must equal; for a selector, the labels.Selector expression. */
  value: Node;
  /** The value as the caller writes it (`r.node` for a method's `c.node` called as `r.f(p)`). */
  text: string;
  /** The caller's nodes the value reads: they must be bound, and unchanged, at the LIST. */
  roots: Node[];
  /** The selector text of the value when it is fixed by the code's shape (`false` for `if n.Spec.Unschedulable { continue }`). */
  literal?: string;
  /** The same-file helper the condition is in (`isRunning`). */
  helper?: string;
}

/** Whether a node is the loop's item: `pod`, `&pod`, `list.Items[i]`, `&list.Items[i]`. */
export type ItemMatcher = (n: Node) => boolean;

/** `item.A.B` -> "A.B"; `item.GetName()` -> "GetName()". */
function pathOn(expr: Node, isItem: ItemMatcher): string | undefined {
  const e = unwrap(expr);
  if (e.type === 'call_expression' && e.childForFieldName('arguments')?.namedChildCount === 0) {
    const inner = pathOn(e.childForFieldName('function')!, isItem);
    return inner ? `${inner}()` : undefined;
  }
  if (e.type !== 'selector_expression') return undefined;
  const operand = e.childForFieldName('operand')!;
  const field = e.childForFieldName('field')!.text;
  if (isItem(operand)) return field;
  const inner = pathOn(operand, isItem);
  return inner ? `${inner}.${field}` : undefined;
}

const LABEL_PATHS = new Set(['Labels', 'ObjectMeta.Labels', 'GetLabels()']);

/** The field of the item that `expr` reads, in apiserver terms. */
function fieldRef(expr: Node, place: Place): FieldRef | undefined {
  const e = unwrap(expr);
  // `v` of a leading `v, ok := item.Labels[k]`.
  if (e.type === 'identifier' && place.labelReads.has(e.text)) return fieldRef(place.labelReads.get(e.text)!, place);
  if (e.type === 'index_expression') {
    const key = e.childForFieldName('index');
    const op = e.childForFieldName('operand');
    const path = op ? pathOn(op, place.isItem) : undefined;
    if (!key || !path || !LABEL_PATHS.has(path)) return undefined;
    const k = stringValue(key);
    if (k !== undefined) return { kind: 'label', key: k };
    // A constant or variable key (`LabelKey`): the selector is built from the expression.
    const keyVal = valueAt(key, place);
    // A key read through a receiver would need the caller's text: not followed.
    return keyVal && keyVal.text === keyVal.node.text ? { kind: 'label', key: keyVal.text, keyNode: keyVal.node } : undefined;
  }
  const path = pathOn(e, place.isItem);
  const f = path ? selectableField(place.kind, path) : undefined;
  return f ? { kind: 'field', ...f } : undefined;
}

/** A value usable as a selector operand: a literal, a name, a selector chain, a conversion of one. */
function plainValue(n: Node): boolean {
  const e = unwrap(n);
  return stringValue(e) !== undefined || e.type === 'int_literal' || !!selectorPath(e);
}

/** Conjuncts of `cond` joined by `op` (`&&` or `||`). */
function split(cond: Node, op: string): Node[] {
  const c = unwrap(cond);
  if (c.type === 'binary_expression' && c.childForFieldName('operator')?.type === op) {
    return [...split(c.childForFieldName('left')!, op), ...split(c.childForFieldName('right')!, op)];
  }
  return [c];
}

/** Where a condition is read: the loop (values from it are not fixed), and a helper's parameters. */
interface Place {
  isItem: ItemMatcher;
  kind: ListedKind;
  loop: Node;
  /** In a helper: its parameter names -> the caller's arguments. */
  params?: Map<string, Node>;
  /** In a method: its receiver's name and the call's operand (`r` of `r.f(p)`). */
  receiver?: { name: string; operand: Node };
  helper?: string;
  /** Helpers already entered (no recursion). */
  depth: number;
  /** `v` -> `item.Labels[k]` for `v, ok := item.Labels[k]` before the conditions. */
  labelReads: Map<string, Node>;
}

/** A value as the caller sees it: the node, its text at the call, the caller's nodes it reads. */
interface Val {
  node: Node;
  text: string;
  roots: Node[];
}

/**
 * The value as the caller sees it: a helper's parameter becomes the argument passed for
 * it, a field of a method's receiver the same field of the call's operand.
 */
function valueAt(v: Node, place: Place): Val | undefined {
  const e = unwrap(v);
  if (!plainValue(e)) return undefined;
  if (!place.params) return dependsOn(e, place.loop) ? undefined : { node: e, text: e.text, roots: [e] };
  if (e.type === 'identifier' && place.params.has(e.text)) {
    // A parameter the function assigns no longer holds the caller's argument.
    const b = findBinding(e);
    if (!b || usesOf(b).writes.length > 0) return undefined;
    const arg = unwrap(place.params.get(e.text)!);
    return plainValue(arg) && !dependsOn(arg, place.loop) ? { node: arg, text: arg.text, roots: [arg] } : undefined;
  }
  const path = selectorPath(e);
  const recv = place.receiver;
  if (recv && path && path.length > 1 && path[0] === recv.name) {
    const op = unwrap(recv.operand);
    if (!selectorPath(op) || dependsOn(op, place.loop)) return undefined;
    return { node: e, text: [op.text, ...path.slice(1)].join('.'), roots: [op] };
  }
  // Any other reading of a parameter (`cfg.Node`) is not a value of the caller's.
  const ids = e.type === 'identifier' ? [e] : e.descendantsOfType('identifier');
  if (ids.some((id) => id && (place.params!.has(id.text) || id.text === recv?.name))) return undefined;
  return { node: e, text: e.text, roots: [e] };
}

/** `item.F == v` / `v == item.F`, true for every kept item. */
function equality(c: Node, place: Place): Guard | undefined {
  const l = c.childForFieldName('left')!;
  const r = c.childForFieldName('right')!;
  for (const [a, b] of [
    [l, r],
    [r, l],
  ]) {
    const ref = fieldRef(a, place);
    if (!ref || (ref.kind === 'field' && (ref.type === 'bool' || (ref.type === 'int' && intValue(unwrap(b)) === undefined)))) continue;
    const value = valueAt(b, place);
    if (!value) continue;
    // The selector holds the decimal form (strconv.Itoa on the server): `0x10` reads as 16.
    const literal = ref.kind === 'field' && ref.type === 'int' ? String(intValue(value.node)) : undefined;
    return { cmp: c, ref, value: value.node, text: value.text, roots: value.roots, literal, helper: place.helper };
  }
  return undefined;
}

/**
 * What keeping an item implies when condition `c` evaluates to `holds` for it: the guards
 * (possibly none) that every kept item satisfies.
 */
function implied(cond: Node, holds: boolean, place: Place): Guard[] {
  const c = unwrap(cond);
  if (c.type === 'unary_expression' && c.child(0)?.type === '!') return implied(c.childForFieldName('operand')!, !holds, place);
  if (c.type === 'binary_expression') {
    const op = c.childForFieldName('operator')?.type;
    // a && b holds: both hold; a || b fails: both fail.
    if ((op === '&&' && holds) || (op === '||' && !holds)) return split(c, op).flatMap((p) => implied(p, holds, place));
    if ((op === '==' && holds) || (op === '!=' && !holds)) {
      const g = equality(c, place);
      return g ? [g] : [];
    }
    return [];
  }
  if (c.type === 'call_expression') return callGuards(c, holds, place);
  const ref = fieldRef(c, place);
  if (ref?.kind === 'field' && ref.type === 'bool') return [{ cmp: c, ref, value: c, text: String(holds), roots: [], literal: String(holds), helper: place.helper }];
  return [];
}

/** `sel.Matches(labels.Set(item.Labels))` that holds, or a same-file predicate helper. */
function callGuards(c: Node, holds: boolean, place: Place): Guard[] {
  const fn = c.childForFieldName('function')!;
  const args = callArgs(c);
  if (fn.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Matches' && args.length === 1) {
    if (!holds || !isLabelSet(args[0], place)) return [];
    const sel = fn.childForFieldName('operand')!;
    const value = selectorValue(sel, place);
    return value ? [{ cmp: c, ref: { kind: 'selector' }, value: value.node, text: value.text, roots: value.roots, helper: place.helper }] : [];
  }
  return helperGuards(c, holds, place);
}

/** `labels.Set(item.Labels)` (the labels package under any name). */
function isLabelSet(arg: Node, place: Place): boolean {
  const a = unwrap(arg);
  if (a.type !== 'call_expression') return false;
  const f = selectorPath(a.childForFieldName('function')!);
  const inner = callArgs(a);
  if (!f || f.length !== 2 || f[1] !== 'Set' || !labelsPackages(a).has(f[0]) || inner.length !== 1) return false;
  const path = pathOn(inner[0], place.isItem);
  return !!path && LABEL_PATHS.has(path);
}

/** A labels.Selector the caller holds: a name or chain, or `labels.SelectorFromSet(x)` of one. */
function selectorValue(sel: Node, place: Place): Val | undefined {
  const s = unwrap(sel);
  if (s.type === 'call_expression') {
    const f = selectorPath(s.childForFieldName('function')!);
    const args = callArgs(s);
    if (!f || f.length !== 2 || !labelsPackages(s).has(f[0]) || !/^SelectorFrom(Validated)?Set$/.test(f[1]) || args.length !== 1) return undefined;
    if (place.params || !plainValue(args[0]) || dependsOn(args[0], place.loop)) return undefined;
    return { node: s, text: s.text, roots: [s] };
  }
  return valueAt(s, place);
}

const labelsImports = new WeakMap<object, Set<string>>();

/** Local names of k8s.io/apimachinery/pkg/labels in the file of `n`. */
function labelsPackages(n: Node): Set<string> {
  let names = labelsImports.get(n.tree);
  if (names) return names;
  names = new Set();
  for (const spec of n.tree.rootNode.descendantsOfType('import_spec')) {
    const p = spec?.childForFieldName('path');
    if (!p || stringValue(p) !== 'k8s.io/apimachinery/pkg/labels') continue;
    names.add(spec!.childForFieldName('name')?.text ?? 'labels');
  }
  labelsImports.set(n.tree, names);
  return names;
}

/**
 * `isRunning(&pod)` / `r.onNode(pod, node)`: a function or method of this file, named once,
 * whose body is `return <condition>` on its item parameter, possibly after
 * `if <cond> { return false }` statements. Other arguments stand for the parameters they
 * are passed as.
 */
function helperGuards(c: Node, holds: boolean, place: Place): Guard[] {
  if (place.depth > 0) return [];
  const fnExpr = unwrap(c.childForFieldName('function')!);
  if (fnExpr.type === 'selector_expression' && place.isItem(fnExpr.childForFieldName('operand')!)) return [];
  const callee = sameFileCallee(c);
  if (!callee) return [];
  const { decl, name, params } = callee;
  const args = callArgs(c);
  const itemAt = args.map((a) => place.isItem(a));
  if (itemAt.filter(Boolean).length !== 1) return [];
  const itemParam = params[itemAt.indexOf(true)];
  const others = new Map<string, Node>();
  params.forEach((p, i) => {
    if (!itemAt[i] && p !== '_') others.set(p, args[i]);
  });
  const stmts = blockStatements(decl.childForFieldName('body'));
  const returned = (st: Node | undefined) => {
    const r = st?.type === 'return_statement' && st.namedChildCount === 1 ? st.namedChild(0)! : undefined;
    return r?.type === 'expression_list' ? (r.namedChildCount === 1 ? r.namedChild(0)! : undefined) : r;
  };
  const expr = returned(stmts[stmts.length - 1]);
  // `if <cond> { return false }` first: an item the helper keeps (true) fails each cond.
  const early = stmts.slice(0, -1);
  const earlyConds: Node[] = [];
  for (const st of early) {
    const cons = st.type === 'if_statement' && !st.childForFieldName('alternative') && !st.childForFieldName('initializer') ? blockStatements(st.childForFieldName('consequence')) : [];
    if (cons.length !== 1 || returned(cons[0])?.text !== 'false') return [];
    earlyConds.push(st.childForFieldName('condition')!);
  }
  // An item the helper rejects (false) may have left at any early return: nothing follows.
  if (!expr || itemParam === '_' || (earlyConds.length && !holds)) return [];
  const recvName = decl.childForFieldName('receiver')?.descendantsOfType('identifier')[0]?.text;
  const inner: Place = {
    receiver: recvName && fnExpr.type === 'selector_expression' ? { name: recvName, operand: fnExpr.childForFieldName('operand')! } : undefined,
    isItem: (n) => unwrap(n).type === 'identifier' && unwrap(n).text === itemParam,
    kind: place.kind,
    loop: place.loop,
    params: others,
    helper: name,
    depth: place.depth + 1,
    labelReads: new Map(),
  };
  return [...earlyConds.flatMap((c) => implied(c, false, inner)), ...implied(expr, holds, inner)];
}

/**
 * The function or method of this file that `call` calls, named once in the file, with its
 * parameter names (one per argument); undefined otherwise.
 */
export function sameFileCallee(call: Node): { decl: Node; name: string; params: string[] } | undefined {
  const fnExpr = unwrap(call.childForFieldName('function')!);
  const name = fnExpr.type === 'identifier' ? fnExpr.text : fnExpr.type === 'selector_expression' ? fnExpr.childForFieldName('field')!.text : undefined;
  if (!name) return undefined;
  const decl = declarationOf(call, name, fnExpr.type === 'identifier' ? 'function_declaration' : 'method_declaration');
  const params = decl ? parameterNames(decl) : undefined;
  return decl && params?.complete && params.names.length === callArgs(call).length ? { decl, name, params: params.names } : undefined;
}

const declarations = new WeakMap<object, Map<string, Node[]>>();

/** The one top-level declaration of `name` of this type in the file of `n`. */
function declarationOf(n: Node, name: string, type: 'function_declaration' | 'method_declaration'): Node | undefined {
  let byName = declarations.get(n.tree);
  if (!byName) {
    byName = new Map();
    for (const d of n.tree.rootNode.namedChildren) {
      if (!d || (d.type !== 'function_declaration' && d.type !== 'method_declaration')) continue;
      const key = `${d.type} ${d.childForFieldName('name')?.text}`;
      byName.set(key, [...(byName.get(key) ?? []), d]);
    }
    declarations.set(n.tree, byName);
  }
  const found = byName.get(`${type} ${name}`) ?? [];
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The guards of an items loop's body, from statement `from` on: leading
 * `if <cond> { continue }` statements (kept items make `cond` false), then optionally a
 * body that is one `if <cond> { ... }` without else (kept items make it true). Parts of a
 * condition that say nothing selectable are skipped; the rest still holds. In a `helper`
 * the items come from, its parameters stand for the caller's arguments.
 */
export function guardsOf(loop: Node, isItem: ItemMatcher, kind: ListedKind, from = 0, helper?: { name: string; params: Map<string, Node> }): Guard[] {
  const copies = new Set<string>();
  const place: Place = {
    isItem: (n) => isItem(n) || (unwrap(n).type === 'identifier' && copies.has(unwrap(n).text)),
    kind,
    loop,
    depth: helper ? 1 : 0,
    labelReads: new Map(),
    params: helper?.params,
    helper: helper?.name,
  };
  const guards: Guard[] = [];
  const stmts = blockStatements(loop.childForFieldName('body')).slice(from);
  let i = 0;
  for (; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.type === 'short_var_declaration' && leadingRead(s, place, copies)) continue;
    if (s.type !== 'if_statement' || s.childForFieldName('alternative')) break;
    const init = s.childForFieldName('initializer');
    if (init && (init.type !== 'short_var_declaration' || !leadingRead(init, place, copies))) break;
    const cons = blockStatements(s.childForFieldName('consequence'));
    if (cons.length !== 1 || cons[0].type !== 'continue_statement' || cons[0].namedChildCount > 0) break;
    guards.push(...implied(s.childForFieldName('condition')!, false, place));
  }
  const rest = stmts.slice(i);
  const last = rest[0];
  if (rest.length === 1 && last.type === 'if_statement' && !last.childForFieldName('alternative')) {
    const init = last.childForFieldName('initializer');
    if (!init || (init.type === 'short_var_declaration' && leadingRead(init, place, copies))) guards.push(...implied(last.childForFieldName('condition')!, true, place));
  }
  return guards;
}

/**
 * A declaration before the conditions that only reads the item: a copy (`pod := pod`,
 * `p := &pod`), recorded in `copies`, or a label (`v, ok := pod.Labels[k]`), recorded in
 * the place's label reads. False for anything else.
 */
function leadingRead(decl: Node, place: Place, copies: Set<string>): boolean {
  const l = decl.childForFieldName('left');
  const r = decl.childForFieldName('right');
  const names = l?.namedChildren ?? [];
  if (r?.namedChildCount !== 1 || names.length === 0 || names.length > 2 || names.some((n) => n?.type !== 'identifier')) return false;
  const value = unwrap(r.namedChild(0)!);
  if (names.length === 1 && place.isItem(value)) {
    copies.add(names[0]!.text);
    return true;
  }
  if (value.type !== 'index_expression' || fieldRef(value, place)?.kind !== 'label') return false;
  if (names[0]!.text !== '_') place.labelReads.set(names[0]!.text, value);
  return true;
}
