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
  const n = Math.min(buf.length, 8000);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
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
  let buf: Buffer;
  try {
    const st = fs.statSync(path);
    if (st.isDirectory()) return { skipped: { reason: 'is a directory', error: true } };
    // A FIFO or device named x.go would block the read forever or never end.
    if (!st.isFile()) return { skipped: { reason: 'not a regular file; skipped', error: false } };
    if (st.size > maxBytes) {
      return { skipped: { reason: `larger than ${maxBytes} bytes (${st.size}); skipped`, error: false } };
    }
    buf = fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { skipped: { reason: code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : String(code ?? e), error: true } };
  }
  if (looksBinary(buf)) return { skipped: { reason: 'binary content (NUL bytes); skipped', error: false } };
  const { text, valid } = decodeUtf8(buf);
  return { buf, text, validUtf8: valid };
}
