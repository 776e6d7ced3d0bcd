// Turns one text edit (an LSP content change, or the next editor window) into the tree-sitter edit that describes it. web-tree-sitter
// counts indices and columns in UTF-16 code units, as LSP does; its rows break on '\n' only,
// so points are computed from the text here rather than taken from LSP line numbers.
import type { Edit, Point } from 'web-tree-sitter';

/** Row and column of `offset` in `text`, tree-sitter style. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point reached after writing `inserted` starting at `from`. */
export function advance(from: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { row: from.row, column: from.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: inserted.length - lastNl - 1 };
}

/** The edit replacing oldText[start, end) by `inserted`. */
export function treeEditFor(oldText: string, start: number, end: number, inserted: string): Edit {
  const startPosition = pointAt(oldText, start);
  // Count the rows of the replaced span only, not the whole prefix again.
  const oldEndPosition = advance(startPosition, oldText.slice(start, end));
  return {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition,
    newEndPosition: advance(startPosition, inserted),
  };
}
