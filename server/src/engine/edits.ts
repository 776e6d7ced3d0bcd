// Text edits on Go composite literals that come out the way gofmt would write them:
// `Key: value` pairs in a multi-line literal have their values aligned in one column, so
// adding or removing a field re-aligns the run of lines it belongs to.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from './lines';
import type { TextEdit } from './types';

interface RunLine {
  line: number;
  indent: string;
  key: string;
  /** Value text including its trailing comma. */
  value: string;
  comment?: string;
}

function elementsOf(literal: Node): Node[] {
  const body = literal.childForFieldName('body');
  return (body?.namedChildren ?? []).filter((n): n is Node => !!n && (n.type === 'keyed_element' || n.type === 'literal_element'));
}

function bracesOf(literal: Node): { open: Node; close: Node } | undefined {
  const body = literal.childForFieldName('body');
  if (!body) return undefined;
  const open = body.child(0);
  const close = body.child(body.childCount - 1);
  if (open?.type !== '{' || close?.type !== '}') return undefined;
  return { open, close };
}

/** The element on `line` as a run line, if the line holds exactly one single-line keyed element. */
function runLine(lines: LineIndex, literal: Node, line: number): RunLine | undefined {
  const body = literal.childForFieldName('body');
  if (!body) return undefined;
  const onLine = body.children.filter((c): c is Node => !!c && c.startPosition.row === line);
  if (onLine.length === 0) return undefined;
  const el = onLine[0];
  if (el.type !== 'keyed_element' || el.endPosition.row !== line) return undefined;
  const key = el.childForFieldName('key') ?? el.namedChild(0);
  const value = el.childForFieldName('value') ?? el.namedChild(1);
  if (!key || !value) return undefined;
  let rest = onLine.slice(1);
  let comma = '';
  if (rest[0]?.type === ',') {
    comma = ',';
    rest = rest.slice(1);
  }
  let comment: string | undefined;
  if (rest.length === 1 && rest[0].type === 'comment' && rest[0].endPosition.row === line) {
    comment = rest[0].text;
    rest = [];
  }
  if (rest.length) return undefined;
  return { line, indent: lines.indentOf(line), key: key.text, value: value.text + comma, comment };
}

function width(s: string): number {
  return [...s].length;
}

/** Renders lines as gofmt's tabwriter would: values in one column, trailing comments in another. */
function renderRun(run: RunLine[]): string[] {
  const keyWidth = Math.max(...run.map((r) => width(r.key) + 1));
  const out: string[] = run.map((r) => `${r.indent}${r.key}:${' '.repeat(keyWidth - width(r.key) - 1 + 1)}${r.value}`);
  // Comment column: a tabwriter column spans consecutive lines that all have the cell.
  for (let i = 0; i < run.length; ) {
    if (!run[i].comment) {
      i++;
      continue;
    }
    let j = i;
    while (j < run.length && run[j].comment) j++;
    const w = Math.max(...out.slice(i, j).map((s) => width(s)));
    for (let k = i; k < j; k++) out[k] = out[k] + ' '.repeat(w - width(out[k]) + 1) + run[k].comment;
    i = j;
  }
  return out;
}

/** Consecutive run lines around `line` (exclusive of lines in `skip`). */
function runAround(lines: LineIndex, literal: Node, line: number, skip: Set<number>): RunLine[] {
  const run: RunLine[] = [];
  for (let l = line; l >= 0; l--) {
    if (skip.has(l)) continue;
    const r = runLine(lines, literal, l);
    if (!r) break;
    run.unshift(r);
  }
  for (let l = line + 1; l < lines.lineCount; l++) {
    if (skip.has(l)) continue;
    const r = runLine(lines, literal, l);
    if (!r) break;
    run.push(r);
  }
  return run;
}

/** One edit replacing whole lines first..last (content only) with `newLines`. */
function replaceLines(lines: LineIndex, first: number, last: number, newLines: string[]): TextEdit {
  return { start: lines.lineStart(first), end: lines.lineEnd(last), newText: newLines.join(lines.eol) };
}

/** Adds `key: value` as the last element of `literal`. */
export function addField(lines: LineIndex, literal: Node, key: string, value: string): TextEdit[] {
  const braces = bracesOf(literal);
  if (!braces) return [];
  const { open, close } = braces;
  const elements = elementsOf(literal);
  const pair = `${key}: ${value}`;
  if (elements.length === 0) {
    if (open.startPosition.row === close.startPosition.row) {
      return [{ start: open.endIndex, end: close.startIndex, newText: pair }];
    }
    const indent = lines.indentOf(close.startPosition.row) + '\t';
    return [{ start: open.endIndex, end: close.startIndex, newText: `${lines.eol}${indent}${pair},${lines.eol}${lines.indentOf(close.startPosition.row)}` }];
  }
  const last = elements[elements.length - 1];
  if (last.endPosition.row === close.startPosition.row) {
    return [{ start: last.endIndex, end: last.endIndex, newText: `, ${pair}` }];
  }
  const lastLine = last.endPosition.row;
  const run = runAround(lines, literal, lastLine, new Set());
  const added: RunLine = { line: lastLine + 1, indent: lines.indentOf(last.startPosition.row), key, value: `${value},` };
  if (run.length === 0 || run[run.length - 1].line !== lastLine) {
    // The last element spans lines: a new line of its own, unaligned, as gofmt leaves it.
    const at = lines.lineEndWithEol(lastLine);
    return [{ start: at, end: at, newText: `${added.indent}${pair},${lines.eol}` }];
  }
  const rendered = renderRun([...run, added]);
  return [replaceLines(lines, run[0].line, lastLine, rendered)];
}

/** Removes the element `element` (a keyed_element of `literal`). */
export function removeElement(lines: LineIndex, literal: Node, element: Node): TextEdit[] {
  const elements = elementsOf(literal);
  const braces = bracesOf(literal);
  const idx = elements.findIndex((e) => e.startIndex === element.startIndex);
  if (idx < 0 || !braces) return [];
  const row = element.startPosition.row;
  const alone = runLine(lines, literal, row);
  const multiLine = braces.open.startPosition.row !== braces.close.startPosition.row;
  if (multiLine && alone && row !== braces.open.startPosition.row && row !== braces.close.startPosition.row) {
    const run = runAround(lines, literal, row, new Set([row]));
    const before = run.filter((r) => r.line < row);
    const after = run.filter((r) => r.line > row);
    const edits: TextEdit[] = [{ start: lines.lineStart(row), end: lines.lineEndWithEol(row), newText: '' }];
    // Re-align what stays of the run: removing the widest key moves the value column.
    if (before.length + after.length > 0) {
      const rendered = renderRun([...before, ...after]);
      if (before.length) edits.push(replaceLines(lines, before[0].line, before[before.length - 1].line, rendered.slice(0, before.length)));
      if (after.length) edits.push(replaceLines(lines, after[0].line, after[after.length - 1].line, rendered.slice(before.length)));
    }
    return edits.filter((e) => e.newText !== lines.text.slice(e.start, e.end));
  }
  if (elements.length === 1) {
    return [{ start: braces.open.endIndex, end: braces.close.startIndex, newText: '' }];
  }
  if (idx < elements.length - 1) {
    return [{ start: element.startIndex, end: elements[idx + 1].startIndex, newText: '' }];
  }
  return [{ start: elements[idx - 1].endIndex, end: element.endIndex, newText: '' }];
}

/** Removes a statement that sits alone on its line(s). */
export function removeStatement(lines: LineIndex, stmt: Node): TextEdit[] {
  const first = stmt.startPosition.row;
  const last = stmt.endPosition.row;
  const before = lines.text.slice(lines.lineStart(first), stmt.startIndex);
  const after = lines.text.slice(stmt.endIndex, lines.lineEnd(last));
  if (before.trim() !== '' || after.trim() !== '') return [];
  return [{ start: lines.lineStart(first), end: lines.lineEndWithEol(last), newText: '' }];
}

/** Inserts `stmt` on a new line after the statement `after`, at its indentation. */
export function insertStatementAfter(lines: LineIndex, after: Node, stmt: string): TextEdit[] {
  const row = after.endPosition.row;
  const tail = lines.text.slice(after.endIndex, lines.lineEnd(row));
  if (tail.trim() !== '' && !tail.trim().startsWith('//')) return [];
  const at = lines.lineEndWithEol(row);
  const eol = at === lines.text.length && !lines.text.endsWith('\n') ? lines.eol : '';
  return [{ start: at, end: at, newText: `${eol}${lines.indentOf(after.startPosition.row)}${stmt}${lines.eol}` }];
}
