// Starts the bundled language server (dist/server.js) over Node IPC and owns its lifetime:
// start, stop, restart, and starting/stopping when `kubeListLint.enable` changes.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, State, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_ID, CLIENT_NAME, SERVER_RUNNING_CONTEXT } from './names';
import { SETTINGS_SECTION } from './serverProtocol';

/** Go files on disk and unsaved ones; other schemes (git:, vsls:) are views of files we already lint. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'go' },
  { scheme: 'untitled', language: 'go' },
];

export class ServerClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** Serialises start/stop so a settings flip during start-up cannot leave two servers. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly output: vscode.OutputChannel;
  private readonly trace: vscode.OutputChannel;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly middleware: Middleware,
    /** Called when the server starts or stops, including when it crashes for good. */
    private readonly onRunningChange: (running: boolean) => void,
  ) {
    this.output = vscode.window.createOutputChannel(CLIENT_NAME);
    this.trace = vscode.window.createOutputChannel(`${CLIENT_NAME} (trace)`);
  }

  get running(): boolean {
    return this.client?.isRunning() ?? false;
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.client) return;
      const client = this.create();
      this.client = client;
      client.onDidChangeState((e) => {
        if (this.client === client) this.onRunningChange(e.newState === State.Running);
      });
      try {
        await client.start();
      } catch (e) {
        this.client = undefined;
        this.output.appendLine(`kube-list-lint: the language server did not start: ${String(e)}`);
        throw e;
      }
      await vscode.commands.executeCommand('setContext', SERVER_RUNNING_CONTEXT, true);
    });
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      const client = this.client;
      this.client = undefined;
      await vscode.commands.executeCommand('setContext', SERVER_RUNNING_CONTEXT, false);
      this.onRunningChange(false);
      if (client) await client.dispose(2000);
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Runs a server command (workspace/executeCommand); throws when the server is not running. */
  async executeServerCommand<T>(command: string, args: unknown[] = []): Promise<T> {
    await this.queue;
    const client = this.client;
    if (!client || !client.isRunning()) throw new Error('the kube-list-lint language server is not running');
    return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
  }

  dispose(): void {
    void this.stop();
    this.output.dispose();
    this.trace.dispose();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private create(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      // Settings reach the server at start-up here and later through workspace/configuration
      // (the server registers for didChangeConfiguration itself, so no `synchronize` section:
      // that would notify it twice per change).
      initializationOptions: { settings: plainSettings() },
      middleware: this.middleware,
    };
    return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  }
}

/** `kubeListLint.*` as plain JSON (a WorkspaceConfiguration object also carries methods). */
function plainSettings(): unknown {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SETTINGS_SECTION)));
}
