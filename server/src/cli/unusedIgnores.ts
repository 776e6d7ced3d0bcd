// --report-unused-ignores: a suppression comment that silenced nothing is reported like a
// finding (rule id `unused-ignore`), so stale `//nolint` and `//kube-list-lint:ignore`
// comments get cleaned up. A comment naming a rule that is turned off (by the config or
// --select/--ignore) is not reported: with the rule off, nobody can tell whether it is used.
import { LineIndex } from '../engine/lines';
import type { AnalysisResult, EngineSettings, Suppression, TextEdit } from '../engine/types';
import { RULES } from '../engine/rules';
import { fingerprintOf, type CliFinding } from './report';

export const UNUSED_IGNORE = 'unused-ignore';

/** The suppressions worth reporting: unused, and naming only rules that ran. */
function unused(result: AnalysisResult, settings: EngineSettings): Suppression[] {
  const off = (id: string) => settings.rules[id] === 'off';
  return result.suppressions.filter((s) => !s.used && !(s.rules.length ? s.rules : RULES.map((r) => r.meta.id)).some(off));
}

/**
 * Deleting the comment's line, when the comment is alone on it. A trailing comment gets no
 * edit: removing it can change how gofmt aligns the comments around it.
 */
function removalEdit(lines: LineIndex, s: Suppression): TextEdit | undefined {
  const line = lines.lineOf(s.start);
  const start = lines.lineStart(line);
  if (lines.text.slice(start, s.start).trim() !== '' || lines.text.slice(s.end, lines.lineEnd(line)).trim() !== '') return undefined;
  // Between two blank lines, take one of them too: gofmt keeps at most one.
  const blank = (l: number) => l >= 0 && l < lines.lineCount && lines.lineText(l).trim() === '';
  const end = blank(line - 1) && blank(line + 1) && line + 1 < lines.lineCount - 1 ? lines.lineEndWithEol(line + 1) : lines.lineEndWithEol(line);
  return { start, end, newText: '' };
}

/** Edits removing every reportable unused suppression that stands on its own line (for --fix). */
export function unusedIgnoreEdits(result: AnalysisResult, text: string, settings: EngineSettings): TextEdit[] {
  const lines = new LineIndex(text);
  return unused(result, settings).flatMap((s) => removalEdit(lines, s) ?? []);
}

export function unusedIgnores(result: AnalysisResult, text: string, file: string, settings: EngineSettings): CliFinding[] {
  const lines = new LineIndex(text);
  const out: CliFinding[] = [];
  const seen = new Map<string, number>();
  for (const s of unused(result, settings)) {
    const n = seen.get(s.text) ?? 0;
    seen.set(s.text, n + 1);
    const start = lines.position(s.start);
    const end = lines.position(s.end);
    const edit = removalEdit(lines, s);
    const es = edit && lines.position(edit.start);
    const ee = edit && lines.position(edit.end);
    out.push({
      rule: UNUSED_IGNORE,
      name: UNUSED_IGNORE,
      severity: 'warning',
      path: file,
      related: [],
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      message: `this suppression comment silences nothing${s.rules.length ? ` (${s.rules.join(', ')})` : ''}; remove it`,
      fixes:
        es && ee
          ? [{ title: 'Remove the unused suppression comment', safe: true, edits: [{ line: es.line + 1, column: es.character + 1, endLine: ee.line + 1, endColumn: ee.character + 1, newText: '' }] }]
          : [],
      fingerprint: fingerprintOf(UNUSED_IGNORE, file, '', s.text, n),
      identity: { function: '', call: s.text, occurrence: n },
    });
  }
  return out;
}
