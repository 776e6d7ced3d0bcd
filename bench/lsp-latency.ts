// Editor latency over real LSP (stdio, the test harness's JSON-RPC client against
// `node dist/server.js --stdio`):
// 1. a 5,000-line Go file, 200 single-character edits, each timed from didChange to the
//    publishDiagnostics of that version; then the same edits in process, by how the windowed
//    analysis answered them. The server analyses at once when the document's
//    analysis takes at most FAST_ANALYSIS_MS (scheduling.ts), else it debounces by TYPING_DEBOUNCE_MS;
//    edits that arrive to a debounce show as ≥ TYPING_DEBOUNCE_MS.
// 2. `kube-list-lint.scanWorkspace` over the synthetic corpus, with a hover request every
//    25 ms while it runs: the slowest hover answer says whether the scan blocks the editor.
// Run: `npm run build && node out/bench/lsp-latency.js` (BENCH_CORPUS as in run.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FAST_ANALYSIS_MS, TYPING_DEBOUNCE_MS } from '../server/src/lsp/scheduling';
import { LspClient, ROOT } from '../test/harness/lspClient';
import { createEngine } from '../server/src/host/grammarFiles';
import { treeEditFor } from '../server/src/engine/treeEdit';
import { WindowedAnalysis, type WindowMode } from '../server/src/engine/windowed';
import { corpusFiles, prng, writeCorpus } from './corpus';
import { median } from './run';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** ≥ 5,000 lines of controller/agent code from the corpus generator, under one header. */
export function bigGoFile(lines = 5000): string {
  const files = corpusFiles({ seed: 8, files: 3000 }).filter((f) => /\/(agent|controller)_/.test(f.path));
  const first = files.find((f) => f.path.includes('/agent_'))!;
  let text = first.text;
  for (const f of files) {
    if (text.split('\n').length >= lines) break;
    if (f === first) continue;
    // The body after the import block; duplicate names do not matter to a parser.
    text += f.text.slice(f.text.indexOf('\n)\n') + 3);
  }
  return text;
}

/**
 * A 5,000-line controller-runtime file: a reconciler whose methods list and get through the
 * manager's client, in loops and not. The windowed analysis turns itself off for these
 * (KLL301 reports the first cached read of a kind in the file), so every edit is answered
 * by the whole-file analysis.
 */
export function controllerRuntimeFile(lines = 5000): string {
  const head = `package controller

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

type Reconciler struct {
	client.Client
}
`;
  const block = (i: number) => `
// sync${i} reconciles the pods and deployments of one application.
func (r *Reconciler) sync${i}(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var pods corev1.PodList
	if err := r.List(ctx, &pods, client.InNamespace(req.Namespace), client.MatchingLabels{"app": "a${i}"}); err != nil {
		return ctrl.Result{}, err
	}
	for _, p := range pods.Items {
		var cm corev1.ConfigMap
		if err := r.Get(ctx, client.ObjectKey{Namespace: p.Namespace, Name: fmt.Sprintf("cm-%d", ${i})}, &cm); err != nil {
			return ctrl.Result{}, err
		}
	}
	var deps appsv1.DeploymentList
	if err := r.List(ctx, &deps, client.InNamespace(req.Namespace)); err != nil {
		return ctrl.Result{}, err
	}
	n := 0
	for i := range deps.Items {
		if deps.Items[i].Spec.Replicas != nil {
			n += int(*deps.Items[i].Spec.Replicas)
		}
	}
	_ = n
	return ctrl.Result{}, nil
}
`;
  let text = head;
  for (let i = 0; text.split('\n').length < lines; i++) text += block(i);
  return text;
}

/** The bench's edits: a space inserted at the start of a random line, then removed again. */
function typingEdits(lineCount: number): { line: number; insert: boolean }[] {
  const rand = prng(42);
  const out: { line: number; insert: boolean }[] = [];
  for (let i = 0; i < 100; i++) {
    const line = Math.floor(rand() * lineCount);
    out.push({ line, insert: true }, { line, insert: false });
  }
  return out;
}

export async function typing(c: LspClient, uri: string, text: string) {
  c.open(uri, text);
  const first = await c.diagnostics(uri, (p) => p.version === 1, 0, 60000);
  const raw: number[] = [];
  let version = 1;
  for (const { line, insert } of typingEdits(text.split('\n').length)) {
    const range = { start: { line, character: 0 }, end: { line, character: insert ? 0 : 1 } };
    version++;
    const from = c.published.length;
    const t0 = performance.now();
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
    const v = version;
    await c.diagnostics(uri, (p) => p.version === v, from, 10000);
    raw.push(performance.now() - t0);
  }
  return { raw, findings: first.diagnostics.length, firstDiagnostic: first.diagnostics[0] };
}

/**
 * The same edits in process, straight to the windowed analysis (no JSON-RPC): how each
 * version was answered (reuse: no function to analyse; window: the edited group of
 * functions; full: the whole file) and what that cost.
 */
export async function inProcess(text: string) {
  const engine = await createEngine();
  const win = new WindowedAnalysis(engine);
  let tree = engine.parser.parse(text);
  let stale = false;
  const treeOf = () => {
    if (stale) {
      const next = engine.parser.parse(text, tree);
      tree.delete();
      tree = next;
      stale = false;
    }
    return tree;
  };
  win.analyze(text, treeOf, { rules: {} }, 'bench');
  const byMode = new Map<WindowMode, number[]>();
  const all: number[] = [];
  for (const { line, insert } of typingEdits(text.split('\n').length)) {
    const at = text.split('\n').slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    const end = insert ? at : at + 1;
    const piece = insert ? ' ' : '';
    tree.edit(treeEditFor(text, at, end, piece));
    text = text.slice(0, at) + piece + text.slice(end);
    stale = true;
    const t0 = performance.now();
    win.analyze(text, treeOf, { rules: {} }, 'bench');
    const ms = performance.now() - t0;
    all.push(ms);
    byMode.set(win.lastMode, [...(byMode.get(win.lastMode) ?? []), ms]);
  }
  tree.delete();
  win.dispose();
  return { all, byMode };
}

const at = (ds: { code?: unknown; range: { start: { line: number } } }[]) => ds.map((d) => `${d.code}:${d.range.start.line + 1}`).sort().join();

/**
 * The index kept current in a 1,000-file module: the operator fixture (test/program-fixtures)
 * with 1,000 generated files added. With the reconciler open, main.go's cache options are
 * edited and saved back and forth (a Secret restriction removed, then restored), each timed
 * from didChange + didSave to the reconciler's diagnostics re-published with the findings
 * that follow it.
 */
export async function programUpdate(serverArgs?: string[]): Promise<{ files: number; ms: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-module-'));
  fs.cpSync(path.join(ROOT, 'test', 'program-fixtures', 'operator'), dir, { recursive: true });
  const generated = corpusFiles({ seed: 9, files: 1000 });
  for (const f of generated) {
    const to = path.join(dir, 'internal', 'gen', f.path);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, f.text);
  }
  const uri = (rel: string) => `file://${path.join(dir, rel)}`;
  const rec = 'internal/controller/reconciler.go';
  const main = 'cmd/manager/main.go';
  const original = fs.readFileSync(path.join(dir, main), 'utf8');
  const edited = original.replace(/\t\t\t\t&corev1\.Secret\{\}.*\n/, '');
  if (edited === original) throw new Error('the fixture main.go changed: no Secret restriction to remove');
  const c = await LspClient.start({ args: serverArgs, settings: {}, workspaceFolder: dir, capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } });
  const ms: number[] = [];
  try {
    c.open(uri(rec), fs.readFileSync(path.join(dir, rec), 'utf8'));
    const before = at((await c.diagnostics(uri(rec), (p) => at(p.diagnostics) === 'KLL001:37,KLL301:32', 0, 120000)).diagnostics);
    c.open(uri(main), original);
    await c.diagnostics(uri(main), undefined, 0, 60000);
    let after: string | undefined;
    for (let k = 0; k < 20; k++) {
      const text = k % 2 === 0 ? edited : original;
      const from = c.published.length;
      const t0 = performance.now();
      // Typed and saved: the server joins a typed change into the index after a pause, a save at once.
      c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(main), version: k + 2 }, contentChanges: [{ text }] });
      c.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uri(main) } });
      const p = await c.diagnostics(uri(rec), (x) => (k % 2 === 0 ? at(x.diagnostics) !== before : at(x.diagnostics) === before), from, 60000);
      ms.push(performance.now() - t0);
      if (k === 0) after = at(p.diagnostics);
    }
    if (!after || after === before) throw new Error('the edit of main.go did not change the reconciler findings');
  } finally {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { files: generated.length, ms };
}

async function hoverDuringScan(c: LspClient, uri: string, position: { line: number; character: number }) {
  const hovers: number[] = [];
  let done = false;
  const t0 = performance.now();
  const scan = c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.scanWorkspace', arguments: [] }).then((r) => {
    done = true;
    return r;
  });
  while (!done) {
    const h0 = performance.now();
    await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    hovers.push(performance.now() - h0);
    await new Promise((r) => setTimeout(r, 25));
  }
  const summary = await scan;
  return { hovers, scanMs: performance.now() - t0, summary };
}

async function main() {
  const corpus = path.resolve(process.env.BENCH_CORPUS ?? path.join(ROOT, 'bench', 'corpus'));
  const written = writeCorpus(corpus);
  const text = bigGoFile();
  const crText = controllerRuntimeFile();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-bench-'));
  const file = path.join(dir, 'big.go');
  fs.writeFileSync(file, text);
  const uri = `file://${file}`;
  const crFile = path.join(dir, 'reconciler.go');
  fs.writeFileSync(crFile, crText);
  const c = await LspClient.start({ settings: {}, workspaceFolder: corpus, capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } });
  try {
    const t = await typing(c, uri, text);
    const cr = await typing(c, `file://${crFile}`, crText);
    const crIp = await inProcess(crText);
    const pos = t.firstDiagnostic?.range.start ?? { line: 20, character: 10 };
    const h = await hoverDuringScan(c, uri, pos);
    const ip = await inProcess(text);
    const modeRows = (['reuse', 'window', 'full'] as WindowMode[]).map((m) => {
      const xs = ip.byMode.get(m) ?? [];
      return xs.length ? `| ${m} | ${xs.length} | ${median(xs).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |` : `| ${m} | 0 | | | |`;
    });
    const pu = await programUpdate();
    const md = [
      '# LSP latency',
      '',
      `Generated by \`node out/bench/lsp-latency.js\` on ${new Date().toISOString().slice(0, 16)}Z; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
      '',
      `Typing: ${text.split('\n').length}-line Go file (${(text.length / 1024).toFixed(0)} KB, ${t.findings} findings), 200 single-character edits, each timed from didChange to the publishDiagnostics of its version (client and server processes, JSON-RPC over stdio included). The server analyses at once when the document's analysis takes ≤ ${FAST_ANALYSIS_MS} ms (median of its last three), else after a ${TYPING_DEBOUNCE_MS} ms debounce.`,
      '',
      '| | p50 ms | p95 ms | max ms |',
      '|---|---|---|---|',
      `| edit → publishDiagnostics | ${median(t.raw).toFixed(1)} | ${percentile(t.raw, 95).toFixed(1)} | ${Math.max(...t.raw).toFixed(1)} |`,
      `| edits that waited for the debounce | ${t.raw.filter((x) => x >= TYPING_DEBOUNCE_MS).length} of ${t.raw.length} | | |`,
      '',
      `The same 200 edits on a ${crText.split('\n').length}-line controller-runtime file (${(crText.length / 1024).toFixed(0)} KB, ${cr.findings} findings; a reconciler's methods listing and getting through the manager's client), where the windowed analysis turns itself off:`,
      '',
      '| | p50 ms | p95 ms | max ms |',
      '|---|---|---|---|',
      `| edit → publishDiagnostics | ${median(cr.raw).toFixed(1)} | ${percentile(cr.raw, 95).toFixed(1)} | ${Math.max(...cr.raw).toFixed(1)} |`,
      `| edits that waited for the debounce | ${cr.raw.filter((x) => x >= TYPING_DEBOUNCE_MS).length} of ${cr.raw.length} | | |`,
      `| in process, the analysis alone (${[...crIp.byMode.keys()].join(', ')}) | ${median(crIp.all).toFixed(1)} | ${percentile(crIp.all, 95).toFixed(1)} | ${Math.max(...crIp.all).toFixed(1)} |`,
      '',
      `The program index kept current: the operator fixture plus ${pu.files} generated files; main.go's cache options edited and saved back and forth ${pu.ms.length} times, each timed from didChange + didSave to the reconciler's diagnostics re-published with the findings that follow: p50 ${median(pu.ms).toFixed(1)} ms, p95 ${percentile(pu.ms, 95).toFixed(1)} ms, max ${Math.max(...pu.ms).toFixed(1)} ms (target ≤ 100 ms).`,
      '',
      'The same edits in process, straight to the windowed analysis (`engine/windowed.ts`, no JSON-RPC): how each version was answered and what the analysis cost (the file\'s re-parse included when it was needed).',
      '',
      '| answered by | edits | p50 ms | p95 ms | max ms |',
      '|---|---|---|---|---|',
      ...modeRows,
      `| all | ${ip.all.length} | ${median(ip.all).toFixed(1)} | ${percentile(ip.all, 95).toFixed(1)} | ${Math.max(...ip.all).toFixed(1)} |`,
      '',
      `Workspace scan of the synthetic corpus (${written.files} files, ${(written.bytes / 1e6).toFixed(1)} MB): ${(h.scanMs / 1000).toFixed(1)} s; ${h.hovers.length} hovers during it: p50 ${median(h.hovers).toFixed(1)} ms, p95 ${percentile(h.hovers, 95).toFixed(1)} ms, max ${Math.max(...h.hovers).toFixed(1)} ms (target ≤ 100 ms).`,
      '',
      `Scan result: \`${JSON.stringify(h.summary).slice(0, 300)}\``,
      '',
    ].join('\n');
    console.log(md);
    fs.writeFileSync(process.env.BENCH_OUT ?? path.join(ROOT, 'bench', 'results-lsp.md'), md);
  } finally {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
