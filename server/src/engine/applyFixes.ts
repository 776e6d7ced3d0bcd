// Applying fixes: shared by `--fix`, the editor's fix-all and the golden-file tests, so
// that all three produce the same text.
import type { Finding, Fix, TextEdit } from './types';

/** Applies non-overlapping edits; throws if two overlap (a bug in a rule, never silently merged). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error(`overlapping edits at ${sorted[i - 1].start}-${sorted[i - 1].end} and ${sorted[i].start}-${sorted[i].end}`);
  }
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) throw new Error(`edit out of range: ${e.start}-${e.end}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

function overlaps(a: TextEdit[], b: TextEdit[]): boolean {
  // Two insertions at the same point also conflict: their order would be arbitrary.
  return a.some((x) => b.some((y) => x.start < y.end && y.start < x.end || (x.start === y.start && (x.start === x.end || y.start === y.end))));
}

/**
 * For each finding, its first fix allowed by `unsafe`; a fix whose edits overlap an
 * already chosen one is left for the next run (as ast-grep and ruff do).
 */
export function chooseFixes(findings: Finding[], unsafe: boolean): { chosen: { finding: Finding; fix: Fix }[]; edits: TextEdit[] } {
  const chosen: { finding: Finding; fix: Fix }[] = [];
  const edits: TextEdit[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe || unsafe);
    if (!fix || overlaps(fix.edits, edits)) continue;
    chosen.push({ finding: f, fix });
    edits.push(...fix.edits);
  }
  return { chosen, edits };
}
