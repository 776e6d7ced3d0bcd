// A loop that deletes, one request each, every item of a LIST the same function just made
// (KLL204): `for _, p := range pods.Items { c.Pods(ns).Delete(ctx, p.Name, opts) }` or
// controller-runtime's `r.Delete(ctx, &p)`. Computed per Delete call from parent links.
import type { Node } from 'web-tree-sitter';
import type { ApiCallFact, FileFacts } from './facts';
import { loopFact } from './loops';
import { callArgs, foldWhitespace, FUNCTION_TYPES, isAncestor, unwrap } from './syntax';

export interface ListThenDelete {
  list: ApiCallFact;
  loop: Node;
}

/** The identifier a Delete names its object by: `p` of `p.Name`, `p.GetName()`, `&p`, `p`. */
function deletedItem(del: Node, controllerRuntime: boolean): Node | undefined {
  const args = callArgs(del);
  if (controllerRuntime) {
    if (args.length < 2) return undefined;
    const a = args[1];
    const id = a.type === 'unary_expression' && a.child(0)?.type === '&' ? a.childForFieldName('operand') : a;
    return id?.type === 'identifier' ? id : undefined;
  }
  if (args.length !== 3) return undefined;
  let name = unwrap(args[1]);
  if (name.type === 'call_expression' && callArgs(name).length === 0) name = name.childForFieldName('function')!;
  if (name.type !== 'selector_expression' || !/^(Name|GetName)$/.test(name.childForFieldName('field')?.text ?? '')) return undefined;
  const id = name.childForFieldName('operand');
  return id?.type === 'identifier' ? id : undefined;
}

const ERROR_WORDS = /^(nil|err\w*|\w*Err(or)?|Is[A-Z]\w*|Ignore[A-Z]\w*|errors|apierrors|kerrors|k8serrors|client)$/;

/** `err != nil`, `client.IgnoreNotFound(err) != nil`, `!apierrors.IsNotFound(err)`: about the error only. */
function aboutErrorOnly(cond: Node | null): boolean {
  const words = cond?.text.match(/[A-Za-z_]\w*/g) ?? [];
  return words.length > 0 && words.every((w) => ERROR_WORDS.test(w));
}

/** No statement in `body` skips an item: every `if` tests an error, every continue/break/goto sits in one. */
function keepsEverything(body: Node, del: Node): boolean {
  const errorBranches: Node[] = [];
  for (const s of body.descendantsOfType(['if_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement'])) {
    if (!s) continue;
    if (s.type !== 'if_statement' || !aboutErrorOnly(s.childForFieldName('condition'))) return false;
    const init = s.childForFieldName('initializer');
    // `if err := ...; err != nil`: the initializer must be the delete (or nothing).
    if (init && !isAncestor(init, del)) return false;
    const cons = s.childForFieldName('consequence');
    if (cons) errorBranches.push(cons);
  }
  for (const j of body.descendantsOfType(['continue_statement', 'break_statement', 'goto_statement'])) {
    if (j && !errorBranches.some((b) => isAncestor(b, j))) return false;
  }
  return true;
}

/**
 * controller-runtime fills a list it is given: `var jobs T; r.List(ctx, &jobs, ...)` then
 * `range jobs.Items`. The last such List before the loop, in the same function.
 */
function filledList(items: Node, loop: Node, facts: FileFacts): ApiCallFact | undefined {
  const e = unwrap(items);
  if (e.type !== 'selector_expression' || e.childForFieldName('field')?.text !== 'Items') return undefined;
  const target = `&${e.childForFieldName('operand')?.text}`;
  let found: ApiCallFact | undefined;
  for (const c of facts.calls) {
    if (c.client !== 'controller-runtime' || c.verb !== 'list' || c.node.endIndex > loop.startIndex) continue;
    if (!c.fn || !isAncestor(c.fn, loop) || callArgs(c.node)[1]?.text !== target) continue;
    found = c;
  }
  return found;
}

export function listThenDelete(del: Node, facts: FileFacts): ListThenDelete | undefined {
  const fn = del.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return undefined;
  // The innermost loop, inside the delete's function.
  let loop: Node | undefined;
  for (let p = del.parent; p && !FUNCTION_TYPES.has(p.type); p = p.parent) {
    if (p.type === 'for_statement') {
      loop = p;
      break;
    }
  }
  if (!loop) return undefined;
  const lf = loopFact(loop, facts.scope, facts.imports);
  const source = lf.collection?.source;
  const list = source ? facts.calls.find((c) => c.node.startIndex === source.startIndex && c.verb === 'list') : lf.collection && filledList(lf.collection.expr, loop, facts);
  if (!list || list.client === 'indexer') return undefined;
  const cr = list.client === 'controller-runtime';
  const item = deletedItem(del, cr);
  // The range value variable: `for _, p := range list.Items`.
  const rc = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const left = rc?.childForFieldName('left');
  const value = left?.type === 'expression_list' ? left.namedChild(1) : undefined;
  if (!item || !value || value.text !== item.text) return undefined;
  // Typed clients: the same resource interface (`cs.CoreV1().Pods(ns)`) lists and deletes.
  if (!cr) {
    const listRecv = list.node.childForFieldName('function')?.childForFieldName('operand');
    if (list.client !== 'typed' && list.client !== 'dynamic') return undefined;
    if (!listRecv || foldWhitespace(listRecv.text) !== foldWhitespace(fn.childForFieldName('operand')!.text)) return undefined;
  }
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  // Every item the LIST returned is deleted: no `if`, `continue` or `break` but error handling.
  return keepsEverything(body, del) ? { list, loop } : undefined;
}
