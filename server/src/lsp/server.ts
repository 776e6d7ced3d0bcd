// The language server: LSP transport and lifecycle around the pure pieces in this folder.
// Every handler is guarded: an exception is logged and answered with an empty result, so
// one bad file or request never takes the server down.
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Engine } from '../engine/analyze';
import { LineIndex } from '../engine/lines';
import type { AnalysisResult } from '../engine/types';
import { CONFIG_FILE_NAMES } from '../config/load';
import { createEngine } from '../host/grammarFiles';
import { codeActions, fixAllEdits, toLspEdits, workspaceEdit } from './codeActions';
import { codeLenses } from './codeLens';
import { toDiagnostics } from './diagnostics';
import { stdioConnection } from './transport';
import { DocumentStore, type OpenDocument } from './documents';
import { typingDelay } from './scheduling';
import { hoverSections, lensDetail } from './enrichers';
import { renderHover } from './hover';
import { COMMANDS, SETTINGS_SECTION, SOURCE } from './protocol';
import { ProjectSettings } from './projectConfig';
import { DEFAULT_SERVER_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { scanWorkspace, summarize, type FindingSummary, type ScanSummary } from './workspaceScan';
import { EditorProgram } from './program';
import { costWeight, rankByCost } from '../sizing/rank';
import { filePath } from './projectConfig';
import { pathToFileURL } from 'url';


/** `kube-list-lint.costReport`'s answer: findings of open and scanned files, costliest first. */
export interface CostReport {
  findings: FindingSummary[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function uriArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { uri?: unknown; textDocument?: { uri?: unknown } };
    if (typeof o.uri === 'string') return o.uri;
    if (typeof o.textDocument?.uri === 'string') return o.textDocument.uri;
  }
  return undefined;
}

let shutdownReceived = false;

/** How long after the last keystroke a document's summary is made again for the program. */
const PROGRAM_DELAY_MS = 300;

/** stdio gets the sanitizing transport; `--node-ipc` and sockets use createConnection's own detection. */
function defaultConnection(): Connection {
  return process.argv.includes('--stdio') ? stdioConnection(() => shutdownReceived) : createConnection();
}

export interface ServerOptions {
  /** How the engine is made (default: from the installed grammar files); injected by tests. */
  createEngine?: () => Promise<Engine>;
}

export function startServer(connection: Connection = defaultConnection(), opts: ServerOptions = {}): Connection {
  const docs = new DocumentStore();
  /** Pending publishes: a timeout while typing debounces, an immediate when it does not. */
  const timers = new Map<string, { cancel(): void }>();
  /** URIs the workspace scan pushed diagnostics for, with their findings (cost report). */
  const scanned = new Map<string, FindingSummary[]>();
  let caps: ClientCapabilities = {};
  let pullMode = false;
  let folders: string[] = [];
  let settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  let engine: Engine | undefined;
  let ready: Promise<void> = Promise.resolve();

  const log = (m: string) => connection.console.log(m);
  const error = (m: string) => connection.console.error(m);

  function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        error(`${name} failed: ${errorText(e)}`);
        return fallback;
      }
    };
  }

  /** A notification, not window/showMessageRequest: nothing waits on the user to dismiss it. */
  const warn = (m: string) => {
    error(m);
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `kube-list-lint: ${m}` });
  };
  const project = new ProjectSettings(warn);
  /** The program model of the open documents' modules (lsp/program.ts); re-publishes when it changes. */
  const program = new EditorProgram(
    () => engine,
    () => docs.all().flatMap((d) => {
      const p = filePath(d.uri);
      return p && p.endsWith('.go') ? [{ path: p, text: d.text }] : [];
    }),
    () => relintAll(),
    log,
  );
  const yieldNow = () => new Promise<void>((r) => setImmediate(r));
  /** Decorated analyses (per-file findings + the program's), per document version, settings and program generation. */
  const decorated = new Map<string, { version: number; key: string; generation: number; result: AnalysisResult }>();
  const uriOf = (fileId: number) => {
    const p = program.pathOf(fileId);
    return p ? pathToFileURL(p).toString() : undefined;
  };
  /** Why a document gets no diagnostics, logged once per reason so a keystroke does not repeat it. */
  const quietReasons = new Map<string, string>();

  function analysis(d: OpenDocument): AnalysisResult | undefined {
    if (!engine || !settings.enable) return undefined;
    const ds = project.forUri(d.uri, settings);
    let quiet = ds.selected ? undefined : ds.why;
    // A generated file is not hand-written code: the CLI skips it, so does the editor.
    if (!quiet && d.text.length * 3 > ds.maxBytes && Buffer.byteLength(d.text) > ds.maxBytes) quiet = `larger than maxFileSize (${ds.maxBytes} bytes)`;
    if (quiet) {
      if (quietReasons.get(d.uri) !== quiet) log(`${d.uri}: not linted: ${quiet}`);
      quietReasons.set(d.uri, quiet);
      return undefined;
    }
    quietReasons.delete(d.uri);
    const hit = decorated.get(d.uri);
    if (hit && hit.version === d.version && hit.key === ds.key && hit.generation === program.generation) return hit.result;
    const p = filePath(d.uri);
    // What other files of the module configure goes into the analysis itself (and its key).
    const module = p ? program.moduleContext(p, d.text) : undefined;
    const key = module ? `${ds.key}\0${JSON.stringify(module)}` : ds.key;
    let r = d.cachedAnalysis(key);
    if (!r) {
      r = d.analyze(engine, ds.engine, key, ds.timeoutMs, module);
      // Logged once per analysed version, not on every hover or lens request that reuses it.
      for (const re of r.ruleErrors) error(`${re.rule} crashed on ${d.uri} version ${d.version} (its findings are missing): ${re.message}`);
      if (r.timedOut) error(`${d.uri}: analysis exceeded timeoutMs (${ds.timeoutMs} ms); no findings for version ${d.version}`);
    }
    if (p) r = program.decorate(p, d.text, r, ds.engine.rules, ds.tests, ds.role);
    decorated.set(d.uri, { version: d.version, key: ds.key, generation: program.generation, result: r });
    return r;
  }

  function diagnosticsOf(d: OpenDocument): Diagnostic[] {
    const r = analysis(d);
    return r ? toDiagnostics(r.findings, d.uri, uriOf) : [];
  }

  /** Pushes the current version's diagnostics; computed now, so never stale. */
  async function publish(uri: string): Promise<void> {
    clearTimer(uri);
    await ready;
    const d = docs.get(uri);
    if (!d || pullMode) return;
    const version = d.version;
    const diagnostics = diagnosticsOf(d);
    // A change that arrived while awaiting has its own publish scheduled.
    if (docs.get(uri) !== d || d.version !== version) return;
    connection.sendDiagnostics({ uri, version, diagnostics });
  }

  function clearTimer(uri: string): void {
    timers.get(uri)?.cancel();
    timers.delete(uri);
  }

  function schedule(uri: string): void {
    clearTimer(uri);
    // Never inline: the change handler returns at once and a newer change cancels the publish.
    // No debounce is setImmediate, not setTimeout(0): Node makes that at least 1 ms.
    const delay = typingDelay(docs.get(uri)?.timing.ms);
    const run = () => void guard('publish', undefined, publish)(uri);
    if (delay === 0) {
      const t = setImmediate(run);
      timers.set(uri, { cancel: () => clearImmediate(t) });
    } else {
      const t = setTimeout(run, delay);
      timers.set(uri, { cancel: () => clearTimeout(t) });
    }
  }

  function relintAll(): void {
    if (pullMode) {
      if (caps.workspace?.diagnostics?.refreshSupport) connection.languages.diagnostics.refresh();
      return;
    }
    for (const d of docs.all()) void guard('publish', undefined, publish)(d.uri);
  }

  async function loadSettings(pushed?: unknown): Promise<void> {
    let raw: unknown = pushed;
    if (caps.workspace?.configuration) {
      raw = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
    }
    const { settings: s, problems } = normalizeSettings(raw ?? undefined);
    for (const p of problems) warn(p);
    settings = s;
  }

  connection.onInitialize(
    (params): InitializeResult => {
      caps = params.capabilities;
      pullMode = !!caps.textDocument?.diagnostic;
      folders = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
      if (!folders.length && params.rootUri) folders = [fileURLToPath(params.rootUri)];
      const init = params.initializationOptions as { settings?: unknown } | undefined;
      if (init?.settings !== undefined) {
        settings = normalizeSettings(init.settings).settings;
      }
      ready = (opts.createEngine ?? createEngine)().then(
        (e) => {
          engine = e;
        },
        (e) => error(`cannot load the Go grammar; no diagnostics: ${errorText(e)}`),
      );
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.kube-list-lint'] },
          hoverProvider: true,
          codeLensProvider: { resolveProvider: false },
          executeCommandProvider: { commands: Object.values(COMMANDS) },
          diagnosticProvider: pullMode ? { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false } : undefined,
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: SOURCE },
      };
    },
  );

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      // Set before anything awaits: documents opened from now on wait for the settings.
      ready = ready.then(() => loadSettings()).catch((e) => error(`settings: ${errorText(e)}`));
      if (caps.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed = new Set(e.removed.map((f) => fileURLToPath(f.uri)));
          folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => fileURLToPath(f.uri))];
        });
      }
      if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [...CONFIG_FILE_NAMES.map((n) => ({ globPattern: `**/${n}` })), { globPattern: '**/*.go' }, { globPattern: '**/go.mod' }] });
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, async (params) => {
      const pushed = (params.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      ready = ready.then(() => loadSettings(pushed)).catch((e) => error(`settings: ${errorText(e)}`));
      await ready;
      relintAll();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, async (params) => {
      // Go files or a go.mod changed on disk (a checkout, a generator): the program is read again.
      if (params.changes.some((c) => /\.go$|\/go\.mod$/.test(c.uri))) void guard('program rebuild', undefined, () => program.rebuild(yieldNow))();
      if (!params.changes.some((c) => CONFIG_FILE_NAMES.some((n) => c.uri.endsWith(`/${n}`)))) return;
      // A project config file was created, changed or deleted: forget every cached one.
      project.clear();
      ready = ready.then(() => loadSettings()).catch((e) => error(`settings: ${errorText(e)}`));
      await ready;
      relintAll();
    }),
  );

  connection.onDidOpenTextDocument(
    guard('didOpen', undefined, async (p) => {
      const { uri, languageId, version, text } = p.textDocument;
      docs.open(uri, languageId, version, text);
      if (scanned.has(uri) && pullMode) connection.sendDiagnostics({ uri, diagnostics: [] });
      scanned.delete(uri);
      const file = filePath(uri);
      // The first document of a module waits for its program, so its first diagnostics are already the program's.
      if (file && file.endsWith('.go') && program.update(file, text) === 'absent') {
        await ready;
        if (engine && settings.enable) await program.rebuild(yieldNow);
      }
      await publish(uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guard('didChange', undefined, (p) => {
      const d = docs.get(p.textDocument.uri);
      if (!d) {
        error(`didChange for ${p.textDocument.uri}, which is not open; ignored`);
        return;
      }
      if (!d.applyChanges(p.contentChanges, p.textDocument.version, log)) return;
      if (settings.run === 'onType') {
        schedule(d.uri);
        scheduleProgramUpdate(d.uri);
      }
    }),
  );

  /** A document's summary is made again a moment after typing stops (the index is re-joined, others re-published). */
  const programTimers = new Map<string, NodeJS.Timeout>();
  function scheduleProgramUpdate(uri: string): void {
    clearTimeout(programTimers.get(uri));
    programTimers.set(
      uri,
      setTimeout(() => {
        programTimers.delete(uri);
        void guard('program update', undefined, () => updateProgram(uri))();
      }, PROGRAM_DELAY_MS),
    );
  }

  /** Joins a document's current text into the program and re-publishes what that can change (itself included). */
  async function updateProgram(uri: string): Promise<void> {
    const d = docs.get(uri);
    const p = filePath(uri);
    if (!d || !p || !p.endsWith('.go')) return publish(uri);
    const r = program.update(p, d.text);
    if (r === 'absent') await program.rebuild(yieldNow);
    else if (r === 'changed') relintAll();
    else await publish(uri);
  }

  connection.onDidSaveTextDocument(
    guard('didSave', undefined, async (p) => {
      const uri = p.textDocument.uri;
      clearTimeout(programTimers.get(uri));
      programTimers.delete(uri);
      await updateProgram(uri);
    }),
  );

  connection.onDidCloseTextDocument(
    guard('didClose', undefined, (p) => {
      const uri = p.textDocument.uri;
      clearTimer(uri);
      quietReasons.delete(uri);
      docs.close(uri);
      if (!pullMode) connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, async (p) => {
      await ready;
      const d = docs.get(p.textDocument.uri);
      return { kind: DocumentDiagnosticReportKind.Full, items: d ? diagnosticsOf(d) : [] };
    }),
  );

  connection.onCodeAction(
    guard('codeAction', [], async (p) => {
      await ready;
      const d = docs.get(p.textDocument.uri);
      const r = d && analysis(d);
      if (!d || !r) return [];
      const ctx = { uri: d.uri, version: d.version, text: d.text, documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges };
      return codeActions(ctx, r.findings, p.range, p.context.only);
    }),
  );

  connection.onHover(
    guard('hover', null, async (p) => {
      await ready;
      const d = docs.get(p.textDocument.uri);
      const r = d && analysis(d);
      if (!d || !r) return null;
      const h = renderHover(r.findings, d.doc.offsetAt(p.position), hoverSections);
      if (!h) return null;
      const f = h.findings[0];
      return { contents: { kind: 'markdown', value: h.markdown }, range: f.range };
    }),
  );

  connection.onCodeLens(
    guard('codeLens', [], async (p) => {
      await ready;
      const d = docs.get(p.textDocument.uri);
      const r = settings.codeLens && d ? analysis(d) : undefined;
      if (!r || !d) return [];
      return codeLenses(r.findings, lensDetail);
    }),
  );

  async function applyAllFixes(arg: unknown): Promise<{ applied: number; fixes: number }> {
    const uri = uriArgument(arg);
    const d = uri ? docs.get(uri) : undefined;
    const r = d && analysis(d);
    if (!d || !r) return { applied: 0, fixes: 0 };
    const edits = fixAllEdits(r.findings);
    if (!edits.length) return { applied: 0, fixes: 0 };
    const ctx = { uri: d.uri, version: d.version, text: d.text, documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges };
    const res = await connection.workspace.applyEdit({ label: 'kube-list-lint: fix all (safe)', edit: workspaceEdit(ctx, toLspEdits(new LineIndex(ctx.text), edits)) });
    return { applied: res.applied ? edits.length : 0, fixes: edits.length };
  }

  let running: Promise<ScanSummary> | undefined;

  async function scan(): Promise<ScanSummary> {
    const e = engine;
    if (!e) throw new Error('the engine is not loaded');
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('kube-list-lint: scanning the workspace', 0, undefined, true);
    try {
      return await scanWorkspace(folders, {
        engine: e,
        settingsFor: (uri) => project.forUri(uri, settings),
        isOpen: (uri) => !!docs.get(uri),
        publish: (uri, diagnostics) => {
          // Clean files were never published: sending them nothing keeps a big repo's scan quiet.
          if (diagnostics.length || scanned.get(uri)?.length) connection.sendDiagnostics({ uri, diagnostics });
        },
        record: (uri, findings) => {
          scanned.set(uri, findings);
        },
        progress: {
          report: (done, total, message) => progress.report(total ? Math.floor((done * 100) / total) : 100, message),
          isCancelled: () => progress.token.isCancellationRequested,
        },
      });
    } finally {
      progress.done();
    }
  }

  function costReport(): CostReport {
    const findings: FindingSummary[] = [];
    for (const d of docs.all()) {
      const r = analysis(d);
      if (r) findings.push(...r.findings.map((f) => summarize(d.uri, f)));
    }
    for (const list of scanned.values()) findings.push(...list);
    // The one ranking (sizing/rank.ts): per run, then per call, unknown last.
    return { findings: rankByCost(findings, (f) => costWeight(f.cost), (a, b) => a.uri.localeCompare(b.uri) || a.line - b.line) };
  }

  connection.onExecuteCommand(
    guard('executeCommand', null as unknown, async (p) => {
      await ready;
      if (!settings.enable) return null;
      switch (p.command) {
        case COMMANDS.applyAllFixes:
          return applyAllFixes(p.arguments?.[0]);
        case COMMANDS.scanWorkspace:
          // A second request while a scan runs joins it rather than reading every file twice.
          running ??= scan().finally(() => {
            running = undefined;
          });
          return running;
        case COMMANDS.costReport:
          return costReport();
        default:
          error(`unknown command ${p.command}`);
          return null;
      }
    }),
  );

  connection.onShutdown(() => {
    shutdownReceived = true;
    for (const uri of [...timers.keys()]) clearTimer(uri);
    for (const t of programTimers.values()) clearTimeout(t);
    docs.disposeAll();
  });

  connection.listen();
  log(`${SOURCE} language server started (${path.basename(process.argv[1] ?? 'node')}, pid ${process.pid})`);
  return connection;
}

/** For a server process: a promise nobody awaited must not end it (Node's default). */
export function guardProcess(connection: Connection): void {
  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(`unhandled rejection: ${errorText(e)}`);
    } catch {
      // the connection is gone; nothing left to tell
    }
  });
}

/**
 * `kube-list-lint lsp [--stdio|--node-ipc|--socket=N]`: stdio when no transport is named.
 * Never resolves: the connection ends the process on `exit` or when the client goes away.
 */
export function runLsp(args: string[]): Promise<number> {
  if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) process.argv.push('--stdio');
  guardProcess(startServer());
  return new Promise<number>(() => {});
}
