// Engine behaviour that fixtures cannot show: encodings, budgets, containment.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, mayContainFindings } from '../server/src/engine/analyze';
import { RULES } from '../server/src/engine/rules';
import type { Rule } from '../server/src/engine/rule';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { collectFacts } from '../server/src/engine/facts';
import { freshIntent } from '../server/src/engine/freshness';
import { LineIndex } from '../server/src/engine/lines';

const KLL001 = fs.readFileSync(path.join(packageRoot(), 'test/fixtures/rv/kll001.go'), 'utf8');
const summary = (e: Engine, t: string) => e.analyze(t).findings.map((f) => `${f.rule}@${f.range.start.line}:${f.range.start.character}`);

describe('engine', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('a UTF-8 byte-order mark changes nothing (Go ignores it)', () => {
    const plain = engine.analyze(KLL001).findings;
    assert.ok(plain.length > 5);
    const withBom = engine.analyze('\ufeff' + KLL001).findings;
    assert.deepStrictEqual(withBom.map((f) => [f.rule, f.start - 1, f.range.start.line]), plain.map((f) => [f.rule, f.start, f.range.start.line]));
  });

  it('prefilter: `.New(` counts only with controller-runtime\'s client imported (the one New a rule reads)', () => {
    const head = 'package p\n\nimport (\n\t"errors"\n\t"k8s.io/apimachinery/pkg/util/wait"\n%s)\n\n';
    const body = 'func f(cfg *rest.Config) error {\n\tfor i := 0; i < 3; i++ {\n\t\tc, _ := client.New(cfg, client.Options{})\n\t\t_ = c\n\t}\n\treturn errors.New("x")\n}\n';
    const without = head.replace('%s', '') + body;
    const withCr = head.replace('%s', '\t"sigs.k8s.io/controller-runtime/pkg/client"\n\t"k8s.io/client-go/rest"\n') + body;
    assert.ok(!mayContainFindings(without) && !mayContainFindings(Buffer.from(without)));
    assert.ok(engine.analyze(without).skippedByPrefilter);
    assert.ok(mayContainFindings(withCr) && mayContainFindings(Buffer.from(withCr)));
    assert.deepStrictEqual(engine.analyze(withCr).findings.map((f) => f.rule), ['KLL302']);
    // With the prefilter off, the file without the import has no finding either: the guard loses nothing.
    assert.deepStrictEqual(engine.analyze(without, { noPrefilter: true }).findings, []);
  });

  it('prefilter: `.Get(` counts only with an argument (the REST request builder `Get()` takes none)', () => {
    const head = 'package p\n\nimport (\n\t"context"\n\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"\n\t"k8s.io/client-go/kubernetes"\n\t"k8s.io/client-go/rest"\n)\n\n';
    const builder =
      'func f(ctx context.Context, c rest.Interface, cs kubernetes.Interface) error {\n' +
      '\tfor _, ns := range []string{"a", "b"} {\n' +
      '\t\tif err := c.Get().Namespace(ns).Resource("pods").Do(ctx).Error(); err != nil {\n\t\t\treturn err\n\t\t}\n' +
      '\t\t_ = c.Get( ).AbsPath("/x")\n\t\t_ = c.Get(\n\t\t).AbsPath("/y")\n' +
      '\t}\n\treturn nil\n}\n';
    const onlyBuilder = head + builder;
    assert.ok(!mayContainFindings(onlyBuilder) && !mayContainFindings(Buffer.from(onlyBuilder)));
    assert.ok(engine.analyze(onlyBuilder).skippedByPrefilter);
    // With the prefilter off there is no finding either: the check loses nothing.
    assert.deepStrictEqual(engine.analyze(onlyBuilder, { noPrefilter: true }).findings, []);
    // A Get with arguments, on the same line layout or split over lines, still passes.
    for (const get of ['cs.CoreV1().Pods(ns).Get(ctx, "x", metav1.GetOptions{})', 'cs.CoreV1().Pods(ns).Get(\n\t\t\tctx, "x", metav1.GetOptions{})']) {
      const text = head + builder.replace('\t\t_ = c.Get( )', `\t\t_, _ = ${get}\n\t\t_ = c.Get( )`);
      assert.ok(mayContainFindings(text) && mayContainFindings(Buffer.from(text)), get);
      assert.deepStrictEqual(engine.analyze(text).findings.map((f) => f.rule), ['KLL002'], get);
    }
  });

  it('CRLF line endings give the same findings on the same lines and columns', () => {
    assert.deepStrictEqual(summary(engine, KLL001.replace(/\n/g, '\r\n')), summary(engine, KLL001));
  });

  it('an exhausted time budget reports the file as timed out, with no findings', () => {
    const big = KLL001 + KLL001.replace(/^package.*$/m, '').repeat(200);
    const r = engine.analyze(big, { timeoutMs: 1 });
    assert.strictEqual(r.timedOut, true);
    assert.deepStrictEqual(r.findings, []);
    assert.ok(!engine.analyze(KLL001, { timeoutMs: 60_000 }).timedOut);
  });

  it('a rule that throws is contained: its error is reported, the other rules still run', async () => {
    const boom: Rule = {
      meta: { id: 'KLL999', name: 'boom', defaultSeverity: 'error', summary: 'Throws.', fixes: 'none' },
      check() {
        throw new Error('boom');
      },
    };
    const bytes = {
      runtime: fs.readFileSync(path.join(packageRoot(), 'grammars/tree-sitter.wasm')),
      go: fs.readFileSync(path.join(packageRoot(), 'grammars/tree-sitter-go.wasm')),
    };
    const e = await Engine.create(bytes, [boom, ...RULES]);
    const r = e.analyze(KLL001);
    assert.deepStrictEqual(r.ruleErrors.map((x) => x.rule), ['KLL999']);
    assert.match(r.ruleErrors[0].message, /boom/);
    assert.deepStrictEqual(r.findings.map((f) => f.rule), engine.analyze(KLL001).findings.map((f) => f.rule));
  });

  it('settings turn a rule off or change its severity', () => {
    const off = engine.analyze(KLL001, { settings: { rules: { KLL001: 'off' } } });
    assert.ok(off.findings.every((f) => f.rule !== 'KLL001'));
    const err = engine.analyze(KLL001, { settings: { rules: { KLL001: 'error' } } });
    assert.ok(err.findings.filter((f) => f.rule === 'KLL001').every((f) => f.severity === 'error'));
  });

  it('files that cannot hold a finding are not parsed', () => {
    const r = engine.analyze('package main\n\nfunc main() { l.List() }\n');
    assert.strictEqual(r.skippedByPrefilter, true);
    assert.strictEqual(engine.analyze(KLL001).skippedByPrefilter, false);
  });

  it('a fresh read is silent for the reason its function stands for, and only there', () => {
    const want: Record<string, string> = {
      retryOnConflict: 'retry,retry', onError: 'retry', readModifyWrite: 'read-modify-write', deepCopyStatus: 'read-modify-write',
      deleteIfUnchanged: 'read-modify-write', conflictBranches: 'conflict,conflict,conflict,conflict,conflict', commented: 'comment,comment,comment',
      'bumper.update': 'read-modify-write', 'bumper.status': 'read-modify-write', 'bumper.patch': 'read-modify-write', 'bumper.remove': 'read-modify-write',
    };
    const got: Record<string, string[]> = {};
    for (const file of ['freshness.go', 'freshness_cr.go']) {
      const text = fs.readFileSync(path.join(packageRoot(), 'test/fixtures/rv', file), 'utf8');
      const tree = engine.parser.parse(text)!;
      try {
        const facts = collectFacts(tree, new LineIndex(text))!;
        for (const c of facts.calls) {
          const why = freshIntent(c, facts);
          if (why) (got[c.fnName] ??= []).push(why);
        }
      } finally {
        tree.delete();
      }
    }
    assert.deepStrictEqual(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.join(',')])), want);
  });
});
