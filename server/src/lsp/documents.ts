// Open documents: the text (incremental sync), the tree-sitter tree kept across versions
// and re-parsed incrementally, and the analysis of the current version. The caller owns
// nothing here: trees are deleted on close, on full replacement and after each re-parse.
import { AnalysisTiming } from './scheduling';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { mayContainFindings, type Engine } from '../engine/analyze';
import type { ModuleContext } from '../engine/summary';
import type { AnalysisResult, EngineSettings } from '../engine/types';
import { WindowedAnalysis } from '../engine/windowed';
import { treeEditFor } from '../engine/treeEdit';

export type Log = (message: string) => void;

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

export class OpenDocument {
  private tree: Tree | undefined;
  /** The tree has been edited (or is missing) and must be re-parsed before use. */
  private treeStale = true;
  private cached: { version: number; key: string; result: AnalysisResult } | undefined;
  /** Findings per group of functions, kept across versions: an edit re-analyses its own group. */
  private window: WindowedAnalysis | undefined;
  /** How many times this document was parsed (tests check one parse per analysed version). */
  parses = 0;
  /** How long an analysis of this document takes, reparse included (server.ts schedules by it). */
  readonly timing = new AnalysisTiming();

  constructor(public doc: TextDocument) {}

  get uri(): string {
    return this.doc.uri;
  }
  get version(): number {
    return this.doc.version;
  }
  get text(): string {
    return this.doc.getText();
  }

  /**
   * Applies LSP content changes in order. Ranges outside the document are clamped and
   * logged; a version not newer than the current one is ignored (returns false).
   */
  applyChanges(changes: TextDocumentContentChangeEvent[], version: number, log: Log): boolean {
    if (version <= this.doc.version) {
      log(`${this.uri}: ignoring change to version ${version}; already at version ${this.doc.version}`);
      return false;
    }
    let doc = this.doc;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        doc = TextDocument.create(doc.uri, doc.languageId, version, change.text);
        this.dropTree();
        continue;
      }
      const old = doc.getText();
      const range = this.wellFormed(change.range);
      let start = doc.offsetAt(range.start);
      let end = doc.offsetAt(range.end);
      if (!samePosition(doc.positionAt(start), range.start) || !samePosition(doc.positionAt(end), range.end)) {
        log(`${this.uri}: change range ${JSON.stringify(change.range)} is outside the document (version ${doc.version}); clamped`);
      }
      if (end < start) [start, end] = [end, start];
      // The clamped offsets, expressed back as positions, so the text and the tree see the same edit.
      doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: change.text }], version);
      if (this.tree) {
        this.tree.edit(treeEditFor(old, start, end, change.text));
        this.treeStale = true;
      }
    }
    // TextDocument.update keeps the version of the last change; a change list may also be empty.
    this.doc = TextDocument.update(doc, [], version);
    return true;
  }

  private wellFormed(r: Range): Range {
    const { start, end } = r;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
    return r;
  }

  /** The tree for the current text, re-parsed from the edited old tree when there is one. */
  currentTree(engine: Engine): Tree {
    if (!this.tree || this.treeStale) {
      const old = this.tree;
      this.tree = engine.parser.parse(this.text, old);
      this.parses++;
      this.treeStale = false;
      old?.delete();
    }
    return this.tree;
  }

  /**
   * The analysis of the current version under `key` settings, with what other files of the
   * module configure (`module`, part of `key`); computed at most once per version.
   */
  analyze(engine: Engine, settings: EngineSettings, key: string, timeoutMs?: number, module?: ModuleContext): AnalysisResult {
    if (this.cached && this.cached.version === this.version && this.cached.key === key) return this.cached.result;
    const text = this.text;
    const t0 = performance.now();
    // Same prefilter as the CLI, so the editor and CI report the same findings. A skipped
    // version leaves the tree edited but not re-parsed; its edits accumulate until one passes.
    const result = mayContainFindings(text)
      ? (this.window ??= new WindowedAnalysis(engine)).analyze(text, () => this.currentTree(engine), settings, key, timeoutMs, module)
      : engine.analyze(text, { settings });
    this.cached = { version: this.version, key, result };
    this.timing.record(performance.now() - t0);
    return result;
  }

  /** The analysis already computed for the current version, if any (no work done). */
  cachedAnalysis(key: string): AnalysisResult | undefined {
    return this.cached && this.cached.version === this.version && this.cached.key === key ? this.cached.result : undefined;
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.treeStale = true;
  }

  dispose(): void {
    this.dropTree();
    this.cached = undefined;
    this.window?.dispose();
    this.window = undefined;
  }
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.docs.get(uri)?.dispose();
    const d = new OpenDocument(TextDocument.create(uri, languageId, version, text));
    this.docs.set(uri, d);
    return d;
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  close(uri: string): boolean {
    const d = this.docs.get(uri);
    d?.dispose();
    return this.docs.delete(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  disposeAll(): void {
    for (const d of this.docs.values()) d.dispose();
    this.docs.clear();
  }
}
