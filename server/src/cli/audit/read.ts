// Streaming an audit log (plain or gzip) line by line in bounded memory: a line longer than
// `maxLineBytes` is not decoded; its head and tail are kept so that its request can still be
// counted (audit/read.ts's caller reads the fields from them).
import * as fs from 'fs';
import * as zlib from 'zlib';
import { flag, UsageError, type Parsed } from '../args';

const KEEP = 64 * 1024;

/** `--max-line-bytes`' default: longer lines are not decoded. */
const DEFAULT_MAX_LINE = 16 * 1024 * 1024;

/** `--max-line-bytes N`, checked, or the default. */
export function maxLineBytes(p: Parsed): number {
  const v = flag(p, 'max-line-bytes');
  const n = v !== undefined ? Number(v) : DEFAULT_MAX_LINE;
  if (!Number.isInteger(n) || n < 1024) throw new UsageError('--max-line-bytes must be a whole number ≥ 1024');
  return n;
}

export type LineHandler = (line: string, lineNo: number) => void;
export type LongLineHandler = (head: string, tail: string, bytes: number, lineNo: number) => void;

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return fs.readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** Calls `onLine` for every line of `file` (gunzipped when it starts with gzip's magic bytes). */
export async function readLines(file: string, maxLineBytes: number, onLine: LineHandler, onLong: LongLineHandler): Promise<{ lines: number; bytes: number }> {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const stream: NodeJS.ReadableStream = isGzip(file) ? raw.pipe(zlib.createGunzip()) : raw;
  if (stream !== raw) raw.on('error', (e) => (stream as zlib.Gunzip).destroy(e));
  let parts: Buffer[] = [];
  let partLen = 0;
  let long = false;
  let head: Buffer = Buffer.alloc(0);
  let tail: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let total = 0;
  const finish = () => {
    lineNo++;
    if (long) onLong(head.toString('utf8'), tail.toString('utf8'), partLen, lineNo);
    else if (partLen) onLine((parts.length === 1 ? parts[0] : Buffer.concat(parts, partLen)).toString('utf8'), lineNo);
    parts = [];
    partLen = 0;
    long = false;
  };
  const append = (piece: Buffer) => {
    if (!piece.length) return;
    if (!long && partLen + piece.length > maxLineBytes) {
      long = true;
      const all = Buffer.concat([...parts, piece]);
      head = all.subarray(0, KEEP);
      tail = all.subarray(Math.max(0, all.length - KEEP));
      parts = [];
    } else if (long) {
      tail = piece.length >= KEEP ? piece.subarray(piece.length - KEEP) : Buffer.concat([tail, piece]).subarray(-KEEP);
    } else {
      // Copied: the stream may reuse its chunk's memory.
      parts.push(Buffer.from(piece));
    }
    partLen += piece.length;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const end = nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl;
      if (!partLen && end - start <= maxLineBytes) {
        // The common case: the whole line is in this chunk; decoded without a copy.
        lineNo++;
        if (end > start) onLine(chunk.toString('utf8', start, end), lineNo);
      } else {
        append(chunk.subarray(start, end));
        finish();
      }
      start = nl + 1;
    }
    append(chunk.subarray(start));
  }
  if (partLen) finish();
  return { lines: lineNo, bytes: total };
}
