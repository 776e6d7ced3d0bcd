// Incremental re-parse: after random edits (including multi-byte text and several changes
// per version), the kept tree and its findings equal a fresh parse of the same text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Engine } from '../server/src/engine/analyze';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { DocumentStore } from '../server/src/lsp/documents';
import { advance, pointAt, treeEditFor } from '../server/src/engine/treeEdit';

const ROOT = packageRoot();
const SOURCES = ['examples/node-agent/main.go', 'test/fixtures/rv/kll001.go', 'test/fixtures/rv/kll003.go', 'test/fixtures/rv/kll004.go'];

/** mulberry32: a seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['x', ' ', '\n', '\t', '"0"', 'ResourceVersion: "0", ', 'Limit: 5, ', '}', '(', ')', '😀', 'é', '\r\n', '// ü\n', 'metav1.ListOptions{}', ''];

/**
 * Moves an offset off the middle of a surrogate pair or of a \r\n: an LSP position cannot
 * name either point (an editor never splits them).
 */
function onCharBoundary(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (i > 0 && c >= 0xdc00 && c <= 0xdfff) return i - 1;
  if (i > 0 && c === 10 && text.charCodeAt(i - 1) === 13) return i - 1;
  return i;
}

const findingKey = (r: { findings: { rule: string; start: number; end: number; range: unknown; message: string; severity: string }[] }) =>
  r.findings.map((f) => [f.rule, f.start, f.end, JSON.stringify(f.range), f.severity, f.message]);

describe('LSP documents: incremental re-parse', function () {
  this.timeout(60000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('tree-sitter points: rows break on \\n only, columns in UTF-16 units', () => {
    assert.deepStrictEqual(pointAt('ab\r\ncd😀e\nf', 8), { row: 1, column: 4 });
    assert.deepStrictEqual(advance({ row: 3, column: 2 }, 'x😀'), { row: 3, column: 5 });
    assert.deepStrictEqual(advance({ row: 3, column: 2 }, 'x\n\nyz'), { row: 5, column: 2 });
    assert.deepStrictEqual(treeEditFor('a\nbc\nd', 3, 6, 'Q'), {
      startIndex: 3,
      oldEndIndex: 6,
      newEndIndex: 4,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 2, column: 1 },
      newEndPosition: { row: 1, column: 2 },
    });
  });

  for (const [n, file] of SOURCES.entries()) {
    it(`random edits to ${file}: same tree and findings as a fresh parse, one parse per version`, () => {
      const rand = prng(1000 + n);
      const store = new DocumentStore();
      const uri = `file:///${file}`;
      // One file starts with a byte-order mark, which the engine parses as a space.
      let text = (n === 1 ? '\uFEFF' : '') + fs.readFileSync(path.join(ROOT, file), 'utf8');
      const d = store.open(uri, 'go', 1, text);
      const logs: string[] = [];
      d.currentTree(engine);
      const parsesBefore = d.parses;
      const versions = 60;
      try {
        for (let v = 2; v < 2 + versions; v++) {
          const changes = [];
          for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
            const start = onCharBoundary(text, Math.floor(rand() * (text.length + 1)));
            const end = onCharBoundary(text, Math.min(text.length, start + Math.floor(rand() * (rand() < 0.5 ? 3 : 25))));
            const piece = PIECES[Math.floor(rand() * PIECES.length)];
            // Positions against the text as it is after the previous change of this batch.
            const snapshot = TextDocument.create(uri, 'go', 0, text);
            changes.push({ range: { start: snapshot.positionAt(start), end: snapshot.positionAt(end) }, text: piece });
            text = text.slice(0, start) + piece + text.slice(end);
          }
          assert.ok(d.applyChanges(changes, v, (m) => logs.push(m)));
          assert.strictEqual(d.text, text, `text after version ${v}`);
          const fresh = engine.parser.parse(text);
          try {
            assert.strictEqual(d.currentTree(engine).rootNode.toString(), fresh.rootNode.toString(), `tree after version ${v}`);
          } finally {
            fresh.delete();
          }
          const incremental = d.analyze(engine, { rules: {} }, 'k');
          assert.deepStrictEqual(findingKey(incremental), findingKey(engine.analyze(text)), `findings after version ${v}`);
          // Asking again for the same version reuses the analysis: no second parse.
          assert.strictEqual(d.analyze(engine, { rules: {} }, 'k'), incremental);
        }
        assert.strictEqual(d.parses - parsesBefore, versions);
        assert.deepStrictEqual(logs, []);
      } finally {
        store.disposeAll();
      }
    });
  }
});
