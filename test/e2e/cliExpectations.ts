// What the editor tests expect, taken from the CLI over the same file: one engine, so the
// editor must show exactly these findings and produce exactly these fixed texts.
import { execFileSync } from 'child_process';
import * as path from 'path';

import type { CliEdit, CliFinding } from '../../server/src/cli/report';

export type { CliEdit, CliFinding };

export function cliFindings(repoRoot: string, file: string): CliFinding[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', '--format', 'json', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // Exit code 1 means "findings"; the JSON is on stdout all the same.
    out = (e as { stdout?: string }).stdout ?? '';
  }
  return (JSON.parse(out) as { findings: CliFinding[] }).findings;
}

/** 1-based line and UTF-16 column (the CLI's) to a string offset. */
function offsetOf(lineStarts: number[], line: number, column: number): number {
  return lineStarts[line - 1] + column - 1;
}

/** Applies non-overlapping edits given in CLI coordinates. */
export function applyCliEdits(text: string, edits: CliEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const spans = edits
    .map((e) => ({ start: offsetOf(lineStarts, e.line, e.column), end: offsetOf(lineStarts, e.endLine, e.endColumn), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const s of spans) {
    if (s.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    limit = s.start;
  }
  return out;
}

/** The text after "fix all": the first safe fix of every finding, as the server's fix-all applies them. */
export function safeFixAll(text: string, findings: CliFinding[]): string {
  const edits = findings.flatMap((f) => f.fixes.find((x) => x.safe)?.edits ?? []);
  return applyCliEdits(text, edits);
}
