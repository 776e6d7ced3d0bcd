// One finding per key in a file, for the rules that ask for it (Rule.firstPerKey): the first
// candidate by position wins, whether it is shown or suppressed (a suppressed first read
// still starts the informer; the next read of the kind is not the first).
import type { Rule } from './rule';
import type { Finding } from './types';

export function keepFirstPerKey<T extends { findings: Finding[]; suppressed: Finding[] }>(result: T, rules: readonly Rule[]): T {
  const keyed = rules.filter((r) => r.firstPerKey);
  if (!keyed.length) return result;
  const keyOf = new Map(keyed.map((r) => [r.meta.id, r.firstPerKey!.bind(r)]));
  const candidates = [...result.findings, ...result.suppressed].filter((f) => keyOf.has(f.rule));
  if (!candidates.length) return result;
  candidates.sort((a, b) => a.start - b.start);
  const first = new Set<string>();
  const drop = new Set<Finding>();
  for (const f of candidates) {
    const key = keyOf.get(f.rule)!(f);
    if (key === undefined) continue;
    const k = `${f.rule}\0${key}`;
    if (first.has(k)) drop.add(f);
    else first.add(k);
  }
  if (!drop.size) return result;
  return { ...result, findings: result.findings.filter((f) => !drop.has(f)), suppressed: result.suppressed.filter((f) => !drop.has(f)) };
}
