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

async function typing(c: LspClient, uri: string, text: string) {
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
async function inProcess(text: string) {
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-lsp-bench-'));
  const file = path.join(dir, 'big.go');
  fs.writeFileSync(file, text);
  const uri = `file://${file}`;
  const c = await LspClient.start({ settings: {}, workspaceFolder: corpus, capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } });
  try {
    const t = await typing(c, uri, text);
    const pos = t.firstDiagnostic?.range.start ?? { line: 20, character: 10 };
    const h = await hoverDuringScan(c, uri, pos);
    const ip = await inProcess(text);
    const modeRows = (['reuse', 'window', 'full'] as WindowMode[]).map((m) => {
      const xs = ip.byMode.get(m) ?? [];
      return xs.length ? `| ${m} | ${xs.length} | ${median(xs).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |` : `| ${m} | 0 | | | |`;
    });
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
