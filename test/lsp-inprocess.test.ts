// The server in this process over in-memory streams, with an injected engine whose extra
// rule throws on one file: the crash is logged, that file keeps the other rules' findings,
// other files are unaffected, and the server keeps serving.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { createProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { Engine } from '../server/src/engine/analyze';
import type { Rule } from '../server/src/engine/rule';
import { RULES } from '../server/src/engine/rules';
import { packageRoot } from '../server/src/host/grammarFiles';
import { startServer } from '../server/src/lsp/server';

const ROOT = packageRoot();
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'node-agent', 'main.go'), 'utf8');

const crashing: Rule = {
  meta: { id: 'KLL999', name: 'crashes-on-nodes', defaultSeverity: 'warning', summary: 'test rule', fixes: 'none' },
  check(ctx) {
    if (ctx.facts.calls.some((c) => c.node.text.includes('Nodes()'))) throw new Error('boom in a rule');
  },
};

describe('language server in-process: a crashing rule is contained', function () {
  this.timeout(30000);
  it('logs the crash, keeps the other findings, keeps serving', async () => {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const grammar = (f: string) => fs.readFileSync(path.join(ROOT, 'grammars', f));
    const serverConn = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(fromServer));
    startServer(serverConn, { createEngine: () => Engine.create({ runtime: grammar('tree-sitter.wasm'), go: grammar('tree-sitter-go.wasm') }, [...RULES, crashing]) });
    const client = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    const logs: string[] = [];
    const published: PublishDiagnosticsParams[] = [];
    client.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.push(p));
    client.listen();
    try {
      // No processId: the server must not watch (and exit with) some process.
      await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
      client.sendNotification('initialized', {});
      const open = (uri: string, text: string) => client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
      const wait = async (uri: string) => {
        for (let i = 0; i < 400; i++) {
          const p = published.find((x) => x.uri === uri);
          if (p) return p;
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error(`no diagnostics for ${uri}`);
      };
      open('untitled:crashes.go', EXAMPLE);
      const p = await wait('untitled:crashes.go');
      assert.deepStrictEqual(p.diagnostics.map((d) => d.code), ['KLL001', 'KLL003', 'KLL002']);
      assert.ok(logs.some((l) => /KLL999 crashed on untitled:crashes.go version 1 .*boom in a rule/s.test(l)), logs.join('\n'));
      // Logged once per version, however often the result is reused.
      await client.sendRequest('textDocument/codeLens', { textDocument: { uri: 'untitled:crashes.go' } });
      await client.sendRequest('textDocument/hover', { textDocument: { uri: 'untitled:crashes.go' }, position: { line: 24, character: 5 } });
      assert.strictEqual(logs.filter((l) => l.includes('KLL999 crashed')).length, 1);

      const noNodes = EXAMPLE.replace('self, _ := cs.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{})', 'self := node');
      open('untitled:fine.go', noNodes);
      const q = await wait('untitled:fine.go');
      assert.deepStrictEqual(q.diagnostics.map((d) => d.code), ['KLL001', 'KLL003']);
      assert.strictEqual(logs.filter((l) => l.includes('KLL999 crashed')).length, 1);
      assert.strictEqual(await client.sendRequest('shutdown'), null);
    } finally {
      client.dispose();
      serverConn.dispose();
      toServer.end();
      fromServer.end();
    }
  });
});
