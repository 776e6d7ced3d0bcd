// The CLI's view of a run: findings with paths relative to the working directory and
// 1-based lines and columns (columns count UTF-16 code units, as LSP and SARIF do).
import { createHash } from 'crypto';
import * as path from 'path';
import type { Finding, FindingData, Severity } from '../engine/types';
import { LineIndex } from '../engine/lines';
import { costSummary, sizingNotes, type CallCost, type CostSummary } from '../sizing';
import type { FileResult } from '../host/files';
import type { CodeRole } from '../program/roles';

/** One-based lines and columns (UTF-16), as the CLI prints them. */
export interface CliSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CliEdit extends CliSpan {
  newText: string;
}

export interface CliFinding extends CliSpan {
  rule: string;
  name: string;
  severity: Severity;
  path: string;
  /** The rule's one line (at most 120 characters); the cost is `cost`, the rest `data`. */
  message: string;
  /** The finding's structured data: request, where it is served, how often, the explanation. */
  data?: FindingData;
  /** What the call costs under the file's profile (the sizing model's headline and numbers). */
  cost?: CostSummary;
  fixes: { title: string; safe: boolean; edits: CliEdit[] }[];
  /** What the finding's file is for (docs/program-model.md), when the program pass ran. */
  role?: CodeRole;
  /** Other places that explain the finding (the loop, the read calls away), possibly in other files. */
  related: CliRelated[];
  /**
   * Stable identity across unrelated edits: a hash of rule, path, enclosing function, folded
   * call text and an occurrence index among identical calls there. No line numbers.
   */
  fingerprint: string;
  /** What the fingerprint hashes besides rule and path; not printed (the baseline re-hashes it). */
  identity: FindingIdentity;
  /** The full cost, for the run's sizing notes; not printed (`cost` is its summary). */
  fullCost?: CallCost;
}

export interface CliRelated extends CliSpan {
  path: string;
  message: string;
  /** Its place on the finding's execution path; the finding's own location is 0 (RelatedLocation.step). */
  step?: number;
}

export interface FindingIdentity {
  function: string;
  call: string;
  occurrence: number;
}

export interface Note {
  path: string;
  message: string;
  error: boolean;
  /**
   * `fix`: about --fix (a file left unfixed), not about whether the file was linted;
   * `program`: about the run as a whole (the module index, findings not shown for a role).
   */
  kind?: 'fix' | 'program';
}

export interface RunReport {
  findings: CliFinding[];
  notes: Note[];
  files: number;
  suppressed: number;
  /** Findings hidden by --baseline. */
  baselined: number;
  /** Text of each file with findings, by display path, for code frames. */
  sources: Map<string, string>;
  /** Paths of the program's files by FileId, for related locations in other files. */
  filePaths: Map<number, string>;
}

export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(p));
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(p)).split(path.sep).join('/');
}

/** Fingerprint of a finding; `occurrence` counts identical (rule, path, function, call) before it. */
export function fingerprintOf(rule: string, file: string, enclosingFunction: string, callText: string, occurrence: number): string {
  return createHash('sha256').update([rule, file, enclosingFunction, callText, String(occurrence)].join('\0')).digest('hex').slice(0, 32);
}

export function toCliFinding(f: Finding, file: string, lines: LineIndex, identity: FindingIdentity, filePaths: ReadonlyMap<number, string> = new Map()): CliFinding {
  return {
    rule: f.rule,
    name: f.name,
    severity: f.severity,
    path: file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    ...(f.data ? { data: f.data } : {}),
    ...(f.cost ? { cost: costSummary(f.cost) } : {}),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      safe: x.safe,
      edits: x.edits.map((e) => {
        const s = lines.position(e.start);
        const en = lines.position(e.end);
        return { line: s.line + 1, column: s.character + 1, endLine: en.line + 1, endColumn: en.character + 1, newText: e.newText };
      }),
    })),
    related: f.related.map((r) => ({
      path: r.fileId !== undefined && filePaths.has(r.fileId) ? displayPath(filePaths.get(r.fileId)!) : file,
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      endLine: r.range.end.line + 1,
      endColumn: r.range.end.character + 1,
      message: r.message,
      ...(r.step !== undefined ? { step: r.step } : {}),
    })),
    fingerprint: fingerprintOf(f.rule, file, identity.function, identity.call, identity.occurrence),
    identity,
    ...(f.cost ? { fullCost: f.cost } : {}),
  };
}

/** The known headline of a finding's cost, for the one-line formats; unknown costs go to the run's notes instead. */
export function costHeadline(f: CliFinding): string | undefined {
  return f.cost?.known ? f.cost.headline : undefined;
}

/** Notes about the run's sizing, each once: the assumed Kubernetes version, the resources with no size. */
export function runSizingNotes(report: RunReport): string[] {
  return sizingNotes(report.findings.flatMap((f) => (f.fullCost ? [f.fullCost] : [])));
}

/** CLI findings of one file, fingerprinted (occurrence indexes count in file order). */
export function cliFindingsOf(findings: Finding[], file: string, text: string, filePaths?: ReadonlyMap<number, string>): CliFinding[] {
  const lines = new LineIndex(text);
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = [f.rule, f.enclosingFunction, f.callText].join('\0');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return toCliFinding(f, file, lines, { function: f.enclosingFunction, call: f.callText, occurrence: n }, filePaths);
  });
}

export function emptyReport(): RunReport {
  return { findings: [], notes: [], files: 0, suppressed: 0, baselined: 0, sources: new Map(), filePaths: new Map() };
}

/** Adds one file's results; `extra` adds findings of its own (unused suppressions) in order. */
export function addResult(report: RunReport, r: FileResult, extra?: (displayPath: string) => CliFinding[], role?: CodeRole): void {
  report.files++;
  // Most files of a tree have nothing to say: their display path is never computed.
  if (!r.skipped && !extra && (!r.result || (!r.result.findings.length && !r.result.suppressed.length && !r.result.timedOut && !r.result.ruleErrors.length))) return;
  const p = displayPath(r.path);
  if (r.skipped) report.notes.push({ path: p, message: r.skipped.reason, error: r.skipped.error });
  if (!r.result || r.text === undefined) return;
  const found = cliFindingsOf(r.result.findings, p, r.text, report.filePaths).map((f) => (role ? { ...f, role } : f));
  if (extra) {
    found.push(...extra(p));
    found.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  if (r.result.timedOut) report.notes.push({ path: p, message: 'analysis exceeded timeoutMs; no findings reported for this file', error: false });
  report.findings.push(...found);
  if (found.length) report.sources.set(p, r.text);
  report.suppressed += r.result.suppressed.length;
  for (const e of r.result.ruleErrors) report.notes.push({ path: p, message: `rule ${e.rule} failed: ${e.message.split('\n')[0]}`, error: true });
}

export function buildReport(results: FileResult[]): RunReport {
  const report = emptyReport();
  for (const r of results) addResult(report, r);
  return report;
}
