// The editor's program (lsp/program.ts) updated file by file must equal the program built
// from scratch over the same texts: the same findings through calls and across files, the
// same module context, the same verdicts. Random edits of the operator fixture, each checked.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Engine } from '../server/src/engine/analyze';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { buildProgram, type BuiltProgram } from '../server/src/host/program';
import { EditorProgram } from '../server/src/lsp/program';
import { fixtureFiles } from './harness/analysistest';

const FIXTURE = path.join(packageRoot(), 'test', 'program-fixtures', 'operator');

/** Everything the program says, by path: findings through calls, module context, roles. */
function view(p: BuiltProgram): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of p.slots) {
    if (!s.summary) continue;
    const rel = path.basename(path.dirname(s.path)) + '/' + path.basename(s.path);
    out[rel] = {
      findings: p.findingsIn(s.id).map((f) => ({ rule: f.rule, start: f.start, end: f.end, message: f.message, related: f.related.map((r) => [path.basename(p.slots[r.file].path), r.start, r.end, r.message]) })),
      module: p.moduleContextFor(s, p.textOf(s)) ?? null,
      role: p.roleOf(s),
      frequencies: s.summary.functions.map((f) => p.frequencyAt(s, f.start) ?? null),
    };
  }
  return out;
}

/** Edits that change what other files see: a call removed or added, a cache option dropped, a loop around a call. */
const EDITS: [file: string, from: string, to: string][] = [
  ['internal/controller/sync.go', 'if _, err := r.podsOf(ctx, rs); err != nil {', 'if err := ctx.Err(); err != nil {'],
  ['cmd/manager/main.go', '\t\t\t\t&corev1.Secret{}: {Namespaces: map[string]cache.Config{"operator-system": {}}},\n', ''],
  ['internal/controller/apply.go', 'cl, err := client.New(r.Cfg, client.Options{})', 'cl, err := r.Client, error(nil)'],
  ['internal/slices/condition.go', 'return len(list.Items) >= 3, nil', 'return len(list.Items) >= 4, nil'],
  ['internal/controller/reconciler.go', 'return r.apply(ctx, req)', 'for range 3 {\n\t\t_, _ = r.apply(ctx, req)\n\t}\n\treturn ctrl.Result{}, nil'],
  ['internal/controller/pods.go', 'LabelSelector: sel, ResourceVersion: "0"', 'LabelSelector: sel'],
];

describe('program model: an incremental update equals a build from scratch', function () {
  this.timeout(120000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  it('after each of a sequence of edits (open documents edited in the editor)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-incr-'));
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const open = fixtureFiles(dir).map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
    const editor = new EditorProgram(() => engine, () => open, () => {}, () => {});
    await editor.rebuild(async () => {});
    let changed = 0;
    for (const [file, from, to] of EDITS) {
      const doc = open.find((o) => o.path === path.join(dir, file))!;
      assert.ok(doc.text.includes(from), `${file} has ${JSON.stringify(from)}`);
      doc.text = doc.text.replace(from, to);
      const r = editor.update(doc.path, doc.text);
      assert.notStrictEqual(r, 'absent');
      if (r === 'changed') changed++;
      // From scratch: the same texts, nothing carried over.
      fs.writeFileSync(doc.path, doc.text);
      const scratch = await buildProgram(open.map((o) => ({ path: o.path, text: o.text, summary: engine.summarize(o.text) })), engine, { widen: true });
      assert.deepStrictEqual(view((editor as unknown as { program: BuiltProgram }).program), view(scratch), `after editing ${file}`);
    }
    assert.ok(changed >= 4, `only ${changed} edits changed a summary: the test would not see a stale index`);
  });
});
