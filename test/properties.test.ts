// Property-based tests (fast-check): whatever the input, the engine never throws, never
// reports outside the file, and every fix it offers applies cleanly and sticks.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import type { Engine } from '../server/src/engine/analyze';
import { applyEdits } from '../server/src/engine/applyFixes';
import type { AnalysisResult } from '../server/src/engine/types';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { fixtureFiles } from './harness/analysistest';

const FIXTURES = fixtureFiles(path.join(packageRoot(), 'test', 'fixtures')).map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
export const propertyStats: Record<string, number> = {};

function assertWellFormed(text: string, r: AnalysisResult): void {
  assert.deepStrictEqual(r.ruleErrors, [], 'no rule may throw');
  for (const f of [...r.findings, ...r.suppressed]) {
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `finding range ${f.start}-${f.end} outside 0-${text.length}`);
    for (const fix of f.fixes) {
      for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `edit ${e.start}-${e.end} outside the text`);
      applyEdits(text, fix.edits); // throws on overlap
    }
  }
}

function errorNodes(engine: Engine, text: string): number {
  const tree = engine.parser.parse(text);
  try {
    return tree.rootNode.descendantsOfType(['ERROR', 'MISSING']).length + (tree.rootNode.hasError ? 1 : 0);
  } finally {
    tree.delete();
  }
}

function gofmtClean(text: string): boolean | undefined {
  try {
    return execFileSync('gofmt', ['-l'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }).trim() === '';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return false; // gofmt exits non-zero on syntax errors
  }
}

/** A mutation of Go text of the kinds real editing and real files produce. */
const mutation = (text: string) =>
  fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(text.length), len: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(text.length), s: fc.oneof(fc.constantFrom('{', '}', '(', ')', '"', '`', '//', '/*', ':=', '\n', '\u00e9', '\ud83d\ude00', '\u0000', '\ufeff'), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 })) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(text.length) }),
    fc.record({ kind: fc.constant('crlf' as const) }),
    fc.record({ kind: fc.constant('bom' as const) }),
    fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 3000 }), at: fc.nat(text.length) }),
    fc.record({ kind: fc.constant('giant' as const), len: fc.integer({ min: 1000, max: 200_000 }), at: fc.nat(text.length) }),
  );

type Mutation = { kind: 'delete'; at: number; len: number } | { kind: 'insert'; at: number; s: string } | { kind: 'truncate'; at: number } | { kind: 'crlf' } | { kind: 'bom' } | { kind: 'nest'; depth: number; at: number } | { kind: 'giant'; len: number; at: number };

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete':
      return text.slice(0, m.at) + text.slice(m.at + m.len);
    case 'insert':
      return text.slice(0, m.at) + m.s + text.slice(m.at);
    case 'truncate':
      return text.slice(0, m.at);
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return '\ufeff' + text;
    case 'nest':
      return text.slice(0, m.at) + '('.repeat(m.depth) + 'x' + ')'.repeat(m.depth) + text.slice(m.at);
    case 'giant':
      return text.slice(0, m.at) + '"' + 'a'.repeat(m.len) + '"' + text.slice(m.at);
  }
}

describe('engine properties (fast-check)', function () {
  this.timeout(300_000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('never throws, never reports outside the file, on mutated fixtures', () => {
    let cases = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.integer({ min: 0, max: 1_000_000 }), (fx, seed) => {
        // Mutations depend on the text, so draw them from a seeded generator here.
        const ms = fc.sample(fc.array(mutation(fx.text), { minLength: 1, maxLength: 4 }), { seed, numRuns: 1 })[0] as Mutation[];
        let text = fx.text;
        for (const m of ms) text = mutate(text, m);
        const started = Date.now();
        const r = engine.analyze(text, { noPrefilter: true });
        const ms_ = Date.now() - started;
        cases++;
        assertWellFormed(text, r);
        // A generous budget: catches pathological (super-linear) behaviour, not noise.
        assert.ok(ms_ < 5000 + text.length / 10, `${ms_} ms for ${text.length} chars`);
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 42) },
    );
    propertyStats.mutatedFixtures = cases;
  });

  it('never throws on generated Go-like token soup', () => {
    const tokens = ['package p\n', 'import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"\n', 'func f() {', '}', 'for _, x := range l.Items {', 'cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{', 'ResourceVersion: "0",', 'Limit: 5', '})', '\n', 'opts := metav1.ListOptions{}', 'opts.Limit = 1', 'x.Get(ctx, "n", metav1.GetOptions{})', '//kube-list-lint:ignore KLL001', '//nolint', 'if a {', 'else {', '&opts', ';'];
    let cases = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        cases++;
        assertWellFormed(text, engine.analyze(text, { noPrefilter: true }));
      }),
      { numRuns: RUNS, seed: 7 },
    );
    propertyStats.tokenSoup = cases;
  });

  it('every fix, alone, parses with no new errors, stays gofmt-clean and is not offered again', () => {
    let fixes = 0;
    for (const fx of FIXTURES) {
      for (const variant of [fx.text, fx.text.replace(/\n/g, '\r\n')]) {
        const crlf = variant.includes('\r\n');
        const r = engine.analyze(variant);
        const baseErrors = errorNodes(engine, variant);
        const inputClean = !crlf && gofmtClean(variant) === true;
        for (const f of r.findings) {
          for (const fix of f.fixes) {
            fixes++;
            const out = applyEdits(variant, fix.edits);
            const where = `${path.basename(fx.file)} ${f.rule} "${fix.title}"${crlf ? ' (CRLF)' : ''}`;
            assert.ok(errorNodes(engine, out) <= baseErrors, `${where}: new syntax errors`);
            if (crlf) assert.ok(!/[^\r]\n/.test(out), `${where}: a bare LF in a CRLF file`);
            if (inputClean) assert.notStrictEqual(gofmtClean(out), false, `${where}: not gofmt-clean:\n${out}`);
            const again = engine.analyze(out).findings.filter((g) => g.rule === f.rule && g.callText === f.callText && g.enclosingFunction === f.enclosingFunction && g.fixes.some((x) => x.title === fix.title));
            assert.deepStrictEqual(again.map((g) => g.rule), [], `${where}: the same fix is offered again`);
          }
        }
      }
    }
    assert.ok(fixes > 10, `only ${fixes} fixes exercised`);
    propertyStats.fixesRoundTripped = fixes;
  });

  after(() => {
    if (Object.keys(propertyStats).length) console.log(`      property cases run: ${JSON.stringify(propertyStats)}`);
  });
});
