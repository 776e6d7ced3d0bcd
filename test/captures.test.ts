// The text-directed captures (captures.ts) against the queries they replace (facts.ts):
// on every Go file of the test tree, 400 synthetic corpus files and the hard cases below,
// both must capture the same nodes under the same names, in the same order.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Query, type Node } from 'web-tree-sitter';
import type { Engine } from '../server/src/engine/analyze';
import { factCaptures, scopeCaptures, type Capture } from '../server/src/engine/captures';
import { FACTS_QUERY, SCOPE_QUERY } from '../server/src/engine/facts';
import { readImports } from '../server/src/engine/imports';
import { localNames, TIME_PATH, WAIT_PATH } from '../server/src/engine/loops';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { fixtureFiles } from './harness/analysistest';
import { corpusFiles } from '../bench/corpus';

const ROOT = packageRoot();

const HARD_CASES: Record<string, string> = {
  'names in strings, comments and raw strings': [
    'package p',
    'import "k8s.io/client-go/kubernetes"',
    'var s = "c.List(ctx, opts)" // c.Get(ctx, n, o)',
    'var r = `x.List(y)',
    'z.Get(a)`',
    '/* q.New() */',
  ].join('\n'),
  'method values, generics, comments inside selectors': [
    'package p',
    'func f[T any](c C) {',
    '\tg := c.List',
    '\t_ = c./* why */List(ctx, opts)',
    '\t_ = c.List[T](ctx)',
    '\t_ = c.\n\t\tGet(ctx, "n", o)',
    '\t_ = List(ctx)',
    '\t_ = cache.Options{}',
    '\t_ = Options{}',
    '\t_ = &manager.Options{Cache: cache.Options{}}',
    '\tvar o cache.Options',
    '\t_ = g',
    '}',
  ].join('\n'),
  'Unicode identifiers and near-miss names': [
    'package p',
    'func πList() {}',
    'func (s *S) Listé() {}',
    'func h() { x.πList(); x.Listé(); x.List_(); x.Lists(); x.GetList(); πList(); s.Listé() }',
  ].join('\n'),
  'scope: same-file calls, polls, ticker receives': [
    'package p',
    'import (',
    '\t"time"',
    '\tw "k8s.io/apimachinery/pkg/util/wait"',
    ')',
    'func sync() {}',
    'func (r *R) reconcile() { sync(); r.sync(); other.reconcile(); (r).reconcile(); x.y.sync() }',
    'func loop(t *time.Ticker) {',
    '\tfor {',
    '\t\t<-t.C',
    '\t\tsync()',
    '\t\ttime.Sleep(time.Second)',
    '\t\t_ = t.C',
    '\t\tw.Until(func() { sync() }, time.Second, nil)',
    '\t\tfor range time.Tick(time.Second) {}',
    '\t\ttime := 3',
    '\t\t_ = time',
    '\t}',
    '}',
  ].join('\n'),
  'broken code': 'package p\nfunc f() { c.List(ctx, \nfunc g() { sync( }\nfunc sync() { <-x.C',
};

function key(caps: Capture[]): string[] {
  return caps.map((c) => `${c.name} ${c.node.startIndex}-${c.node.endIndex} ${c.node.type}`);
}

function viaQueries(engine: Engine, root: Node): { facts: Capture[]; scope: Capture[] } {
  const facts = new Query(engine.parser.language, FACTS_QUERY)
    .captures(root)
    .filter((c) => c.name === 'call' || c.name === 'shapes.call' || c.name === 'shapes.literal');
  const scopeAll = new Query(engine.parser.language, SCOPE_QUERY)
    .captures(root)
    .filter((c) => ['fdecl', 'mdecl', 'ccall', 'scall', 'recv'].includes(c.name));
  // captures.ts finds only the calls loops.ts reads: to a declared name, or on wait/time.
  const names = new Set(scopeAll.filter((c) => c.name === 'fdecl' || c.name === 'mdecl').map((c) => c.node.childForFieldName('name')!.text));
  const imports = readImports(root);
  const pkgs = new Set([...localNames(imports, WAIT_PATH), ...localNames(imports, TIME_PATH)]);
  const scope = scopeAll.filter((c) => {
    const fn = c.node.childForFieldName('function')!;
    if (c.name === 'ccall') return names.has(fn.text);
    if (c.name === 'scall') return names.has(fn.childForFieldName('field')!.text) || pkgs.has(fn.childForFieldName('operand')!.text);
    return true;
  });
  return { facts, scope };
}

describe('text-directed captures match the queries', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  function check(label: string, text: string): number {
    const tree = engine.parser.parse(text);
    try {
      const root = tree.rootNode;
      const want = viaQueries(engine, root);
      const imports = readImports(root);
      const pkgs = [...localNames(imports, WAIT_PATH), ...localNames(imports, TIME_PATH)];
      assert.deepStrictEqual(key(factCaptures(root, text)), key(want.facts), `${label}: facts captures`);
      const declared = new Set(want.scope.filter((c) => c.name === 'fdecl' || c.name === 'mdecl').map((c) => c.node.childForFieldName('name')!.text));
      assert.deepStrictEqual(key(scopeCaptures(root, text, pkgs, declared)), key(want.scope), `${label}: scope captures`);
      return want.facts.length + want.scope.length;
    } finally {
      tree.delete();
    }
  }

  for (const [name, text] of Object.entries(HARD_CASES)) {
    it(name, () => assert.ok(check(name, text) > 0 || name === 'names in strings, comments and raw strings'));
  }

  it('every Go file of the test tree', () => {
    const files = fixtureFiles(path.join(ROOT, 'test'));
    assert.ok(files.length >= 20, `only ${files.length} Go files found`);
    let total = 0;
    for (const f of files) total += check(path.relative(ROOT, f), fs.readFileSync(f, 'utf8'));
    assert.ok(total > 300, `only ${total} captures: the comparison is not exercising much`);
  });

  it('400 files of the synthetic benchmark corpus', () => {
    let total = 0;
    for (const f of corpusFiles({ seed: 3, files: 400 })) total += check(f.path, f.text);
    assert.ok(total > 1000);
  });
});
