// Issue 9: the server over many hours of editing, compressed: 10,000 open/edit/close cycles
// must not leak (trees are WASM memory, freed only by delete()), and a client that vanishes
// mid-request must not leave the server running or crashing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LspClient, ROOT, SERVER } from './harness/lspClient';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'node-agent', 'main.go'), 'utf8');
const CYCLES = Number(process.env.SOAK_CYCLES ?? 10_000);

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmRSS');
  return Number(m[1]);
}

describe('language server soak', function () {
  this.timeout(900_000);

  it(`memory after ${CYCLES} open/edit/close cycles stays within 2x of after the first 100`, async function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    // V8 grows its young generation up to 3 x 16 MiB on its own schedule, which moves RSS by
    // ~50 MiB whether or not anything leaks; a small young generation leaves leaks (trees in
    // WASM memory, documents in JS) as the only way for RSS to grow.
    const c = await LspClient.start({ settings: {}, args: ['--max-semi-space-size=1', SERVER, '--stdio'] });
    try {
      const uri = 'file:///soak/main.go';
      // A request answered means every notification sent before it was handled.
      const settle = () => c.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///soak/none.go' }, position: { line: 0, character: 0 } });
      let after100 = 0;
      for (let i = 1; i <= CYCLES; i++) {
        c.open(uri, EXAMPLE, 1);
        c.conn.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: 2 },
          contentChanges: [{ range: { start: { line: 23, character: 1 }, end: { line: 23, character: 1 } }, text: i % 2 ? ' ' : 'x' }],
        });
        c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
        if (i % 100 === 0) {
          await settle();
          c.published.length = 0; // the client's own memory is not under test
        }
        if (i === 100) after100 = rssKiB(c.child.pid!);
      }
      await settle();
      const final = rssKiB(c.child.pid!);
      console.log(`      server RSS after 100 cycles: ${(after100 / 1024).toFixed(1)} MiB, after ${CYCLES}: ${(final / 1024).toFixed(1)} MiB`);
      assert.ok(final <= 2 * after100, `RSS grew from ${after100} KiB to ${final} KiB`);
      // Still serving correctly after the soak.
      c.open(uri, EXAMPLE, 1);
      const p = await c.diagnostics(uri, (d) => d.diagnostics.length > 0);
      assert.deepStrictEqual(p.diagnostics.map((d) => d.code), ['KLL001', 'KLL003', 'KLL002']);
    } finally {
      assert.strictEqual(await c.stop(), 0, c.stderr);
    }
  });

  it('a client that disappears mid-request: the server exits by itself, without a crash', async () => {
    const c = await LspClient.start({ settings: {}, workspaceFolder: ROOT });
    const exited = new Promise<number | null>((resolve) => c.child.once('exit', (code) => resolve(code)));
    // A long request in flight (a scan of this repository), then the pipes go away.
    void c.conn.sendRequest('workspace/executeCommand', { command: 'kube-list-lint.scanWorkspace', arguments: [] }).catch(() => undefined);
    c.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.go' }, position: { line: 0, character: 0 } }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    c.conn.dispose();
    c.child.stdin!.destroy();
    c.child.stdout!.destroy();
    const timer = setTimeout(() => c.child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    assert.notStrictEqual(c.child.signalCode, 'SIGKILL', 'the server hung after its client went away');
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
    assert.doesNotMatch(c.stderr, /TypeError|ReferenceError|Unhandled|uncaught/i, c.stderr);
  });
});
