// Small, rule-agnostic helpers over tree-sitter-go nodes.
import type { Node } from 'web-tree-sitter';

/** Strips parentheses, `&` and `*` so `&(x)` reads as `x`. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) {
      n = n.namedChild(0)!;
    } else if (n.type === 'unary_expression' && (n.child(0)?.type === '&' || n.child(0)?.type === '*')) {
      n = n.childForFieldName('operand')!;
    } else {
      return n;
    }
  }
}

/** The Go value of a string literal node, or undefined if it is not a plain literal. */
export function stringValue(node: Node): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  const body = node.text.slice(1, -1);
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

export function intValue(node: Node): number | undefined {
  if (node.type !== 'int_literal') return undefined;
  const v = Number(node.text.replace(/_/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** For `a.b.C`, returns ['a','b','C']; undefined when any part is not a plain name. */
export function selectorPath(node: Node): string[] | undefined {
  const n = unwrap(node);
  if (n.type === 'identifier' || n.type === 'field_identifier' || n.type === 'package_identifier') return [n.text];
  if (n.type === 'selector_expression') {
    const operand = n.childForFieldName('operand');
    const field = n.childForFieldName('field');
    if (!operand || !field) return undefined;
    const head = selectorPath(operand);
    return head ? [...head, field.text] : undefined;
  }
  return undefined;
}

export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

/** Name of the nearest named function (`Recv.Method` for methods); '' at package level. */
export function enclosingFunctionName(node: Node): string {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_declaration') return p.childForFieldName('name')?.text ?? '';
    if (p.type === 'method_declaration') {
      const recvType = p.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text ?? '';
      const name = p.childForFieldName('name')?.text ?? '';
      return recvType ? `${recvType}.${name}` : name;
    }
  }
  return '';
}

/** Arguments of a call_expression, named children only (no commas). */
export function callArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') : [];
}

export function isAncestor(ancestor: Node, node: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

/** Folds whitespace so that re-indenting a call does not change its identity. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
