// gofmt aligns the trailing `//` comments of consecutive lines into one column. A fix
// that lengthens or shortens such a line must move its neighbours' comments too, or the
// fixed file is no longer gofmt-clean.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from './lines';
import type { TextEdit } from './types';

export interface TrailingComment {
  line: number;
  /** Offset of `//`. */
  start: number;
}

/** The trailing `//` comment of a line, if any: what realignTrailingComments reads. */
export interface TrailingComments {
  get(line: number): TrailingComment | undefined;
  has(line: number): boolean;
}

function width(s: string): number {
  return [...s].length;
}

/** End offset of the code before the comment (trailing blanks excluded). */
function codeEnd(lines: LineIndex, c: TrailingComment): number {
  let e = c.start;
  const t = lines.text;
  while (e > lines.lineStart(c.line) && (t[e - 1] === ' ' || t[e - 1] === '\t')) e--;
  return e;
}

/**
 * Adds to `edits` the whitespace changes that keep trailing comments aligned, for every
 * line whose content a single-line edit changes. Returns `edits` unchanged when no edited
 * line carries a trailing comment.
 */
export function realignTrailingComments(lines: LineIndex, comments: TrailingComments, edits: TextEdit[]): TextEdit[] {
  const touched = new Map<number, TextEdit[]>();
  for (const e of edits) {
    const line = lines.lineOf(e.start);
    if (lines.lineOf(e.end) !== line || e.newText.includes('\n')) continue;
    const c = comments.get(line);
    if (!c || e.end > codeEnd(lines, c)) continue;
    touched.set(line, [...(touched.get(line) ?? []), e]);
  }
  if (touched.size === 0) return edits;

  const extra: TextEdit[] = [];
  const done = new Set<number>();
  for (const line of touched.keys()) {
    if (done.has(line)) continue;
    const indent = lines.indentOf(line);
    const inBlock = (l: number) => comments.has(l) && lines.indentOf(l) === indent;
    let first = line;
    while (inBlock(first - 1)) first--;
    let last = line;
    while (inBlock(last + 1)) last++;
    const widths: { line: number; code: number; gapStart: number; gapEnd: number }[] = [];
    for (let l = first; l <= last; l++) {
      done.add(l);
      const c = comments.get(l)!;
      const end = codeEnd(lines, c);
      let code = lines.text.slice(lines.lineStart(l), end);
      // The width this line's code will have once the fix's own edits are applied.
      for (const e of [...(touched.get(l) ?? [])].sort((a, b) => b.start - a.start)) {
        const s = e.start - lines.lineStart(l);
        code = code.slice(0, s) + e.newText + code.slice(e.end - lines.lineStart(l));
      }
      widths.push({ line: l, code: width(code), gapStart: end, gapEnd: c.start });
    }
    const column = Math.max(...widths.map((w) => w.code)) + 1;
    for (const w of widths) {
      const gap = ' '.repeat(column - w.code);
      if (lines.text.slice(w.gapStart, w.gapEnd) !== gap) extra.push({ start: w.gapStart, end: w.gapEnd, newText: gap });
    }
  }
  return [...edits, ...extra];
}

/**
 * Trailing comments looked up line by line (a fix touches a few lines; querying every
 * comment of a 5,000-line file cost the editor ~10 ms per keystroke). A `//` on the line is
 * a trailing comment when the tree has a comment starting there and code precedes it.
 */
export function trailingCommentsOf(lines: LineIndex, root: Node): TrailingComments {
  const memo = new Map<number, TrailingComment | undefined>();
  const get = (line: number): TrailingComment | undefined => {
    if (line < 0 || line >= lines.lineCount) return undefined;
    if (memo.has(line)) return memo.get(line);
    let found: TrailingComment | undefined;
    const start = lines.lineStart(line);
    const end = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : lines.text.length;
    for (let i = lines.text.indexOf('//', start); i !== -1 && i < end; i = lines.text.indexOf('//', i + 1)) {
      const n = root.descendantForIndex(i, i + 2);
      if (n?.type !== 'comment') continue;
      // One line comment per line at most; inside a block comment this `//` is not one.
      if (n.startIndex === i && lines.text.slice(start, i).trim() !== '') found = { line, start: i };
      if (n.startIndex === i) break;
    }
    memo.set(line, found);
    return found;
  };
  return { get, has: (line) => get(line) !== undefined };
}
