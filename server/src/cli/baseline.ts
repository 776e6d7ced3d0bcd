// Baselines for adopting the linter in legacy code: `--update-baseline` records today's
// findings, `--baseline FILE` hides them. An entry is a fingerprint of rule, path (relative
// to the baseline file's folder, so any working directory works), enclosing function,
// folded call text and an occurrence index among identical calls in that function: no line
// numbers, so entries survive edits elsewhere in the file.
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/load';
import type { Finding } from '../engine/types';
import { cliFindingsOf, fingerprintOf, type CliFinding, type RunReport } from './report';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  path: string;
  fingerprint: string;
}

export interface BaselineFile {
  version: number;
  tool: string;
  entries: BaselineEntry[];
}

function baselinePath(baselineFile: string, findingPath: string): string {
  return path.relative(path.dirname(path.resolve(baselineFile)), path.resolve(findingPath)).split(path.sep).join('/');
}

export function entryFor(baselineFile: string, f: CliFinding): BaselineEntry {
  const p = baselinePath(baselineFile, f.path);
  return { rule: f.rule, path: p, fingerprint: fingerprintOf(f.rule, p, f.identity.function, f.identity.call, f.identity.occurrence) };
}

/** Throws ConfigError (exit 2) when the file is missing or not a baseline. */
export function readBaseline(file: string): BaselineFile {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, '', code ? `expected a readable baseline file, got ${code === 'ENOENT' ? 'no such file (create it with --update-baseline)' : code}` : `expected JSON, got ${(e as Error).message}`);
  }
  const d = doc as Partial<BaselineFile>;
  if (typeof d !== 'object' || d === null || d.version !== BASELINE_VERSION || !Array.isArray(d.entries)) {
    throw new ConfigError(file, 'version', `expected a kube-list-lint baseline of version ${BASELINE_VERSION}`);
  }
  d.entries.forEach((e, i) => {
    if (typeof e?.fingerprint !== 'string' || typeof e.rule !== 'string' || typeof e.path !== 'string') {
      throw new ConfigError(file, `entries[${i}]`, 'expected {rule, path, fingerprint} strings');
    }
  });
  return d as BaselineFile;
}

export function baselineText(entries: BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const doc: BaselineFile = { version: BASELINE_VERSION, tool: 'kube-list-lint', entries: sorted };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Atomic like fixes: a temp file beside it, then rename. */
export function writeBaseline(file: string, findings: CliFinding[]): number {
  const entries = findings.map((f) => entryFor(file, f));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, baselineText(entries));
  fs.renameSync(tmp, file);
  return entries.length;
}

/**
 * The findings of one file (`shownPath` as the report names it) that the baseline does not
 * hold. `--fix` fixes only those: a baseline records code the team chose to leave as it is.
 */
export function notBaselined(file: string, baseline: BaselineFile, shownPath: string): (findings: Finding[], text: string) => Finding[] {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  return (findings, text) => {
    const cli = cliFindingsOf(findings, shownPath, text);
    return findings.filter((_, i) => !known.has(entryFor(file, cli[i]).fingerprint));
  };
}

/**
 * Removes baselined findings from the report; returns how many entries for the files linted
 * in this run matched nothing (fixed since; `--update-baseline` drops them).
 */
export function applyBaseline(report: RunReport, file: string, baseline: BaselineFile, lintedPaths: string[]): number {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const matched = new Set<string>();
  const kept: CliFinding[] = [];
  for (const f of report.findings) {
    const fp = entryFor(file, f).fingerprint;
    if (known.has(fp)) {
      matched.add(fp);
      report.baselined++;
    } else kept.push(f);
  }
  report.findings = kept;
  const linted = new Set(lintedPaths.map((p) => baselinePath(file, p)));
  return baseline.entries.filter((e) => linted.has(e.path) && !matched.has(e.fingerprint)).length;
}
