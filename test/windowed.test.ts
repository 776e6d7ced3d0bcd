// The editor's windowed analysis (windowed.ts) against the whole-file analysis it stands in
// for: after every edit of random edit sequences, on the 5,000-line bench file, every Go
// fixture and synthetic corpus files, both must give the same findings, suppressed findings
// and suppressions, field for field (offsets, ranges, messages, fixes, costs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import { type Engine } from '../server/src/engine/analyze';
import type { AnalysisResult } from '../server/src/engine/types';
import { WindowedAnalysis, type WindowMode } from '../server/src/engine/windowed';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { fixtureFiles } from './harness/analysistest';
import { treeEditFor } from '../server/src/engine/treeEdit';
import { corpusFiles, prng } from '../bench/corpus';
import { bigGoFile, controllerRuntimeFile } from '../bench/lsp-latency';
import type { ModuleContext } from '../server/src/engine/summary';

const ROOT = packageRoot();

/** The result with `suppressed` in position order (the whole analysis lists them by rule). */
function comparable(r: AnalysisResult) {
  const suppressed = [...r.suppressed].sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  return { findings: r.findings, suppressed, suppressions: r.suppressions, hasSyntaxErrors: r.hasSyntaxErrors, ruleErrors: r.ruleErrors, timedOut: r.timedOut };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** An edit an editor session could make: mostly typing inside functions, sometimes anything. */
function randomEdit(text: string, rand: () => number): Edit {
  const at = Math.floor(rand() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const names = [...text.matchAll(/^func (?:\([^)]*\) )?(\w+)/gm)].map((m) => m[1]);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const r = rand();
  if (r < 0.3) return { start: lineStart, end: lineStart, text: ' ' };
  if (r < 0.4) return text[lineStart] === ' ' ? { start: lineStart, end: lineStart + 1, text: '' } : { start: at, end: at, text: 'x' };
  if (r < 0.5 && names.length) return { start: lineStart, end: lineStart, text: `\t${pick(names)}()\n` };
  // Statements go inside functions (an indented line), as code is written.
  if (r < 0.6 && text[lineStart] === '\t') {
    const snippets = [
      '\tpods, _ := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})\n',
      '\tfor _, n := range nodes {\n\t\t_ = n\n\t}\n',
      '\t_, _ = c.Get(ctx, "x", metav1.GetOptions{})\n',
      '\t// kube-list-lint:ignore KLL001 reason\n',
      '\topts.ResourceVersion = "0"\n',
    ];
    return { start: lineStart, end: lineStart, text: pick(snippets) };
  }
  if (r < 0.75) return { start: at, end: Math.min(text.length, at + 1 + Math.floor(rand() * 8)), text: '' };
  return { start: at, end: at, text: pick(['}', '{', '"', '`', '/*', '\n', 'List', 'func g() {}\n', 'New', '\r\n', 'é']) };
}

describe('windowed analysis equals the whole-file analysis', function () {
  this.timeout(600000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  /** Runs `steps` random edits on `text`; returns how each version was answered. */
  function session(name: string, text: string, steps: number, seed: number, module?: ModuleContext): Record<WindowMode, number> {
    const rand = prng(seed);
    const win = new WindowedAnalysis(engine);
    const modes: Record<WindowMode, number> = { full: 0, window: 0, reuse: 0 };
    const reasons: Record<string, number> = {};
    let tree: Tree = engine.parser.parse(text);
    // A broken file is usually fixed soon, as when typing: the file keeps coming back to its
    // last state that parsed, instead of collecting syntax errors for good.
    let lastGood = text;
    try {
      for (let step = 0; step <= steps; step++) {
        if (step > 0) {
          let e = randomEdit(text, rand);
          if (tree.rootNode.hasError && rand() < 0.7) {
            let p = 0;
            while (p < text.length && p < lastGood.length && text[p] === lastGood[p]) p++;
            let q = 0;
            while (q < text.length - p && q < lastGood.length - p && text[text.length - 1 - q] === lastGood[lastGood.length - 1 - q]) q++;
            e = { start: p, end: text.length - q, text: lastGood.slice(p, lastGood.length - q) };
          }
          tree.edit(treeEditFor(text, e.start, e.end, e.text));
          text = text.slice(0, e.start) + e.text + text.slice(e.end);
          const next = engine.parser.parse(text, tree);
          tree.delete();
          tree = next;
        }
        if (!tree.rootNode.hasError) lastGood = text;
        const got = win.analyze(text, () => tree, { rules: {} }, 'k', undefined, module);
        modes[win.lastMode]++;
        if (win.lastMode === 'full') reasons[win.lastReason] = (reasons[win.lastReason] ?? 0) + 1;
        const want = engine.analyze(text, { tree, module });
        try {
          assert.deepStrictEqual(comparable(got), comparable(want));
        } catch (e) {
          throw new Error(`${name}, step ${step} (${win.lastMode}): ${(e as Error).message.slice(0, 3000)}`);
        }
      }
    } finally {
      tree.delete();
      win.dispose();
    }
    if (process.env.WINDOW_DEBUG) console.log(name, modes, reasons);
    return modes;
  }

  it('on the 5,000-line bench file, and the window does the work for most edits', () => {
    const modes = session('big.go', bigGoFile(), 150, 7);
    // Not vacuous: the window or reuse must answer a good share of versions (the random
    // edits break the syntax often, and a broken version is analysed whole).
    assert.ok(modes.window + modes.reuse > 40, JSON.stringify(modes));
    assert.ok(modes.window > 15, JSON.stringify(modes));
  });

  it('on a 5,000-line controller-runtime file: KLL301 keeps the first cached read of each kind over the merged parts', () => {
    const text = controllerRuntimeFile();
    const first = engine.analyze(text, {});
    // Not vacuous: the file has KLL301 candidates in every method, one finding per kind.
    assert.deepStrictEqual(first.findings.filter((f) => f.rule === 'KLL301').map((f) => f.data?.resource).sort(), ['configmaps', 'pods']);
    const modes = session('reconciler.go', text, 120, 11);
    assert.ok(modes.window > 15, JSON.stringify(modes));
    // Edits at the first reads themselves: removing the first Pod LIST moves KLL301 to the next one.
    const win = new WindowedAnalysis(engine);
    let tree = engine.parser.parse(text);
    try {
      win.analyze(text, () => tree, { rules: {} }, 'k');
      // `r.List` becomes `r.Lost`: no longer a read, and the file still parses.
      const at = text.indexOf('r.List(ctx, &pods') + 3;
      const edited = text.slice(0, at) + 'o' + text.slice(at + 1);
      tree.edit(treeEditFor(text, at, at + 1, 'o'));
      const next = engine.parser.parse(edited, tree);
      tree.delete();
      tree = next;
      const got = win.analyze(edited, () => tree, { rules: {} }, 'k');
      assert.strictEqual(win.lastMode, 'window');
      assert.deepStrictEqual(comparable(got), comparable(engine.analyze(edited, { tree })));
      const pods = got.findings.find((f) => f.rule === 'KLL301' && f.data?.resource === 'pods');
      assert.ok(pods && pods.start > at, 'the next Pod LIST carries KLL301');
    } finally {
      tree.delete();
      win.dispose();
    }
  });

  it('with what other files of the module configure (the editor passes the module context through the window)', () => {
    const module: ModuleContext = { cache: { restrictsAll: false, restrictedKinds: ['Pod'], uncachedKinds: ['ConfigMap'], cacheUnstructured: false } };
    const text = controllerRuntimeFile(1500);
    const whole = engine.analyze(text, { module });
    assert.ok(!whole.findings.some((f) => f.rule === 'KLL301' && f.data?.resource === 'pods'), 'Pods are restricted in the module');
    const modes = session('reconciler.go with module', text, 60, 12, module);
    assert.ok(modes.window > 5, JSON.stringify(modes));
  });

  it('with options callers in other files pass to its parameters (related locations there stay where they are)', () => {
    const text = fs.readFileSync(path.join(packageRoot(), 'test', 'program-fixtures', 'options', 'internal', 'store', 'pods.go'), 'utf8');
    const caller = { fileId: 7, start: 100, end: 160, range: { start: { line: 19, character: 5 }, end: { line: 19, character: 65 } }, function: 'Resync' };
    const module: ModuleContext = {
      parameterOptions: [
        { function: 'PodsWith', receiver: 'Store', param: 1, type: 'ListOptions', fields: [['LabelSelector', { kind: 'string', value: 'app=x' }]], callers: [caller] },
        { function: 'Nodes', param: 2, type: 'ListOptions', fields: [], callers: [caller] },
      ],
    };
    const whole = engine.analyze(text, { module });
    const reads = whole.findings.filter((f) => f.rule === 'KLL001');
    assert.strictEqual(reads.length, 2, JSON.stringify(whole.findings.map((f) => f.rule)));
    assert.ok(reads.every((f) => f.related.some((r) => r.fileId === 7 && r.start === 100) && f.fixes.length === 0));
    session('pods.go with parameter options', text, 40, 5, module);
    // A function of the file passing on what its callers in other files pass (resolved in the file from the program's).
    const chain = fs.readFileSync(path.join(packageRoot(), 'test', 'program-fixtures', 'options', 'internal', 'store', 'chain.go'), 'utf8');
    const chained: ModuleContext = {
      parameterOptions: [
        { function: 'SecretsIn', param: 2, type: 'ListOptions', fields: [], callers: [caller] },
        { function: 'leasesWith', receiver: 'Store', param: 1, type: 'ListOptions', fields: [], callers: [caller] },
      ],
    };
    const lines = engine.analyze(chain, { module: chained }).findings.filter((f) => f.rule === 'KLL001' && f.related.some((r) => r.fileId === 7)).map((f) => f.range.start.line + 1);
    assert.deepStrictEqual(lines, [31, 41]);
    session('chain.go with parameter options', chain, 40, 6, chained);
  });

  it('a fault inside the window costs time, never findings: the whole file is analysed', () => {
    let text = bigGoFile();
    const win = new WindowedAnalysis(engine);
    let tree = engine.parser.parse(text);
    try {
      win.analyze(text, () => tree, { rules: {} }, 'k');
      // An edit inside a function that lists, so that a window would be analysed.
      const at = text.indexOf('\tlist, err := ') + 1;
      tree.edit(treeEditFor(text, at, at, ' '));
      text = text.slice(0, at) + ' ' + text.slice(at);
      const next = engine.parser.parse(text, tree);
      tree.delete();
      tree = next;
      (win as unknown as { windowTree: () => never }).windowTree = () => {
        throw new Error('boom');
      };
      const got = win.analyze(text, () => tree, { rules: {} }, 'k');
      assert.strictEqual(win.lastMode, 'full');
      assert.match(win.lastReason, /window failed: boom/);
      assert.deepStrictEqual(comparable(got), comparable(engine.analyze(text, { tree })));
      assert.ok(got.findings.length > 10);
    } finally {
      tree.delete();
      win.dispose();
    }
  });

  it('white space outside functions: neutral between tokens, never inside a literal or comment', () => {
    const base = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'rv', 'kll001.go'), 'utf8');
    const first = base.indexOf('\nfunc ') + 1;
    const importPath = base.indexOf('k8s.io/apimachinery/pkg/apis/meta/v1');
    assert.ok(first > 0 && importPath > 0);
    const edits: [string, number, string][] = [
      ['a space before a function (its column moves)', first, ' '],
      ['a tab at the start of an import line', base.lastIndexOf('\n', importPath) + 1, '\t'],
      // Inside metav1's import path the space changes the import: options are no longer
      // metav1's, and findings go.
      ['a space inside an import path', importPath + 'k8s.io/'.length, ' '],
      ['spaces inside a comment outside functions', base.indexOf('//') + 2, '  '],
    ];
    for (const [what, at, piece] of edits) {
      const win = new WindowedAnalysis(engine);
      let tree = engine.parser.parse(base);
      try {
        win.analyze(base, () => tree, { rules: {} }, 'k');
        const text = base.slice(0, at) + piece + base.slice(at);
        tree.edit(treeEditFor(base, at, at, piece));
        const stale = tree;
        let reparsed: Tree | undefined;
        const got = win.analyze(text, () => (reparsed ??= engine.parser.parse(text, stale)), { rules: {} }, 'k');
        const fresh = engine.parser.parse(text);
        try {
          assert.deepStrictEqual(comparable(got), comparable(engine.analyze(text, { tree: fresh })), what);
        } finally {
          fresh.delete();
          if (reparsed) {
            tree.delete();
            tree = reparsed;
          }
        }
        const before = engine.analyze(base).findings.length;
        if (what.includes('import path')) assert.ok(got.findings.length < before, `${what}: ${got.findings.length} of ${before}`);
        else assert.strictEqual(got.findings.length, before, what);
      } finally {
        tree.delete();
        win.dispose();
      }
    }
  });

  it('white space inside a literal or comment outside functions is never taken as neutral', () => {
    const base = [
      'package p',
      '',
      'import (',
      '\t"context"',
      '',
      '\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"',
      '\t"k8s.io/client-go/kubernetes"',
      ')',
      '',
      'type agent struct {',
      '\tcs kubernetes.Interface',
      '}',
      '',
      'const sel = "app= web"',
      '',
      'var doc = `a raw',
      ' string`',
      '',
      '/* a block',
      '   comment */',
      '',
      'func (a *agent) run(ctx context.Context) {',
      '\t_, _ = a.cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})',
      '}',
      '',
    ].join('\n');
    const cases: [string, number, WindowMode][] = [
      ['a tab before a struct field', base.indexOf('\tcs kubernetes'), 'reuse'],
      ['a space at a blank line', base.indexOf('\n\nconst') + 1, 'reuse'],
      ['a space next to a space in a string', base.indexOf(' web"'), 'full'],
      ['a space at the start of a raw string line', base.indexOf(' string`'), 'full'],
      ['a space next to a space in a block comment', base.indexOf('   comment'), 'full'],
    ];
    for (const [what, at, mode] of cases) {
      const win = new WindowedAnalysis(engine);
      const tree = engine.parser.parse(base);
      try {
        win.analyze(base, () => tree, { rules: {} }, 'k');
        const text = base.slice(0, at) + ' ' + base.slice(at);
        const fresh = engine.parser.parse(text);
        try {
          const got = win.analyze(text, () => fresh, { rules: {} }, 'k');
          assert.strictEqual(win.lastMode, mode, what);
          assert.deepStrictEqual(comparable(got), comparable(engine.analyze(text, { tree: fresh })), what);
          assert.strictEqual(got.findings.length, 1, what);
        } finally {
          fresh.delete();
        }
      } finally {
        tree.delete();
        win.dispose();
      }
    }
  });

  it('on every Go fixture', () => {
    const files = [...fixtureFiles(path.join(ROOT, 'test', 'fixtures')), ...fixtureFiles(path.join(ROOT, 'examples'))];
    assert.ok(files.length > 20);
    const total: Record<WindowMode, number> = { full: 0, window: 0, reuse: 0 };
    files.forEach((f, i) => {
      const m = session(path.relative(ROOT, f), fs.readFileSync(f, 'utf8'), 25, 100 + i);
      for (const k of Object.keys(m) as WindowMode[]) total[k] += m[k];
    });
    assert.ok(total.window > 50, JSON.stringify(total));
  });

  it('on synthetic corpus files', () => {
    const files = corpusFiles({ seed: 3, files: 400 }).filter((f) => f.text.includes('.List(')).slice(0, 40);
    assert.ok(files.length >= 20);
    files.forEach((f, i) => session(f.path, f.text, 20, 500 + i));
  });
});
