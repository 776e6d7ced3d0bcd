// One pass over a parsed file: the imports, every client-go API call with its resolved
// options, and the comments. Every rule reads these facts; none walks the tree again.
import type { Node, Query, Tree } from 'web-tree-sitter';
import { recogniseApiCall, type ApiCall } from './calls';
import { METAV1_PATH, namesFor, readImports, type ImportTable } from './imports';
import type { LineIndex } from './lines';
import { loopsAround } from './locals';
import { enclosingFunction, enclosingFunctionName } from './syntax';
import { collectScopeFacts, type ScopeFacts } from './loops';

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
  /** Polls, same-file functions and the calls to them (loops.ts). */
  scope: ScopeFacts;
}

/** The single query the engine runs: call sites of interesting methods, and comments. */
export const FACTS_QUERY = `
(call_expression
  function: (selector_expression field: (field_identifier) @method)
  (#any-of? @method "List" "Get")) @call
(comment) @comment
(function_declaration name: (identifier) @fdname) @fdecl
(method_declaration name: (field_identifier) @mdname) @mdecl
(call_expression function: (identifier) @cname) @ccall
(call_expression function: (selector_expression operand: (identifier) field: (field_identifier) @sname)) @scall
(unary_expression operand: (selector_expression field: (field_identifier) @rfield (#eq? @rfield "C"))) @recv
`;

/** Collects the facts; undefined when `deadline` (ms since epoch) passes during the query. */
export function collectFacts(tree: Tree, query: Query, lines: LineIndex, deadline?: number): FileFacts | undefined {
  const imports = readImports(tree.rootNode);
  const metaNames = namesFor(imports, METAV1_PATH);
  const calls: ApiCallFact[] = [];
  const comments: CommentFact[] = [];
  let timedOut = false;
  const captures = query.captures(
    tree.rootNode,
    deadline === undefined ? undefined : { progressCallback: () => (timedOut = Date.now() > deadline) },
  );
  if (timedOut) return undefined;
  const scopeCaptures: { name: string; node: Node }[] = [];
  for (const cap of captures) {
    if (cap.name === 'fdecl' || cap.name === 'mdecl' || cap.name === 'ccall' || cap.name === 'scall' || cap.name === 'recv') {
      scopeCaptures.push(cap);
      continue;
    }
    if (cap.name === 'comment') {
      comments.push({ node: cap.node, text: cap.node.text, line: cap.node.startPosition.row });
    } else if (cap.name === 'call' && imports.kubernetes) {
      const call = recogniseApiCall(cap.node, metaNames);
      if (!call) continue;
      const fn = enclosingFunction(cap.node);
      calls.push({ ...call, fn, fnName: enclosingFunctionName(cap.node), loops: loopsAround(cap.node, fn) });
    }
  }
  const scope = collectScopeFacts(scopeCaptures, imports);
  for (const c of calls) if (c.verb === 'list') scope.listCalls.add(c.node.startIndex);
  return { tree, lines, imports, metaNames, calls, comments, scope };
}
