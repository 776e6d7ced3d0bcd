// The program model through the CLI, analysistest style over multi-package modules: each
// module under test/program-fixtures has a go.mod and several packages, and every Go file
// states its expected findings with `// want "KLL201 regexp"` (default run) or
// `// wantTests "KLL001"` (only with --tests). Every missing and every unexpected finding fails.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../server/src/host/grammarFiles';
import { fixtureFiles, parseWants, type Want } from './harness/analysistest';
import { runCli } from './cli.test';
import { tmpTree } from './harness/tmpTree';

const FIXTURES = path.join(packageRoot(), 'test', 'program-fixtures');

interface JsonFinding {
  role?: string;
  data?: { frequency?: string };
  severity?: string;
  rule: string;
  path: string;
  line: number;
  message: string;
  related: { path: string; line: number; message: string }[];
}

function check(dir: string, extra: string[] = []): { findings: JsonFinding[]; notes: { message: string }[] } {
  const r = runCli(['check', '--format', 'json', ...extra, '.'], { cwd: dir });
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function wantsOf(dir: string, tests: boolean): Map<string, Want[]> {
  const out = new Map<string, Want[]>();
  for (const file of fixtureFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const wants = parseWants(text);
    if (tests) wants.push(...parseWants(text.replace(/\/\/\s*wantTests\s/g, '// want ')).filter((w) => /\/\/\s*wantTests\s/.test(text.split('\n')[w.line])));
    out.set(rel, wants);
  }
  return out;
}

function problems(dir: string, tests: boolean): string[] {
  const { findings } = check(dir, tests ? ['--tests'] : []);
  const wants = wantsOf(dir, tests);
  const out: string[] = [];
  for (const f of findings) {
    const left = wants.get(f.path) ?? [];
    const i = left.findIndex((w) => w.line + 1 === f.line && w.rule === f.rule && (!w.pattern || w.pattern.test(f.message)));
    if (i >= 0) left.splice(i, 1);
    else out.push(`${f.path}:${f.line}: unexpected ${f.rule} ${f.message.slice(0, 100)}`);
  }
  for (const [file, left] of wants) for (const w of left) out.push(`${file}:${w.line + 1}: missing "${w.raw}"`);
  return out;
}

describe('program model (multi-package fixtures through the CLI)', () => {
  const modules = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'go.mod')));
  it('has modules to run', () => assert.ok(modules.length >= 1));
  for (const m of modules) {
    const dir = path.join(FIXTURES, m);
    it(`${m}: every want found, nothing else (default run)`, () => assert.deepStrictEqual(problems(dir, false), []));
    it(`${m}: --tests brings test scaffolding back`, () => assert.deepStrictEqual(problems(dir, true), []));
  }

  const operator = path.join(FIXTURES, 'operator');

  it('points into other files: related locations name the read and the loop', () => {
    const { findings } = check(operator);
    const loop = findings.find((f) => f.rule === 'KLL201' && f.path === 'internal/controller/sync.go');
    assert.ok(loop, 'KLL201 through podsOf');
    assert.strictEqual(loop.path, 'internal/controller/sync.go');
    const read = loop.related.find((r) => r.path === 'internal/controller/pods.go');
    assert.ok(read, JSON.stringify(loop.related));
    assert.match(read.message, /podsOf lists pods here/);
    assert.ok(loop.related.some((r) => r.path === 'internal/controller/sync.go' && /loop per rs/.test(r.message)));
  });

  it('KLL301 once per informer: the first read in the module, with what starts it and the other reads', () => {
    const { findings, notes } = check(operator);
    const informers = findings.filter((f) => f.rule === 'KLL301');
    assert.deepStrictEqual(informers.map((f) => `${f.path}:${f.line}`), ['internal/controller/reconciler.go:32']);
    const related = informers[0].related.map((r) => `${r.path}:${r.line} ${r.message}`);
    assert.ok(related.includes('internal/controller/reconciler.go:21 Owns(...) starts the informer at start-up'), related.join('\n'));
    assert.ok(related.includes('internal/controller/status.go:13 also read here (the same informer)'), related.join('\n'));
    assert.ok(notes.some((n) => /^1 finding of KLL301 folded/.test(n.message)));
    // Its cost is the informer's (objects × size held in memory, the initial list on every start), not "no request".
    const headline = (informers[0] as { cost?: { headline: string } }).cost?.headline ?? '';
    assert.match(headline, /^informer: ≈[\d.]+ MB of 3k configmaps held in memory; its initial list ≈[\d.]+ MB sent from the watch cache on every start, at 1k-nodes/);
    assert.doesNotMatch(headline, /no request/);
  });

  it('JSON and SARIF say each finding\'s role', () => {
    const withTests = check(operator, ['--tests']).findings;
    assert.strictEqual(withTests.find((f) => f.path === 'test/e2e/wait.go')?.role, 'test');
    assert.strictEqual(withTests.find((f) => f.path === 'internal/dumputil/dump.go')?.role, 'tool');
    assert.strictEqual(withTests.find((f) => f.path === 'internal/controller/census.go')?.role, 'product');
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '--tests', '.'], { cwd: operator }).stdout);
    const e2e = sarif.runs[0].results.find((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri === 'test/e2e/wait.go');
    assert.strictEqual(e2e?.properties?.role, 'test');
  });

  it("a finding's data says how often it runs, from the entry points that reach it", () => {
    const { findings } = check(operator);
    const live = findings.find((f) => f.rule === 'KLL001' && f.path === 'internal/controller/reconciler.go');
    assert.strictEqual(live?.data?.frequency, 'per reconcile');
    const dump = findings.find((f) => f.path === 'internal/dumputil/dump.go');
    assert.strictEqual(dump?.data?.frequency, undefined, 'a tool function nobody loops over runs once');
  });

  it('severity follows cost × frequency: a large LIST run per reconcile is a warning, alone information', () => {
    const census = (extra: string[]) => check(operator, extra).findings.find((f) => f.path === 'internal/controller/census.go');
    const hot = census([]);
    assert.strictEqual(hot?.severity, 'warning');
    assert.match(hot?.data?.frequency ?? '', /^per reconcile \(Reconcile → census\)$/);
    assert.strictEqual(census(['--no-program'])?.severity, 'information');
  });

  it('SARIF carries the other file as a related location', () => {
    const r = runCli(['check', '--format', 'sarif', '.'], { cwd: operator });
    const sarif = JSON.parse(r.stdout);
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'KLL202');
    assert.ok(res);
    const uris = res.relatedLocations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('internal/slices/condition.go'), uris.join(', '));
  });

  it('SARIF codeFlows: the execution path in the order it runs, from the loop, poll or entry point to the read or constructor', () => {
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '.'], { cwd: operator }).stdout);
    type Loc = { location: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }; executionOrder: number };
    const flow = (rule: string, uri?: string) => {
      const res = sarif.runs[0].results.find(
        (x: { ruleId: string; codeFlows?: unknown; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          x.ruleId === rule && x.codeFlows && (!uri || x.locations[0].physicalLocation.artifactLocation.uri === uri),
      );
      assert.ok(res, `a ${rule} with a code flow`);
      const locs: Loc[] = res.codeFlows[0].threadFlows[0].locations;
      assert.deepStrictEqual(locs.map((l) => l.executionOrder), locs.map((_, i) => i + 1));
      return locs.map((l) => `${l.location.physicalLocation.artifactLocation.uri} ${l.location.message.text.split(' ')[0]}`);
    };
    assert.deepStrictEqual(flow('KLL201', 'internal/controller/sync.go'), ['internal/controller/sync.go loop', 'internal/controller/sync.go podsOf', 'internal/controller/pods.go podsOf']);
    // Through a field of the receiver whose type is in another package.
    assert.deepStrictEqual(flow('KLL201', 'internal/controller/fields.go'), ['internal/controller/fields.go loop', 'internal/controller/fields.go PodsIn', 'internal/store/store.go PodsIn']);
    assert.deepStrictEqual(flow('KLL202'), ['internal/slices/publisher.go polls', 'internal/slices/publisher.go allSlicesPublished', 'internal/slices/condition.go allSlicesPublished']);
    assert.deepStrictEqual(flow('KLL302'), ['internal/controller/reconciler.go Reconcile', 'internal/controller/reconciler.go Reconcile', 'internal/controller/apply.go Builds']);
    // JSON carries the same order as related[].step.
    const json = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: operator }).stdout);
    const kll302 = json.findings.find((f: { rule: string }) => f.rule === 'KLL302');
    assert.deepStrictEqual(kll302.related.map((r: { step?: number }) => r.step), [-2, -1]);
  });

  it('checking one package still reads the module: the cache options in cmd/ apply', () => {
    const r = runCli(['check', '--format', 'json', 'internal/controller'], { cwd: operator });
    const doc = JSON.parse(r.stdout);
    const rules = doc.findings.map((f: JsonFinding) => `${f.rule} ${f.path}:${f.line}`).sort();
    assert.deepStrictEqual(rules, [
      'KLL001 internal/controller/census.go:12',
      'KLL001 internal/controller/reconciler.go:37',
      'KLL201 internal/controller/fields.go:25',
      'KLL201 internal/controller/sync.go:16',
      'KLL301 internal/controller/reconciler.go:32',
      'KLL302 internal/controller/apply.go:12',
    ]);
    assert.ok(doc.notes.some((n: { message: string }) => /program model: \d+ files summarised in 1 module/.test(n.message)));
  });

  it('--no-program: each file on its own (the per-file findings, roles off)', () => {
    const { findings } = check(operator, ['--no-program']);
    const rules = findings.map((f) => f.rule);
    assert.ok(!rules.includes('KLL302'), 'no path from Reconcile to apply.go');
    assert.ok(findings.some((f) => f.path === 'test/e2e/wait.go'), 'no roles: test scaffolding shown');
    assert.strictEqual(findings.filter((f) => f.rule === 'KLL301').length, 4, 'per file, KLL301 cannot see cmd/manager nor the other files reading the same kind');
  });

  it('a restriction removed from main.go brings KLL301 back in the other file', () => {
    const t = tmpTree({});
    fs.cpSync(operator, t, { recursive: true });
    const main = path.join(t, 'cmd', 'manager', 'main.go');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace(/\t\t\t\t&corev1\.Secret\{\}.*\n/, ''));
    const { findings } = check(t);
    assert.ok(findings.some((f) => f.rule === 'KLL301' && f.path === 'internal/controller/reconciler.go' && f.line === 27), JSON.stringify(findings.map((f) => `${f.rule}:${f.line}`)));
  });

  it('roles: globs in the config set a role, overriding what is inferred', () => {
    const t = tmpTree({});
    fs.cpSync(operator, t, { recursive: true });
    fs.writeFileSync(path.join(t, '.kube-list-lint.yaml'), 'roles:\n  product: [test/e2e]\n  test: ["internal/slices/**"]\n');
    const { findings } = check(t);
    const at = findings.map((f) => `${f.rule} ${f.path}`);
    assert.ok(at.includes('KLL202 test/e2e/wait.go'), 'test/e2e configured as product: its findings show');
    assert.ok(!at.some((x) => x.includes('internal/slices/')), 'internal/slices configured as test: quiet');
    const bad = runCli(['check', '.'], { cwd: t, env: {} });
    assert.notStrictEqual(bad.code, 2, bad.stderr);
    fs.writeFileSync(path.join(t, '.kube-list-lint.yaml'), 'roles:\n  testing: [x]\n');
    const broken = runCli(['check', '.'], { cwd: t });
    assert.strictEqual(broken.code, 2);
    assert.match(broken.stderr, /roles\.testing/);
  });

  const optionsModule = path.join(FIXTURES, 'options');

  it('options a method receives from callers in another package: related locations there, and no fix', () => {
    const { findings } = check(optionsModule);
    const pods = findings.find((f) => f.rule === 'KLL001' && f.path === 'internal/store/pods.go' && f.line === 18) as (JsonFinding & { fixes?: unknown[] }) | undefined;
    assert.ok(pods, JSON.stringify(findings.map((f) => `${f.rule} ${f.path}:${f.line}`)));
    assert.deepStrictEqual(
      pods.related.map((r) => `${r.path}:${r.line} ${r.message}`),
      ['internal/sync/sync.go:20 Resync passes the options this read uses', 'internal/sync/sync.go:33 Again passes the options this read uses'],
    );
    assert.deepStrictEqual(pods.fixes ?? [], []);
    // Through a parameter passed on in another file of the package, or in the same file (a
    // function: the file resolves it from the options its caller receives; a method: the
    // index follows the call), to the caller in sync.go.
    const via = (file: string, line: number) => findings.find((f) => f.path === file && f.line === line)?.related.map((r) => `${r.path}:${r.line}`);
    assert.deepStrictEqual(via('internal/store/events.go', 10), ['internal/sync/sync.go:26']);
    assert.deepStrictEqual(via('internal/store/chain.go', 31), ['internal/sync/sync.go:28']);
    assert.deepStrictEqual(via('internal/store/chain.go', 41), ['internal/sync/sync.go:29']);
    // --fix edits only the file it fixes: the callers' options stay as they are.
    const t = tmpTree({});
    fs.cpSync(optionsModule, t, { recursive: true });
    const before = fs.readFileSync(path.join(t, 'internal', 'sync', 'sync.go'), 'utf8');
    const r = runCli(['check', '--fix', '--unsafe-fixes', '.'], { cwd: t });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.strictEqual(fs.readFileSync(path.join(t, 'internal', 'sync', 'sync.go'), 'utf8'), before);
  });

  it('options through parameters: a method value, disagreeing and unknown callers keep a read silent until they go', () => {
    const t = tmpTree({});
    fs.cpSync(optionsModule, t, { recursive: true });
    const sync = path.join(t, 'internal', 'sync', 'sync.go');
    const text = fs.readFileSync(sync, 'utf8');
    const edited = text
      .slice(0, text.indexOf('// Handler'))
      .replace('SecretsWith(ctx, metav1.ListOptions{ResourceVersion: "0"})', 'SecretsWith(ctx, metav1.ListOptions{})')
      .replace('ConfigMapsWith(ctx, opts)', 'ConfigMapsWith(ctx, metav1.ListOptions{})');
    fs.writeFileSync(sync, edited);
    const lines = check(t).findings.filter((f) => f.rule === 'KLL001' && f.path === 'internal/store/pods.go').map((f) => f.line);
    // Secrets, config maps, services now resolve; endpoints (no caller) and namespaces (RV "0") stay silent.
    assert.deepStrictEqual(lines, [18, 24, 30, 36, 48]);
  });

  it('a cycle in the call graph ends and stays silent; an unresolved call stays silent', () => {
    const { findings } = check(operator);
    assert.ok(!findings.some((f) => f.path === 'internal/controller/sync.go' && f.line !== 16));
  });

  it('the same output on one thread and on two: the lint and the program pass on worker threads (WorkerPool)', function () {
    this.timeout(120000);
    // Enough files for a worker (MIN_FILES_FOR_WORKERS), and callers the prefilter skips that the
    // index must summarise (more than the pool's smallest batch), besides the reconciler's re-read.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-pool-'));
    fs.cpSync(operator, dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'internal', 'gc', 'sweep.go'),
      'package gc\n\nimport (\n\t"context"\n\n\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"\n\t"k8s.io/client-go/kubernetes"\n)\n\nfunc Sweep(ctx context.Context, cs kubernetes.Interface, pool string) error {\n\t_, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: "pool=" + pool})\n\treturn err\n}\n',
    );
    for (let i = 0; i < 420; i++) {
      const loop = i % 60 === 0;
      fs.mkdirSync(path.join(dir, 'internal', 'filler', `p${i % 12}`), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'internal', 'filler', `p${i % 12}`, `f${i}.go`),
        loop
          ? `package p${i % 12}\n\nimport (\n\t"context"\n\n\tcorev1 "k8s.io/api/core/v1"\n\n\t"example.com/operator/internal/gc"\n)\n\nfunc Each${i}(ctx context.Context, nodes []corev1.Node) {\n\tfor _, node := range nodes {\n\t\t_ = gc.Sweep(ctx, nil, node.Name)\n\t}\n}\n`
          : `package p${i % 12}\n\nfunc F${i}(x int) int { return x + ${i} }\n`,
      );
    }
    try {
      const one = runCli(['check', '--no-cache', '--format', 'json', dir], { env: { KUBE_LIST_LINT_THREADS: '1' } });
      const two = runCli(['check', '--no-cache', '--format', 'json', dir], { env: { KUBE_LIST_LINT_THREADS: '2' } });
      assert.strictEqual(two.stdout, one.stdout);
      assert.strictEqual(two.code, one.code);
      const found = (JSON.parse(two.stdout).findings as { rule: string; path: string }[]).map((f) => `${f.rule} ${path.relative(dir, f.path)}`);
      // The filler's loops reach gc.Sweep's LIST through the index (files summarised for it alone).
      assert.strictEqual(found.filter((f) => f.startsWith('KLL201 internal/filler/')).length, 7, JSON.stringify(found));
      // And cmd/manager's DisableFor still makes the reconciler's Secret read a live LIST (its re-read).
      assert.ok(found.includes('KLL001 internal/controller/reconciler.go'), JSON.stringify(found));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
