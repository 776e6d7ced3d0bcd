// Reads files and runs the engine over them. File problems (unreadable, binary, too
// large) become per-file notes; they never stop the rest of the run.
import * as fs from 'fs';
import type { Engine } from '../engine/analyze';
import type { AnalysisResult, EngineSettings } from '../engine/types';
import type { TextFacts } from '../program/textFacts';

export interface FileResult {
  path: string;
  /** The exact text analysed (offsets in findings index into it). */
  text?: string;
  result?: AnalysisResult;
  /** Why the file was not analysed; `error` problems make the exit code 2. */
  skipped?: { reason: string; error: boolean };
  /** The result came from the persistent cache (host/cache.ts). */
  cached?: boolean;
  /** For the program model, what the text of a file the prefilter skipped says (read where the file was read). */
  facts?: TextFacts;
}

export interface LintOptions {
  settings: EngineSettings;
  /** Files larger than this are skipped with a note (a generated file is not hand-written code). */
  maxBytes: number;
  /** Per-file analysis budget (config `timeoutMs`); past it the file is reported as timed out. */
  timeoutMs?: number;
  /** Also the file's summary for the program model (default true; `check --no-program` needs none). */
  summary?: boolean;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function looksBinary(buf: Buffer): boolean {
  // Native memchr over the first 8000 bytes, as git and grep decide.
  return buf.subarray(0, 8000).indexOf(0) !== -1;
}

export function decodeUtf8(buf: Buffer): { text: string; valid: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf), valid: true };
  } catch {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf), valid: false };
  }
}

export function lintText(engine: Engine, path: string, text: string, opts: LintOptions): FileResult {
  return { path, text, result: engine.analyze(text, { settings: opts.settings, timeoutMs: opts.timeoutMs, summary: opts.summary !== false }) };
}

export function lintFile(engine: Engine, path: string, opts: LintOptions): FileResult {
  const read = readSource(path, opts.maxBytes);
  if ('skipped' in read) return { path, skipped: read.skipped };
  return lintText(engine, path, read.text, opts);
}

export interface Source {
  buf: Buffer;
  text: string;
  /** False when the bytes are not valid UTF-8 (the text has U+FFFD where they were). */
  validUtf8: boolean;
}

/** Reads a file for linting; problems become a skip reason instead of an exception. */
export function readSource(path: string, maxBytes: number): Source | { skipped: { reason: string; error: boolean } } {
  const buf = readBytes(path, maxBytes);
  if (!Buffer.isBuffer(buf)) return buf;
  const { text, valid } = decodeUtf8(buf);
  return { buf, text, validUtf8: valid };
}

/**
 * The bytes of a file to lint, or why it is skipped. Split from readSource so the parallel
 * runner (parallel.ts) can prefilter the bytes before decoding them.
 */
export function readBytes(path: string, maxBytes: number): Buffer | { skipped: { reason: string; error: boolean } } {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    // One open and one fstat per file (a monorepo has tens of thousands). O_NONBLOCK: opening
    // a FIFO named x.go must not wait for a writer; fstat then says it is not a regular file.
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { skipped: { reason: 'is a directory', error: true } };
    // A FIFO or device named x.go would block the read forever or never end.
    if (!st.isFile()) return { skipped: { reason: 'not a regular file; skipped', error: false } };
    if (st.size > maxBytes) {
      return { skipped: { reason: `larger than ${maxBytes} bytes (${st.size}); skipped`, error: false } };
    }
    buf = readAll(fd, st.size);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { skipped: { reason: code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : String(code ?? e), error: true } };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (looksBinary(buf)) return { skipped: { reason: 'binary content (NUL bytes); skipped', error: false } };
  return buf;
}

/** Reads the `size` bytes fstat reported (fewer if the file shrank meanwhile), as readFileSync does. */
function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const r = fs.readSync(fd, buf, n, size - n, null);
    if (r === 0) break;
    n += r;
  }
  return n === size ? buf : buf.subarray(0, n);
}
