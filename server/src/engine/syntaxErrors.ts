// Fixing next to a syntax error. A file with an ERROR or MISSING node somewhere may still be
// fixed where the error cannot reach: a fix counts as safe there when every edit lies inside
// a top-level function or method declaration that holds no error node, and when the file
// after fixing has exactly the error nodes it had before (same kinds, same text, same order).
import type { Node } from 'web-tree-sitter';
import type { Finding } from './types';

export interface SyntaxErrorState {
  /** The error nodes, `ERROR:text` / `MISSING:type`, in document order. */
  errors: string[];
  /** [start, end) of the top-level function and method declarations without an error node. */
  clean: [number, number][];
}

function collectErrors(n: Node, out: string[]): void {
  if (n.isMissing) out.push(`MISSING:${n.type}`);
  else if (n.isError) out.push(`ERROR:${n.text}`);
  else if (n.hasError) for (const c of n.children) if (c) collectErrors(c, out);
}

export function syntaxErrorState(root: Node): SyntaxErrorState {
  const errors: string[] = [];
  collectErrors(root, errors);
  const clean: [number, number][] = [];
  for (const d of root.namedChildren) {
    if (d && (d.type === 'function_declaration' || d.type === 'method_declaration') && !d.hasError) clean.push([d.startIndex, d.endIndex]);
  }
  return { errors, clean };
}

/** True when the error nodes of `after` are those of `before`. */
export function sameErrors(before: SyntaxErrorState, after: SyntaxErrorState): boolean {
  return before.errors.length === after.errors.length && before.errors.every((e, i) => e === after.errors[i]);
}

/** The findings with only the fixes whose every edit lies strictly inside a clean declaration. */
export function fixesAwayFromErrors(findings: Finding[], state: SyntaxErrorState): Finding[] {
  const inside = (start: number, end: number) => state.clean.some(([s, e]) => start > s && end < e);
  return findings.map((f) => ({ ...f, fixes: f.fixes.filter((fx) => fx.edits.every((e) => inside(e.start, e.end))) }));
}
