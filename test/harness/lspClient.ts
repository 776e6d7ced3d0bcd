// A real LSP client for tests: spawns the server as a process and speaks JSON-RPC to it
// over its stdio (or Node IPC), answering the server's requests as an editor would.
import { spawn, fork, type ChildProcess } from 'child_process';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ApplyWorkspaceEditParams, ClientCapabilities, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'path';
import { packageRoot } from '../../server/src/host/grammarFiles';

export const ROOT = packageRoot();
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const BIN = path.join(ROOT, 'bin', 'kube-list-lint.js');

export interface StartOptions {
  /** Arguments after `node`; default: the bundle over stdio. */
  args?: readonly string[];
  ipc?: boolean;
  capabilities?: ClientCapabilities;
  /** What workspace/configuration answers for the `kubeListLint` section. */
  settings?: Record<string, unknown>;
  workspaceFolder?: string;
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly applied: ApplyWorkspaceEditParams[] = [];
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  settings: Record<string, unknown>;
  configurationRequests = 0;
  refreshes = 0;
  private waiters: (() => void)[] = [];
  stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly conn: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const args = opts.args ?? [SERVER, '--stdio'];
    let child: ChildProcess;
    let conn: ProtocolConnection;
    if (opts.ipc) {
      child = fork(args[0], args.slice(1), { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      // No partial-message timer: when a test cuts the pipe between a reply's header and its
      // body (lsp-soak's vanishing client), vscode-jsonrpc 8's timer re-arms itself every
      // 10 s for ever, dispose() does not clear it, and mocha never exits.
      const reader = new StreamMessageReader(child.stdout!);
      reader.partialMessageTimeout = 0;
      conn = createProtocolConnection(reader, new StreamMessageWriter(child.stdin!));
    }
    const c = new LspClient(child, conn, opts.settings ?? {});
    child.stderr!.on('data', (b) => (c.stderr += String(b)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      c.published.push(p);
      c.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      c.logs.push(p.message);
      c.wake();
    });
    conn.onNotification('window/showMessage', (p: { message: string }) => c.logs.push(p.message));
    conn.onNotification('$/progress', (p: unknown) => c.progress.push(p));
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      c.configurationRequests++;
      return p.items.map((i) => (i.section === 'kubeListLint' ? c.settings : null));
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/diagnostic/refresh', () => {
      c.refreshes++;
      return null;
    });
    conn.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
      c.applied.push(p);
      return { applied: true };
    });
    conn.listen();
    const folder = opts.workspaceFolder ?? ROOT;
    const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited with ${code} during initialize\nstderr: ${c.stderr}`))));
    await Promise.race([died, conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: `file://${folder}`, name: path.basename(folder) }],
      capabilities: opts.capabilities ?? { workspace: { configuration: true } },
    })]);
    died.catch(() => undefined);
    conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first published diagnostics for `uri` (after index `from`) that satisfy `ok`. */
  async diagnostics(uri: string, ok: (p: PublishDiagnosticsParams) => boolean = () => true, from = 0, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.published.slice(from).find((p) => p.uri === uri && ok(p));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(this.published.filter((p) => p.uri === uri).map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}\nstderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  open(uri: string, text: string, version = 1): void {
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      // A server that died never answers: then the exit wins the race (and its code is not 0).
      await Promise.race([this.conn.sendRequest('shutdown'), exited]);
      this.conn.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const timer = setTimeout(() => this.child.kill(), 3000);
    const code = await exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}

/** Applies LSP edits to text exactly as an editor would. */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'go', 0, text), edits);
}
