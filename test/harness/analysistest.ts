// A fixture harness in the manner of go/analysis' analysistest: each Go fixture states its
// expected findings as `// want "KLL001"` comments (optionally `"KLL001 regexp"` matched
// against the message) on the reported line. Every missing and every unexpected finding
// fails. When a fixture's findings carry fixes, `x.go.golden` holds the whole file after
// applying the first fix of each; UPDATE_GOLDEN=1 rewrites the golden files.
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../../server/src/engine/analyze';
import { applyEdits, chooseFixes } from '../../server/src/engine/applyFixes';
import type { AnalysisResult, EngineSettings, Finding } from '../../server/src/engine/types';

export interface Want {
  line: number;
  rule: string;
  pattern?: RegExp;
  raw: string;
}

const WANT = /\/\/\s*want\s+((?:"[^"]*"\s*)+)/;

export function parseWants(text: string): Want[] {
  const wants: Want[] = [];
  text.split('\n').forEach((lineText, i) => {
    const m = WANT.exec(lineText);
    if (!m) return;
    for (const q of m[1].match(/"[^"]*"/g) ?? []) {
      const body = q.slice(1, -1);
      const [rule, ...rest] = body.split(' ');
      wants.push({ line: i, rule, pattern: rest.length ? new RegExp(rest.join(' ')) : undefined, raw: body });
    }
  });
  return wants;
}

export interface FixtureOutcome {
  problems: string[];
  result: AnalysisResult;
  text: string;
}

function describe(f: Finding): string {
  return `${f.rule} at ${f.range.start.line + 1}:${f.range.start.character + 1} (${f.message.slice(0, 90)}...)`;
}

export function checkFixture(engine: Engine, file: string, settings?: EngineSettings): FixtureOutcome {
  const text = fs.readFileSync(file, 'utf8');
  const result = engine.analyze(text, { settings });
  const wants = parseWants(text);
  const problems: string[] = [];
  const left = [...wants];
  for (const f of result.findings) {
    const i = left.findIndex((w) => w.line === f.range.start.line && w.rule === f.rule && (!w.pattern || w.pattern.test(f.message)));
    if (i >= 0) left.splice(i, 1);
    else problems.push(`${path.basename(file)}: unexpected finding ${describe(f)}`);
  }
  for (const w of left) problems.push(`${path.basename(file)}:${w.line + 1}: missing finding "${w.raw}"`);
  for (const e of result.ruleErrors) problems.push(`${path.basename(file)}: rule ${e.rule} threw: ${e.message}`);

  const golden = file + '.golden';
  const { edits } = chooseFixes(result.findings, true);
  if (edits.length) {
    const fixed = applyEdits(text, edits);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, fixed);
    if (!fs.existsSync(golden)) problems.push(`${path.basename(file)}: findings have fixes but ${path.basename(golden)} does not exist (UPDATE_GOLDEN=1 writes it)`);
    else if (fs.readFileSync(golden, 'utf8') !== fixed) problems.push(`${path.basename(file)}: fixed text differs from ${path.basename(golden)}:\n${firstDifference(fs.readFileSync(golden, 'utf8'), fixed)}`);
  } else if (fs.existsSync(golden)) {
    problems.push(`${path.basename(file)}: ${path.basename(golden)} exists but no finding offers a fix`);
  }
  return { problems, result, text };
}

function firstDifference(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `  line ${i + 1}\n  want: ${JSON.stringify(a[i])}\n  got:  ${JSON.stringify(b[i])}`;
  }
  return '  (no line differs)';
}

export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) out.push(...fixtureFiles(p));
    else if (ent.name.endsWith('.go')) out.push(p);
  }
  return out.sort();
}
