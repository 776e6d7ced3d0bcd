// Offset <-> (line, UTF-16 column) mapping. JavaScript strings are UTF-16, so string
// indices are already LSP's unit; only line starts need finding.
import type { Position, Range } from './types';

export class LineIndex {
  readonly starts: number[] = [0];
  /** The file's dominant line ending; new lines written by fixes use it. */
  readonly eol: '\n' | '\r\n';

  constructor(readonly text: string) {
    let crlf = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        this.starts.push(i + 1);
        if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
      }
    }
    this.eol = crlf * 2 > this.starts.length - 1 && crlf > 0 ? '\r\n' : '\n';
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), this.lineEnd(pos.line));
  }

  lineStart(line: number): number {
    return this.starts[line];
  }

  /** Offset of the end of the line's content, before \r\n or \n. */
  lineEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (line + 1 < this.starts.length && end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Offset just past the line's terminator (the next line's start, or end of text). */
  lineEndWithEol(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }
}
