// `--fix`, `--unsafe-fixes`, `--diff`: apply the engine's fixes, re-analyse and apply again
// until nothing changes (fixes that overlapped wait for the next round), then write the file
// atomically. A file is never written when it changed since it was read, or when its bytes
// are not valid UTF-8. In a file with syntax errors only fixes inside functions without an
// error node apply, and only while the error nodes stay exactly as they were
// (engine/syntaxErrors.ts); a file without errors must stay without.
import { createTwoFilesPatch } from 'diff';
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../engine/analyze';
import { applyEdits, chooseFixes } from '../engine/applyFixes';
import { fixesAwayFromErrors, sameErrors, syntaxErrorState, type SyntaxErrorState } from '../engine/syntaxErrors';
import type { AnalysisResult, EngineSettings, Finding } from '../engine/types';
import type { Source } from '../host/files';

export const MAX_FIX_ROUNDS = 10;

export interface FixedText {
  text: string;
  /** Findings whose fix was applied, over all rounds. */
  fixed: number;
  /** The analysis of `text` (the final text). */
  result: AnalysisResult;
  /** Why fixing stopped early, if it did (e.g. a round would have broken the syntax). */
  stopped?: string;
}

/** Which of a text's findings `--fix` may fix (all of them unless a baseline holds some back). */
export type FixEligible = (findings: Finding[], text: string) => Finding[];

function errorStateOf(engine: Engine, text: string): SyntaxErrorState {
  const tree = engine.parser.parse(text);
  try {
    return syntaxErrorState(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Applies fixes in rounds; pure apart from the engine. */
export function fixText(engine: Engine, text: string, settings: EngineSettings, unsafe: boolean, timeoutMs?: number, eligible?: FixEligible): FixedText {
  let result = engine.analyze(text, { settings, timeoutMs, summary: true });
  // With syntax errors: the fixes away from them, and the error nodes must not change.
  let errors = result.hasSyntaxErrors ? errorStateOf(engine, text) : undefined;
  const held = errors ? 'has syntax errors; fixed only inside functions without them' : undefined;
  let fixed = 0;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const candidates = eligible ? eligible(result.findings, text) : result.findings;
    const { chosen, edits } = chooseFixes(errors ? fixesAwayFromErrors(candidates, errors) : candidates, unsafe);
    if (!chosen.length) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    const nextResult = engine.analyze(next, { settings, noPrefilter: true, timeoutMs, summary: true });
    if (nextResult.timedOut) return { text, fixed, result, stopped: 'analysis exceeded timeoutMs while fixing; stopped' };
    if (errors) {
      const after = errorStateOf(engine, next);
      if (!sameErrors(errors, after)) return { text, fixed, result, stopped: 'has syntax errors; a fix would change them, stopped before it' };
      errors = after;
    } else if (nextResult.hasSyntaxErrors) return { text, fixed, result, stopped: 'a fix would introduce syntax errors; stopped before it' };
    fixed += chosen.length;
    text = next;
    result = nextResult;
  }
  if (held) return { text, fixed, result, stopped: fixed ? held : 'has syntax errors; not fixed' };
  return { text, fixed, result };
}

export type WriteOutcome = { written: true } | { written: false; reason: string; error: boolean };

/**
 * Replaces `file`'s content by `text` if its bytes are still `original`: a temp file in the
 * same folder (same file system, so rename is atomic), the original mode, then rename.
 * A symlink's target is written, the link stays.
 */
export function writeFixed(file: string, original: Buffer, text: string): WriteOutcome {
  let target: string;
  let mode: number;
  try {
    target = fs.realpathSync(file);
    mode = fs.statSync(target).mode & 0o7777;
  } catch (e) {
    return { written: false, reason: `cannot stat: ${(e as NodeJS.ErrnoException).code ?? e}`, error: true };
  }
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.kube-list-lint-${process.pid}-${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, Buffer.from(text, 'utf8'), { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode); // the umask may have narrowed it
    const now = fs.readFileSync(target);
    if (!now.equals(original)) {
      fs.rmSync(tmp, { force: true });
      return { written: false, reason: 'changed on disk since it was read; not fixed', error: false };
    }
    fs.renameSync(tmp, target);
    return { written: true };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    return { written: false, reason: `cannot write: ${(e as NodeJS.ErrnoException).code ?? e}`, error: true };
  }
}

/** Why a source must not be rewritten at all, if so. */
export function unfixableSource(src: Source): string | undefined {
  if (!src.validUtf8) return 'not valid UTF-8; not fixed';
  return undefined;
}

/**
 * A unified diff with `a/` and `b/` prefixes, as git prints it; '' when equal. A file outside
 * the working directory (an absolute display path) is named from the root, `a/tmp/x.go`, so
 * `git apply` and `patch -p1` take it when run from `/` (`patch -d / -p1`), never `a//tmp/x.go`.
 */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  if (before === after) return '';
  const name = displayPath.replace(/^(?:[A-Za-z]:)?\/+/, '');
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, '', '', { context: 3 });
  return patch
    .split('\n')
    .filter((l, i) => !(i === 0 && /^=+$/.test(l)))
    .map((l) => (l.startsWith('--- ') || l.startsWith('+++ ') ? l.replace(/\t$/, '') : l))
    .join('\n');
}
