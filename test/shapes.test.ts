// The call-shape facts rules build on: each `// shape "client path namespace [Resource]"`
// comment in test/fixtures/shapes names what the engine must recognise on that line
// (`// shape "none"`: nothing). In a file with such comments, every recognised read must
// be annotated, so a shape claimed by mistake fails too.
import * as assert from 'assert';
import { resolveProfile, type ClusterProfile } from '../server/src/sizing/profile';
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../server/src/engine/analyze';
import { collectFacts, type FileFacts } from '../server/src/engine/facts';
import { LineIndex } from '../server/src/engine/lines';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'shapes');
const SHAPE = /\/\/\s*shape\s+"([^"]*)"/;

export function factsOf(engine: Engine, text: string, fn: (f: FileFacts) => void): void {
  const tree = engine.parser.parse(text)!;
  try {
    fn(collectFacts(tree, new LineIndex(text))!);
  } finally {
    tree.delete();
  }
}

describe('call shapes', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.go') && SHAPE.test(fs.readFileSync(path.join(DIR, f), 'utf8')));
  it('has annotated fixtures', () => assert.ok(files.length >= 2));
  for (const file of files) {
    it(file, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const want = new Map<number, string>();
      text.split('\n').forEach((l, i) => {
        const m = SHAPE.exec(l);
        if (m) want.set(i, m[1]);
      });
      factsOf(engine, text, (facts) => {
        const got = new Map<number, string>();
        for (const c of facts.calls) {
          const line = c.node.startPosition.row;
          const desc = [c.client, c.path, c.namespace.kind, c.resource].filter(Boolean).join(' ');
          got.set(line, got.has(line) ? `${got.get(line)}; ${desc}` : desc);
        }
        const problems: string[] = [];
        for (const [line, w] of want) {
          const g = got.get(line) ?? 'none';
          if (g !== w) problems.push(`${file}:${line + 1}: want "${w}", got "${g}"`);
        }
        for (const [line, g] of got) if (!want.has(line)) problems.push(`${file}:${line + 1}: unannotated read "${g}"`);
        assert.deepStrictEqual(problems, []);
      });
    });
  }
});

describe('options from elsewhere: fix titles say where the edit lands', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });
  it('a helper and every caller of a parameter', () => {
    const text = fs.readFileSync(path.join(DIR, 'options_elsewhere.go'), 'utf8');
    // The RV "0" fix exists where a LIST reads etcd: Kubernetes 1.30 (the fixture's own profile line says so too).
    const settings = { rules: {}, profile: resolveProfile({ kubernetesVersion: '1.30' }) as ClusterProfile };
    const titles = engine.analyze(text, { settings }).findings.map((f) => f.fixes[0]?.title ?? '');
    assert.strictEqual(titles.length, 3);
    assert.match(titles[0], /in nodeOpts\(\), which every caller of nodeOpts\(\) shares$/);
    assert.match(titles[1], /in nodeOpts\(\)/);
    assert.match(titles[2], /at all 2 calls of listPods\(\) in this file$/);
    // Both callers' options are edited by the one fix.
    const fix = engine.analyze(text, { settings }).findings[2].fixes[0];
    assert.strictEqual(fix.edits.length, 2);
  });
});
