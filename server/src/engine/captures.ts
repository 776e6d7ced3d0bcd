// The facts and scope queries' captures (facts.ts), found from the text instead of by
// running the queries. A query visits every node of the tree and, for `#any-of?`, reads the
// text of every selector call across the WASM boundary: ~40% of the CLI's time on client-go.
// Every node a pattern captures has a name token of known text (`List`, `Options`, a
// same-file function's name, `C`), so a whole-word search of the text finds the candidates
// and the tree, asked for the node at each hit (descendantForIndex), confirms the pattern.
// The queries stay as the specification: test/captures.test.ts checks both give the same.
import type { Node } from 'web-tree-sitter';
import { READ_METHODS, SHAPE_LITERALS, SHAPE_METHODS } from './callNames';
import { ANY_WORD, tokenAt, wordsRegExp } from './syntax';

export interface Capture {
  name: string;
  node: Node;
}

const READS = new Set<string>(READ_METHODS);
const CALL_WORDS = wordsRegExp([...READ_METHODS, ...SHAPE_METHODS]);
const LITERAL_WORDS = wordsRegExp(SHAPE_LITERALS);
const RECEIVE_WORD = wordsRegExp(['C']);

const same = (a: Node | null | undefined, b: Node) => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

/**
 * Climbs from `node` through parents of the given types, each holding the node below it in
 * the given field: the last one reached, or undefined. A query pattern, walked upwards.
 */
function climb(node: Node, steps: readonly (readonly [type: string, field: string])[]): Node | undefined {
  let cur = node;
  for (const [type, field] of steps) {
    const p = cur.parent;
    if (p?.type !== type || !same(p.childForFieldName(field), cur)) return undefined;
    cur = p;
  }
  return cur;
}

/** `x.NAME(...)` for the selector field token `id`: the call, or undefined. */
function selectorCall(id: Node): Node | undefined {
  return id.type === 'field_identifier' ? climb(id, [['selector_expression', 'field'], ['call_expression', 'function']]) : undefined;
}

/**
 * Document order as a query returns it: at the same start, the earlier pattern first (a
 * `@call` before the `@shapes.call` around it: `c.client.Get().Watch(ctx)`), then an
 * enclosing node before the nodes it holds.
 */
function inOrder(caps: Capture[], patterns: readonly string[] = []): Capture[] {
  const rank = (c: Capture) => patterns.indexOf(c.name);
  return caps.sort((a, b) => a.node.startIndex - b.node.startIndex || rank(a) - rank(b) || b.node.endIndex - a.node.endIndex);
}

/** FACTS_QUERY's patterns, in order. */
const FACT_PATTERNS = ['call', 'shapes.call', 'shapes.literal'] as const;

/** FACTS_QUERY's `@call`, `@shapes.call` and `@shapes.literal` captures. */
export function factCaptures(root: Node, text: string): Capture[] {
  const out: Capture[] = [];
  for (const m of text.matchAll(CALL_WORDS)) {
    const id = tokenAt(root, m.index!, m.index! + m[0].length);
    const call = id && selectorCall(id);
    if (call) out.push({ name: READS.has(m[0]) ? 'call' : 'shapes.call', node: call });
  }
  for (const m of text.matchAll(LITERAL_WORDS)) {
    const id = tokenAt(root, m.index!, m.index! + m[0].length);
    const lit = id?.type === 'type_identifier' ? climb(id, [['qualified_type', 'name'], ['composite_literal', 'type']]) : undefined;
    if (lit) out.push({ name: 'shapes.literal', node: lit });
  }
  return inOrder(out, FACT_PATTERNS);
}

/**
 * SCOPE_QUERY's captures, restricted to what loops.ts reads: every declaration, the calls
 * whose name is a declaration's (`f(x)`, `r.f(x)`) and in `callees` (the rules follow only
 * calls into functions that list), or whose operand is one of `packages` (the local names
 * of wait and time), and receives from `x.C`.
 */
export function scopeCaptures(root: Node, text: string, packages: Iterable<string>, callees: ReadonlySet<string>): Capture[] {
  const out: Capture[] = [];
  const names = new Set<string>();
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'function_declaration' && decl?.type !== 'method_declaration') continue;
    const name = decl.childForFieldName('name');
    if (name?.type !== (decl.type === 'function_declaration' ? 'identifier' : 'field_identifier')) continue;
    out.push({ name: decl.type === 'function_declaration' ? 'fdecl' : 'mdecl', node: decl });
    if (callees.has(name.text)) names.add(name.text);
  }
  const pkgs = new Set(packages);
  const seen = new Set<number>();
  const call = (node: Node, name: string) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    out.push({ name, node });
  };
  const words = new Set([...names, ...pkgs]);
  if (words.size) {
    // One pass over every word, not a RegExp of the names: a file may declare thousands, of any length.
    for (const m of text.matchAll(ANY_WORD)) {
      if (!words.has(m[0])) continue;
      const id = tokenAt(root, m.index!, m.index! + m[0].length);
      if (!id) continue;
      const parent = id.parent;
      if (id.type === 'identifier' && parent?.type === 'call_expression' && same(parent.childForFieldName('function'), id)) {
        if (names.has(m[0])) call(parent, 'ccall');
      } else if (id.type === 'field_identifier') {
        const c = selectorCall(id);
        if (c && names.has(m[0]) && c.childForFieldName('function')!.childForFieldName('operand')?.type === 'identifier') call(c, 'scall');
      } else if (id.type === 'identifier' && pkgs.has(m[0]) && parent?.type === 'selector_expression' && same(parent.childForFieldName('operand'), id)) {
        const field = parent.childForFieldName('field');
        const c = field && selectorCall(field);
        if (c) call(c, 'scall');
      }
    }
  }
  for (const m of text.matchAll(RECEIVE_WORD)) {
    const id = tokenAt(root, m.index!, m.index! + 1);
    const un = id?.type === 'field_identifier' ? climb(id, [['selector_expression', 'field'], ['unary_expression', 'operand']]) : undefined;
    if (un) out.push({ name: 'recv', node: un });
  }
  return inOrder(out);
}
