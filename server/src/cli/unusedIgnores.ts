// --report-unused-ignores: a suppression comment that silenced nothing is reported like a
// finding (rule id `unused-ignore`), so stale `//nolint` and `//kube-list-lint:ignore`
// comments get cleaned up. A comment naming a rule that is turned off (by the config or
// --select/--ignore) is not reported: with the rule off, nobody can tell whether it is used.
import { LineIndex } from '../engine/lines';
import type { AnalysisResult, EngineSettings } from '../engine/types';
import { RULES } from '../engine/rules';
import { fingerprintOf, type CliFinding } from './report';

export const UNUSED_IGNORE = 'unused-ignore';

export function unusedIgnores(result: AnalysisResult, text: string, file: string, settings: EngineSettings): CliFinding[] {
  const lines = new LineIndex(text);
  const off = (id: string) => settings.rules[id] === 'off';
  const out: CliFinding[] = [];
  const seen = new Map<string, number>();
  for (const s of result.suppressions) {
    if (s.used) continue;
    const named = s.rules.length ? s.rules : RULES.map((r) => r.meta.id);
    if (named.some(off)) continue;
    const n = seen.get(s.text) ?? 0;
    seen.set(s.text, n + 1);
    const start = lines.position(s.start);
    const end = lines.position(s.end);
    out.push({
      rule: UNUSED_IGNORE,
      name: UNUSED_IGNORE,
      severity: 'warning',
      path: file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      message: `this suppression comment silences nothing${s.rules.length ? ` (${s.rules.join(', ')})` : ''}; remove it`,
      fixes: [],
      fingerprint: fingerprintOf(UNUSED_IGNORE, file, '', s.text, n),
      identity: { function: '', call: s.text, occurrence: n },
    });
  }
  return out;
}
