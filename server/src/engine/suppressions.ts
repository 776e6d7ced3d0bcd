// `//kube-list-lint:ignore KLL001[,KLL002] reason` and golangci-lint's `//nolint[:a,b]`,
// on the reported line or the line before it.
import type { Node } from 'web-tree-sitter';
import type { CommentFact } from './facts';
import type { Suppression } from './types';

const OWN = /^\/\/\s*kube-list-lint:ignore\b\s*([A-Za-z0-9_,\s-]*)/;
const NOLINT = /^\/\/\s*nolint(?::([\w,-]+))?\b/;

/** How every suppression comment starts (OWN and NOLINT are anchored at the comment's start). */
const SUPPRESSION_MARKER = /\/\/\s*(?:kube-list-lint:ignore|nolint)\b/g;

/** Whether `text` holds something that may be a suppression comment. */
export function hasSuppressionMarker(text: string): boolean {
  SUPPRESSION_MARKER.lastIndex = 0;
  return SUPPRESSION_MARKER.test(text);
}

/**
 * The comments that may be suppressions: each `//` where the marker matches, confirmed by
 * the tree to start a comment there (not text in a string or inside another comment).
 * Querying every comment of a documented file cost more than the rest of its analysis.
 */
export function suppressionComments(root: Node, text: string): CommentFact[] {
  const out: CommentFact[] = [];
  for (const m of text.matchAll(SUPPRESSION_MARKER)) {
    const n = root.descendantForIndex(m.index!, m.index! + 2);
    if (n?.type === 'comment' && n.startIndex === m.index) out.push({ node: n, text: n.text, line: n.startPosition.row });
  }
  return out;
}

export function parseSuppressions(comments: CommentFact[]): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const own = OWN.exec(c.text);
    if (own) {
      // Rule codes come first; anything after them is the reason.
      const rules: string[] = [];
      for (const tok of own[1].split(/[\s,]+/)) {
        if (/^KLL\d{3}$/i.test(tok)) rules.push(tok.toUpperCase());
        else if (tok) break;
      }
      out.push({ line: c.line, start: c.node.startIndex, end: c.node.endIndex, rules, used: false, text: c.text });
      continue;
    }
    const nolint = NOLINT.exec(c.text);
    if (nolint) {
      const linters = nolint[1]?.split(',').map((s) => s.trim()) ?? [];
      if (linters.length && !linters.includes('kube-list-lint') && !linters.includes('all')) continue;
      out.push({ line: c.line, start: c.node.startIndex, end: c.node.endIndex, rules: [], used: false, text: c.text });
    }
  }
  return out;
}

/** The suppression that silences `rule` reported on `line`, if any; marks it used. */
export function suppressionFor(suppressions: Suppression[], rule: string, line: number, lineHasCode: (line: number) => boolean): Suppression | undefined {
  for (const s of suppressions) {
    const applies = s.line === line || (s.line === line - 1 && !lineHasCode(s.line));
    if (applies && (s.rules.length === 0 || s.rules.includes(rule))) {
      s.used = true;
      return s;
    }
  }
  return undefined;
}
