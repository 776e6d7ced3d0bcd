// Go 1.22-1.26 syntax against tree-sitter-go 0.25.0: every snippet parses without an ERROR
// node (`new(expr)` through goSource.ts's same-length rewrite), node text and offsets are
// the original text's, the rewrite changes nothing else, and incremental re-parses equal
// fresh ones when an edit flips a rewrite outside its own range.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import type { Node, Tree } from 'web-tree-sitter';
import type { Engine } from '../server/src/engine/analyze';
import { NEW_REWRITE, parseSourceOf } from '../server/src/engine/goSource';
import { treeEditFor } from '../server/src/engine/treeEdit';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { DocumentStore } from '../server/src/lsp/documents';

const wrap = (body: string) => `package p\n\nfunc f() {\n\t${body}\n}\n`;

/** Each parses with no ERROR or MISSING node. `rewrites`: how many `new` the rewrite must touch. */
const SNIPPETS: { name: string; text: string; rewrites: number }[] = [
  { name: 'range over int (1.22)', text: wrap('for i := range 10 {\n\t\t_ = i\n\t}\n\tfor range 3 {\n\t}'), rewrites: 0 },
  { name: 'range over an int expression', text: wrap('for i := range n * 2 {\n\t\t_ = i\n\t}'), rewrites: 0 },
  { name: 'range over func (1.23)', text: wrap('for x := range seq {\n\t\t_ = x\n\t}\n\tfor k, v := range maps.All(m) {\n\t\t_, _ = k, v\n\t}'), rewrites: 0 },
  { name: 'iter.Seq2 results', text: 'package p\n\nfunc All() iter.Seq2[int, string] {\n\treturn func(yield func(int, string) bool) {}\n}\n', rewrites: 0 },
  { name: 'generic type alias (1.24)', text: 'package p\n\ntype Set[T comparable] = map[T]struct{}\n\nvar s Set[string]\n', rewrites: 0 },
  { name: 'generic alias with constraints', text: 'package p\n\ntype A[P any, Q ~int] = B[P, Q]\n', rewrites: 0 },
  { name: 'grouped aliases', text: 'package p\n\ntype (\n\tS[T any] = []T\n\tM = map[string]int\n)\n', rewrites: 0 },
  { name: 'self-referential type parameter (1.26)', text: 'package p\n\ntype Ordered[T Ordered[T]] interface{ Less(T) bool }\n', rewrites: 0 },
  { name: 'min, max, clear (1.21)', text: wrap('m := min(1, 2)\n\tn := max(a, b, c)\n\tclear(s)\n\t_ = m + n'), rewrites: 0 },
  { name: 'new(conversion) (1.26)', text: wrap('x := new(int64(600))\n\t_ = x'), rewrites: 1 },
  { name: 'new(method call)', text: wrap('p := new(obj.GetName())\n\t_ = p'), rewrites: 1 },
  { name: 'new(literals)', text: wrap('a, b, c, d := new(true), new("s"), new(1.5), new(`raw`)\n\t_, _, _, _ = a, b, c, d'), rewrites: 3 },
  { name: 'new(binary)', text: wrap('a := new(x + 1)\n\tb := new(5 * time.Second)\n\t_, _ = a, b'), rewrites: 2 },
  { name: 'new(composite literal)', text: wrap('a := new([]int{1, 2})\n\tb := new(corev1.Pod{})\n\tc := new(struct{}{})\n\t_, _, _ = a, b, c'), rewrites: 3 },
  { name: 'new(index, slice)', text: wrap('a := new(s[0])\n\tb := new(s[i+1:])\n\t_, _ = a, b'), rewrites: 2 },
  { name: 'new(unary)', text: wrap('a, b, c, d := new(-x), new(!ok), new(<-ch), new(&v)\n\t_, _, _, _ = a, b, c, d'), rewrites: 4 },
  { name: 'new(func literal call)', text: wrap('a := new(func() int { return 1 }())\n\t_ = a'), rewrites: 1 },
  { name: 'new(generic call)', text: wrap('a := new(Max[int](1, 2))\n\t_ = a'), rewrites: 1 },
  { name: 'new(type assertion)', text: wrap('a := new(v.(string))\n\t_ = a'), rewrites: 1 },
  { name: 'new((paren expr))', text: wrap('a := new((x + 1))\n\t_ = a'), rewrites: 1 },
  { name: 'new(new(expr))', text: wrap('a := new(new(x + 1))\n\t_ = a'), rewrites: 2 },
  { name: 'new in struct fields', text: wrap('_ = T{Replicas: new(int32(3)), TTL: new(time.Duration(5) * time.Second)}'), rewrites: 2 },
  {
    name: 'new(expr) spread over lines, with comments',
    text: wrap('a := new( /* ) */ int64( // (\n\t\t600,\n\t))\n\t_ = a'),
    rewrites: 1,
  },
  // Types: parsed by the grammar already; the rewrite must leave them alone.
  {
    name: 'new(type) untouched',
    text: wrap(
      'a, b, c, d := new(int), new([]int), new(map[string]int), new(corev1.PodList)\n\te, g, h := new(struct{ x int }), new(List[int]), new(*T)\n\ti, j, k := new(chan<- int), new(<-chan int), new(func(int) error)\n\tl, m, n := new(interface{}), new([4]byte), new(Pair[string, int])\n\t_, _, _, _, _, _, _, _, _, _, _, _, _ = a, b, c, d, e, g, h, i, j, k, l, m, n',
    ),
    rewrites: 0,
  },
  { name: 'new in strings and comments', text: wrap('s := "new(1+1)" // new(x+1)\n\t_ = s'), rewrites: 2 },
  { name: 'identifiers ending in new', text: wrap('renew(x + 1)\n\tx.new(1)\n\tnewer(2)'), rewrites: 0 },
];

function errorNodes(n: Node, out: string[] = []): string[] {
  if (n.isError || n.isMissing) out.push(`${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}`);
  else if (n.hasError) for (const c of n.children) if (c) errorNodes(c, out);
  return out;
}

describe('Go 1.22-1.26 syntax', function () {
  this.timeout(120000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  const parse = <T>(text: string, fn: (t: Tree) => T): T => {
    const tree = engine.parser.parse(text);
    try {
      return fn(tree);
    } finally {
      tree.delete();
    }
  };

  for (const s of SNIPPETS) {
    it(`${s.name}: no ERROR node, text and offsets of the original`, () => {
      assert.strictEqual(parseSourceOf(s.text).spots.length, s.rewrites, 'rewrites');
      parse(s.text, (tree) => {
        assert.deepStrictEqual(errorNodes(tree.rootNode), [], tree.rootNode.toString());
        assert.strictEqual(tree.rootNode.text, s.text);
        for (const spot of parseSourceOf(s.text).spots) {
          const id = tree.rootNode.descendantForIndex(spot, spot + 3)!;
          // In a comment or a string the rewrite is harmless: letters for letters.
          if (/comment|string/.test(id.type) || /string/.test(id.parent?.type ?? '')) continue;
          assert.strictEqual(id.type, 'identifier');
          assert.strictEqual(id.text, 'new');
          assert.strictEqual(id.parent?.type, 'call_expression');
        }
      });
    });
  }

  it('the Go 1.26 fixture parses clean and was rewritten', () => {
    const text = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'syntax', 'go126.go'), 'utf8');
    assert.ok(parseSourceOf(text).spots.length >= 9);
    parse(text, (tree) => assert.deepStrictEqual(errorNodes(tree.rootNode), []));
    const r = engine.analyze(text);
    assert.strictEqual(r.hasSyntaxErrors, false);
    assert.ok(r.findings.every((f) => !f.callText?.includes(NEW_REWRITE) && f.fixes.every((x) => x.edits.every((e) => !e.newText.includes(NEW_REWRITE)))));
  });

  it('a new(type) keeps the tree the grammar gives it', () => {
    const s = SNIPPETS.find((x) => x.name === 'new(type) untouched')!;
    assert.strictEqual(parseSourceOf(s.text).source, s.text);
  });

  it('the rewrite: same length, same line breaks, differs only at its spots (property)', () => {
    const fragments = ['new(', 'new (', 'new', '(', ')', '[', ']', '{', '}', 'int64(1)', 'x', ' + ', '*', '.', 'f()', '"s"', "'r'", '`b`', '//c\n', '/*c*/', '\n', '\ufeff', 'é', '😀', 'map', 'chan', 'func', '<-', ','];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const { source, spots } = parseSourceOf(text);
        assert.strictEqual(source.length, text.length);
        const allowed = new Set(spots.flatMap((s) => [s, s + 1, s + 2]));
        for (const s of spots) assert.strictEqual(text.slice(s, s + 3), 'new');
        for (let i = 0; i < text.length; i++) {
          if (text[i] === source[i] || allowed.has(i) || (i === 0 && text[0] === '\ufeff')) continue;
          assert.fail(`differs at ${i} outside a spot: ${JSON.stringify(text)}`);
        }
        if (!text.includes('new') && text.charCodeAt(0) !== 0xfeff) assert.strictEqual(source, text);
      }),
      { numRuns: 2000 },
    );
  });

  it('every fixture without new(expr) is its own source', () => {
    const dir = path.join(packageRoot(), 'test', 'fixtures');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.go') ? [path.join(d, e.name)] : []));
    for (const f of walk(dir)) {
      if (f.endsWith('go126.go')) continue;
      const text = fs.readFileSync(f, 'utf8');
      assert.strictEqual(parseSourceOf(text).source, text, f);
    }
  });

  describe('incremental re-parse when an edit flips a rewrite before it', () => {
    const base = wrap('a := new(x)\n\tb := new(int64(1))\n\t_, _ = a, b');
    // Each step: [offset of a search string, text inserted after it]. Typing inside the
    // argument decides whether the `new` before the edit is rewritten.
    const typing: [string, string][] = [
      ['new(x', ' + 1'], // new(x) -> new(x + 1): rewritten now
      ['new(x + 1', ')'], // unbalanced: no longer rewritten
      ['new(x + 1)', '('], // balanced again
      ['new(int64', '('], // new(int64((1)) unbalanced
      ['new(int64(', ')'],
    ];

    it('a kept tree equals a fresh parse after each keystroke', () => {
      let text = base;
      let tree = engine.parser.parse(text);
      try {
        for (const [after, ins] of typing) {
          const at0 = text.indexOf(after) + after.length;
          for (const [k, ch] of [...ins].entries()) {
            const at = at0 + k;
            tree.edit(treeEditFor(text, at, at, ch));
            text = text.slice(0, at) + ch + text.slice(at);
            const next = engine.parser.parse(text, tree);
            tree.delete();
            tree = next;
            const fresh = engine.parser.parse(text);
            try {
              assert.strictEqual(tree.rootNode.toString(), fresh.rootNode.toString(), JSON.stringify(text));
              assert.strictEqual(tree.rootNode.text, text);
            } finally {
              fresh.delete();
            }
          }
        }
      } finally {
        tree.delete();
      }
    });

    it('random edits in the Go 1.26 fixture: the LSP document tree equals a fresh parse', () => {
      const file = path.join(packageRoot(), 'test', 'fixtures', 'syntax', 'go126.go');
      let text = fs.readFileSync(file, 'utf8');
      const store = new DocumentStore();
      const d = store.open('file:///go126.go', 'go', 1, text);
      d.currentTree(engine);
      const pieces = ['(', ')', 'x', ' + 1', 'int64(', '{}', 'new(', '"', '\n', ''];
      let seed = 7;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      try {
        for (let v = 2; v < 150; v++) {
          // Edits near a `new(` most of the time: that is where rewrites flip.
          const news = [...text.matchAll(/new\(/g)].map((m) => m.index!);
          const near = news.length && rand() < 0.8 ? news[Math.floor(rand() * news.length)] + 4 + Math.floor(rand() * 12) : Math.floor(rand() * text.length);
          const start = Math.min(near, text.length);
          const end = Math.min(text.length, start + (rand() < 0.5 ? 0 : Math.floor(rand() * 4)));
          const piece = pieces[Math.floor(rand() * pieces.length)];
          const pos = (o: number) => {
            const before = text.slice(0, o);
            return { line: before.split('\n').length - 1, character: o - before.lastIndexOf('\n') - 1 };
          };
          d.applyChanges([{ range: { start: pos(start), end: pos(end) }, text: piece }], v, () => {});
          text = text.slice(0, start) + piece + text.slice(end);
          const fresh = engine.parser.parse(text);
          try {
            assert.strictEqual(d.currentTree(engine).rootNode.toString(), fresh.rootNode.toString(), `version ${v}`);
          } finally {
            fresh.delete();
          }
        }
      } finally {
        store.disposeAll();
      }
    });
  });
});
