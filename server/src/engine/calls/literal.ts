// Reading Go composite literals: `T{Key: value, ...}` and map literals `{k: v}`.
import type { Node } from 'web-tree-sitter';
import { unwrap } from '../syntax';

/** The expression inside a literal_element (keys and values are wrapped in one). */
export function elementExpr(n: Node | null | undefined): Node | undefined {
  if (!n) return undefined;
  return n.type === 'literal_element' && n.namedChildCount === 1 ? n.namedChild(0)! : n;
}

export interface KeyedElement {
  /** The keyed_element node. */
  element: Node;
  key: Node;
  value: Node;
}

/** The keyed elements of a composite literal (or of a bare `{...}` literal_value), in order. */
export function keyedElements(lit: Node): KeyedElement[] {
  const body = lit.type === 'literal_value' ? lit : lit.childForFieldName('body');
  const out: KeyedElement[] = [];
  for (const el of body?.namedChildren ?? []) {
    if (el?.type !== 'keyed_element') continue;
    const key = elementExpr(el.childForFieldName('key') ?? el.namedChild(0));
    const value = elementExpr(el.childForFieldName('value') ?? el.namedChild(1));
    if (key && value) out.push({ element: el, key, value });
  }
  return out;
}

/** Field `name` of a struct literal, by key. */
export function keyed(lit: Node, name: string): KeyedElement | undefined {
  return keyedElements(lit).find((e) => e.key.text === name);
}

/** The composite literal an expression is (through `&`, parentheses), if any. */
export function asLiteral(n: Node | undefined): Node | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  return u.type === 'composite_literal' || u.type === 'literal_value' ? u : undefined;
}

/** `T` of `T{...}` / `&T{...}`: the type node, or undefined. */
export function literalType(n: Node | undefined): Node | undefined {
  const lit = asLiteral(n);
  return lit?.type === 'composite_literal' ? (lit.childForFieldName('type') ?? undefined) : undefined;
}

/** The type name of a (possibly qualified) type node: `corev1.Pod` -> `Pod`, `*Pod` -> `Pod`. */
export function typeName(t: Node | null | undefined): string | undefined {
  if (!t) return undefined;
  if (t.type === 'pointer_type') return typeName(t.namedChild(0));
  if (t.type === 'qualified_type') return t.childForFieldName('name')?.text;
  if (t.type === 'type_identifier') return t.text;
  if (t.type === 'generic_type') return typeName(t.childForFieldName('type'));
  return undefined;
}
