// Reads files and runs the engine over them. File problems (unreadable, binary, too
// large) become per-file notes; they never stop the rest of the run.
import * as fs from 'fs';
import type { Engine } from '../engine/analyze';
import type { AnalysisResult, EngineSettings } from '../engine/types';

export interface FileResult {
  path: string;
  /** The exact text analysed (offsets in findings index into it). */
  text?: string;
  result?: AnalysisResult;
  /** Why the file was not analysed; `error` problems make the exit code 2. */
  skipped?: { reason: string; error: boolean };
}

export interface LintOptions {
  settings: EngineSettings;
  /** Files larger than this are skipped with a note (a generated file is not hand-written code). */
  maxBytes: number;
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
  return { path, text, result: engine.analyze(text, { settings: opts.settings }) };
}

/**
 * Reads a file to lint: its bytes, or the FileResult saying why it is skipped. Split from
 * lintFile so the parallel runner can prefilter the bytes before decoding or parsing.
 */
export function loadFile(path: string, opts: LintOptions): Buffer | FileResult {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    // One open, one fstat, reads into one buffer: a monorepo has tens of thousands of files.
    fd = fs.openSync(path, 'r');
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { path, skipped: { reason: 'is a directory', error: true } };
    if (st.size > opts.maxBytes) {
      return { path, skipped: { reason: `larger than ${opts.maxBytes} bytes (${st.size}); skipped`, error: false } };
    }
    buf = readAll(fd, st.size);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { path, skipped: { reason: code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : String(code ?? e), error: true } };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (looksBinary(buf)) return { path, skipped: { reason: 'binary content (NUL bytes); skipped', error: false } };
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

export function lintFile(engine: Engine, path: string, opts: LintOptions): FileResult {
  const loaded = loadFile(path, opts);
  if (!Buffer.isBuffer(loaded)) return loaded;
  return lintText(engine, path, decodeUtf8(loaded).text, opts);
}
