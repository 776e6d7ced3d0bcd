// One pass over a parsed file: the imports, every client-go API call with its resolved
// options, and the comments. Every rule reads these facts; none walks the tree again.
import type { Node, Query, Tree } from 'web-tree-sitter';
import { recogniseApiCall, type ApiCall } from './calls';
import { METAV1_PATH, namesFor, readImports, type ImportTable } from './imports';
import type { LineIndex } from './lines';
import { loopsAround } from './locals';
import { enclosingFunction, enclosingFunctionName } from './syntax';

export interface ApiCallFact extends ApiCall {
  /** Enclosing function (declaration or literal), if any. */
  fn?: Node;
  fnName: string;
  /** for_statements around the call inside its function, innermost first. */
  loops: Node[];
}

export interface CommentFact {
  node: Node;
  text: string;
  line: number;
}

export interface FileFacts {
  tree: Tree;
  lines: LineIndex;
  imports: ImportTable;
  /** Local names of k8s.io/apimachinery/pkg/apis/meta/v1. */
  metaNames: Set<string>;
  calls: ApiCallFact[];
  comments: CommentFact[];
}

/**
 * Methods whose calls the rules read. Their call sites are found by searching the text for
 * the names and checking the tree at each hit: a query with a text predicate
 * (`#any-of? @method "List" "Get"`) runs the predicate in JavaScript for every method call in
 * the file, which cost as much as parsing on client-go.
 */
export const CALL_METHODS: readonly string[] = ['List', 'Get'];

/**
 * Compiled once per Engine for facts that need a query. Comments no longer use it: a query
 * visits every node of the tree (~45 ms on a 5,000-line file in the editor), a text search
 * for `//` and `/*` checked in the tree visits only the comments (commentNodes).
 */
export const FACTS_QUERY = `
(comment) @comment
`;

/** Every comment node, in text order: `//`/`/*` hits where the tree has a comment starting. */
export function commentNodes(tree: Tree, text: string): Node[] {
  const out: Node[] = [];
  let end = -1;
  for (let i = nextCommentStart(text, 0); i !== -1; i = nextCommentStart(text, i + 2)) {
    // A `//` inside a comment already found (`// see http://x`) is part of it.
    if (i < end) continue;
    const n = tree.rootNode.descendantForIndex(i, i + 2);
    if (n?.type === 'comment' && n.startIndex === i) {
      out.push(n);
      end = n.endIndex;
    }
  }
  return out;
}

function nextCommentStart(text: string, from: number): number {
  for (let i = text.indexOf('/', from); i !== -1; i = text.indexOf('/', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c === 47 || c === 42) return i;
  }
  return -1;
}

/** call_expressions `x.M(...)` with M in CALL_METHODS, in tree order (outer call first). */
export function methodCalls(tree: Tree, text: string): Node[] {
  const out: Node[] = [];
  const names = new RegExp(`\\b(?:${CALL_METHODS.join('|')})\\b`, 'g');
  for (let m = names.exec(text); m; m = names.exec(text)) {
    const id = tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
    // \b is ASCII-only: `éList` is one identifier, hence the exact-span check.
    if (!id || id.type !== 'field_identifier' || id.startIndex !== m.index || id.endIndex !== m.index + m[0].length) continue;
    const sel = id.parent;
    if (sel?.type !== 'selector_expression') continue;
    // A selector directly under a call_expression is its `function` (arguments sit in argument_list).
    const call = sel.parent;
    if (call?.type === 'call_expression') out.push(call);
  }
  return out.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/** Collects the facts; undefined when `deadline` (ms since epoch) passes. */
export function collectFacts(tree: Tree, query: Query, lines: LineIndex, deadline?: number): FileFacts | undefined {
  const imports = readImports(tree.rootNode);
  const metaNames = namesFor(imports, METAV1_PATH);
  const calls: ApiCallFact[] = [];
  if (imports.kubernetes) {
    for (const node of methodCalls(tree, lines.text)) {
      if (deadline !== undefined && Date.now() > deadline) return undefined;
      const call = recogniseApiCall(node, metaNames);
      if (!call) continue;
      const fn = enclosingFunction(node);
      calls.push({ ...call, fn, fnName: enclosingFunctionName(node), loops: loopsAround(node, fn) });
    }
  }
  let comments: CommentFact[] | undefined;
  return {
    tree,
    lines,
    imports,
    metaNames,
    calls,
    // Most analysed files have no finding and no suppression: their comments are never read.
    get comments() {
      return (comments ??= commentNodes(tree, lines.text).map((node) => ({ node, text: node.text, line: node.startPosition.row })));
    },
  };
}
