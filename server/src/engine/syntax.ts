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

/**
 * A function's parameter names, one per argument position (`a, b T` gives both; an unnamed
 * parameter gives ''), and whether that is all of them: `complete` is false when a parameter
 * is variadic (left out of `names`, as it comes last) or unnamed.
 */
export function parameterNames(fn: Node): { names: string[]; complete: boolean } {
  const names: string[] = [];
  let complete = true;
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || p.type === 'comment') continue;
    if (p.type !== 'parameter_declaration') {
      complete = false;
      continue;
    }
    const declared = p.childrenForFieldName('name');
    if (declared.length === 0) {
      names.push('');
      complete = false;
    }
    for (const n of declared) names.push(n?.text ?? '');
  }
  return { names, complete };
}

/** Arguments of a call_expression, named children only (no commas). */
export function callArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') : [];
}

/** The statements of a block (or function body), comments left out. */
export function blockStatements(block: Node | null | undefined): Node[] {
  const list = block?.namedChildren.find((c) => c?.type === 'statement_list');
  return list?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
}

export function isAncestor(ancestor: Node, node: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

/** Folds whitespace so that re-indenting a call does not change its identity. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ASCII classes plus every non-ASCII code unit (Go identifiers may be Unicode letters);
// Unicode property escapes would cost ~0.4 s to initialise on first use.
export const IDENT_CHARS = 'A-Za-z0-9_\\u0080-\\uffff';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches any of `names` as a whole identifier. */
export function wordsRegExp(names: Iterable<string>, flags = 'g'): RegExp {
  return new RegExp(`(?<![${IDENT_CHARS}])(?:${[...names].map(escapeRegExp).join('|')})(?![${IDENT_CHARS}])`, flags);
}

/** The named leaf exactly at [start, end) under `scope`, if the text there is one token. */
export function tokenAt(scope: Node, start: number, end: number): Node | undefined {
  const n = scope.descendantForIndex(start, end);
  return n && n.startIndex === start && n.endIndex === end ? n : undefined;
}

/**
 * The identifiers named `name` inside `scope`, in order. A whole-word search of its text
 * confirmed by the tree: walking every identifier of a body (descendantsOfType) marshals
 * thousands of nodes across the WASM boundary to keep a handful.
 */
export function identifiersNamed(scope: Node, name: string): Node[] {
  const out: Node[] = [];
  const base = scope.startIndex;
  const text = scope.text;
  // indexOf, not a RegExp: a name may be any length (a RegExp source has a limit).
  for (let i = text.indexOf(name); i !== -1 && name; i = text.indexOf(name, i + 1)) {
    if (isIdentCode(text.charCodeAt(i - 1)) || isIdentCode(text.charCodeAt(i + name.length))) continue;
    const id = tokenAt(scope, base + i, base + i + name.length);
    if (id?.type === 'identifier') out.push(id);
  }
  return out;
}

/** A UTF-16 code unit that can be part of a Go identifier (NaN, past either end, cannot). */
export function isIdentCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 0x80;
}

/** Every identifier-like word of a text: one pass, whatever the names looked for. */
export const ANY_WORD = new RegExp(`[${IDENT_CHARS}]+`, 'g');
