// The CLI's view of a run: findings with paths relative to the working directory and
// 1-based lines and columns (columns count UTF-16 code units, as LSP and SARIF do).
import * as path from 'path';
import type { Finding, Severity } from '../engine/types';
import { LineIndex } from '../engine/lines';
import type { FileResult } from './lint';

export interface CliEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface CliFinding {
  rule: string;
  name: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: { title: string; safe: boolean; edits: CliEdit[] }[];
}

export interface RunReport {
  findings: CliFinding[];
  notes: { path: string; message: string; error: boolean }[];
  files: number;
  suppressed: number;
}

export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(p));
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(p)).split(path.sep).join('/');
}

export function toCliFinding(f: Finding, file: string, lines: LineIndex): CliFinding {
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
    fixes: f.fixes.map((x) => ({
      title: x.title,
      safe: x.safe,
      edits: x.edits.map((e) => {
        const s = lines.position(e.start);
        const en = lines.position(e.end);
        return { line: s.line + 1, column: s.character + 1, endLine: en.line + 1, endColumn: en.character + 1, newText: e.newText };
      }),
    })),
  };
}

export function buildReport(results: FileResult[]): RunReport {
  const report: RunReport = { findings: [], notes: [], files: results.length, suppressed: 0 };
  for (const r of results) {
    const p = displayPath(r.path);
    if (r.skipped) report.notes.push({ path: p, message: r.skipped.reason, error: r.skipped.error });
    if (!r.result || r.text === undefined) continue;
    const lines = new LineIndex(r.text);
    for (const f of r.result.findings) report.findings.push(toCliFinding(f, p, lines));
    report.suppressed += r.result.suppressed.length;
    for (const e of r.result.ruleErrors) report.notes.push({ path: p, message: `rule ${e.rule} failed: ${e.message.split('\n')[0]}`, error: true });
  }
  return report;
}
