// The engine's entry point: (text, settings) -> findings. Pure: no I/O, no LSP, no vscode.
import type { Tree } from 'web-tree-sitter';
import { realignTrailingComments, trailingCommentsOf } from './commentAlign';
import { costOf, requestCost, sizingContext, type SizingContext } from './callShape';
import { collectFacts, type ApiCallFact, type FileFacts } from './facts';
import type { ResolvedOptions } from './options';
import { findingData, oneLine } from './findingData';
import { buildInventory, type Inventory } from './inventory';
import { LineIndex } from './lines';
import { GoParser, type GrammarBytes } from './parser';
import type { Report, Rule } from './rule';
import { RULES } from './rules';
import { keepFirstPerKey } from './firstPerKey';
import { PKG } from './imports';
import { parseSuppressions, suppressionComments, suppressionFor } from './suppressions';
import { enclosingFunctionName, foldWhitespace } from './syntax';
import { DEFAULT_SETTINGS, type AnalysisResult, type EngineSettings, type Finding, type RelatedLocation } from './types';
import { summarize, type FileSummary, type ModuleContext } from './summary';
import { defaultProfile, type ClusterProfile } from '../sizing/profile';

// Resolved once: the default profile is the same for every file.
let DEFAULT_PROFILE: ClusterProfile | undefined;
function profileFor(settings: EngineSettings): ClusterProfile | undefined {
  if (settings.profile === null) return undefined;
  return settings.profile ?? (DEFAULT_PROFILE ??= defaultProfile());
}

const IMPORT_NEEDLES = ['k8s.io/', '/clientset'];
/**
 * Substrings of every call a rule reads: reads, indexer/pager methods and client
 * constructors (calls/constructors.ts). A rule that reads a new call shape adds its needle
 * here. Plain substrings only: the CLI tests them on raw bytes before decoding.
 */
export const CALL_NEEDLES: readonly string[] = [
  '.List(', '.Watch(', '.ByIndex(', '.GetByKey(', '.ListKeys(', '.ListAll(', '.ListAllByNamespace(', '.EachListItem',
  '.NewForConfig', '.NewDiscoveryClient', '.GetAPIGroupResources(', '.NewDeferredDiscoveryRESTMapper(',
  '.NewSharedInformerFactory', '.NewFilteredSharedInformerFactory(', '.NewListWatchFromClient(',
  '.NewDynamicSharedInformerFactory(', '.NewFilteredDynamicSharedInformerFactory(',
];

/**
 * `.Get(` counts only with an argument: every Get a rule reads takes one (a client's
 * `(ctx, name, opts)`, a lister's `(name)`, controller-runtime's `(ctx, key, obj)`), while
 * client-go's REST request builder `c.client.Get().Resource(...)` takes none. That builder
 * sent a third of the synthetic corpus' parsed files (5.9 MB of it) to the parser for nothing.
 */
export const ARGUMENT_NEEDLES: readonly string[] = ['.Get('];

/**
 * Needles that count only with an import: `.New(` is read only as controller-runtime's
 * `client.New` (constructors.ts, calls/context.ts), and `errors.New(` alone let a quarter of
 * client-go's parsed files through. The closing quote keeps `.../client/fake"` out.
 */
export const IMPORT_GUARDED_NEEDLES: readonly (readonly [needle: string, importPath: string])[] = [['.New(', `${PKG.crClient}"`]];

type Haystack = string | Buffer;

const codeAt = (text: Haystack, i: number): number => (typeof text === 'string' ? text.charCodeAt(i) : (text[i] ?? NaN));

/** `needle` (ending in `(`) somewhere followed by an argument: not `)` after optional white space. */
function calledWithArgument(text: Haystack, needle: string): boolean {
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    let j = i + needle.length;
    for (let c = codeAt(text, j); c === 32 || c === 9 || c === 10 || c === 13; c = codeAt(text, ++j));
    if (j < text.length && codeAt(text, j) !== 41) return true;
  }
  return false;
}

/**
 * Cheap byte-level test: a file can hold a finding only if it names a Kubernetes package
 * and calls a read or a client constructor. Most Go files in a monorepo fail it and are
 * never parsed. Takes a string or raw bytes (a Buffer searches the needle's UTF-8; every
 * needle and the bytes checked after it are ASCII).
 */
export function mayContainFindings(text: Haystack): boolean {
  return (
    IMPORT_NEEDLES.some((n) => text.includes(n)) &&
    (CALL_NEEDLES.some((n) => text.includes(n)) ||
      ARGUMENT_NEEDLES.some((n) => calledWithArgument(text, n)) ||
      IMPORT_GUARDED_NEEDLES.some(([n, imp]) => text.includes(n) && text.includes(imp)))
  );
}

export interface AnalyzeOptions {
  settings?: EngineSettings;
  /** A tree for this exact text (e.g. incrementally re-parsed by the LSP server); not deleted. */
  tree?: Tree;
  /** Run every rule even when the prefilter says the file cannot match (tests use this). */
  noPrefilter?: boolean;
  /**
   * Budget for parsing and querying this text. When exceeded, the file is reported as
   * timed out with no findings instead of blocking the run or the editor.
   */
  timeoutMs?: number;
  /** Also return the file's summary for the program model (`AnalysisResult.summary`). */
  summary?: boolean;
  /** What other files of the module configure (the manager's cache, readers in fields). */
  module?: ModuleContext;
  /**
   * Every candidate of the rules that keep one finding per key (Rule.firstPerKey), for a
   * caller that analyses parts of a file and makes that choice over the whole (windowed.ts).
   */
  candidates?: boolean;
}

export function emptyResult(extra: Partial<AnalysisResult> = {}): AnalysisResult {
  return { findings: [], suppressed: [], suppressions: [], skippedByPrefilter: false, hasSyntaxErrors: false, ruleErrors: [], ...extra };
}

export class Engine {
  private constructor(
    readonly parser: GoParser,
    readonly rules: readonly Rule[],
  ) {}

  static async create(bytes: GrammarBytes, rules: readonly Rule[] = RULES): Promise<Engine> {
    const parser = await GoParser.create(bytes);
    return new Engine(parser, rules);
  }

  analyze(text: string, opts: AnalyzeOptions = {}): AnalysisResult {
    return this.run(text, opts, () => undefined).result;
  }

  /**
   * The file's summary alone (no rules): for files the program model needs that cannot hold
   * a finding themselves (a loop calling another file's lister, the manager's options).
   * Undefined when the budget ran out or the tree could not be read.
   */
  summarize(text: string, timeoutMs?: number): FileSummary | undefined {
    const deadline = timeoutMs !== undefined ? Date.now() + timeoutMs : undefined;
    const lines = new LineIndex(text);
    const tree = this.parser.parse(text, undefined, deadline);
    if (!tree) return undefined;
    try {
      const facts = collectFacts(tree, lines, deadline);
      return facts ? summarize(tree, facts, text) : undefined;
    } catch {
      return undefined;
    } finally {
      tree.delete();
    }
  }

  /**
   * Every recognised LIST/GET in the text (not only the reported ones) with its request
   * shape, the rules that report it and its cost: the `report` command's input. Pure data.
   */
  inventory(text: string, opts: AnalyzeOptions = {}): Inventory {
    const { result, extra } = this.run(text, opts, (facts, sizing, res) => buildInventory(text, facts, sizing, res));
    return extra ?? { calls: [], watches: [], packageName: undefined, perNode: undefined, timedOut: result.timedOut, ruleErrors: result.ruleErrors };
  }

  private run<T>(
    text: string,
    opts: AnalyzeOptions,
    extra: (facts: FileFacts, sizing: SizingContext | undefined, result: AnalysisResult) => T,
  ): { result: AnalysisResult; extra?: T } {
    const settings = opts.settings ?? DEFAULT_SETTINGS;
    if (!opts.tree && !opts.noPrefilter && !mayContainFindings(text)) return { result: emptyResult({ skippedByPrefilter: true }) };
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : undefined;
    const lines = new LineIndex(text);
    const tree = opts.tree ?? this.parser.parse(text, undefined, deadline);
    if (!tree) return { result: emptyResult({ timedOut: true }) };
    try {
      const facts = collectFacts(tree, lines, deadline, opts.module);
      if (!facts) return { result: emptyResult({ timedOut: true }) };
      const profile = profileFor(settings);
      const sizing = profile ? sizingContext(facts, text, profile) : undefined;
      const all = this.analyzeFacts(text, tree, facts, settings, sizing);
      const result = opts.candidates ? all : keepFirstPerKey(all, this.rules);
      if (opts.summary) result.summary = summarize(tree, facts, text);
      return { result, extra: extra(facts, sizing, result) };
    } catch (e) {
      // Facts collection failing (e.g. a pathological tree) costs this file, never the caller.
      return { result: emptyResult({ ruleErrors: [{ rule: 'engine', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }] }) };
    } finally {
      // WASM trees are not garbage-collected: free every tree this call made.
      if (!opts.tree) tree.delete();
    }
  }

  private analyzeFacts(text: string, tree: Tree, facts: FileFacts, settings: EngineSettings, sizing?: SizingContext): AnalysisResult {
    const lines = facts.lines;
    const suppressions = parseSuppressions(suppressionComments(tree.rootNode, text));
    // Comments after code on the lines a fix edits (commentAlign.ts), looked up on demand.
    const trailing = trailingCommentsOf(lines, tree.rootNode);
    const lineHasCode = (line: number) => {
      const t = lines.lineText(line).trim();
      return t !== '' && !t.startsWith('//');
    };
    const findings: Finding[] = [];
    const suppressed: Finding[] = [];
    const ruleErrors: AnalysisResult['ruleErrors'] = [];
    for (const rule of this.rules) {
      const setting = settings.rules[rule.meta.id];
      if (setting === 'off') continue;
      const report = (r: Report) => {
        const call = facts.calls.find((c) => c.node.startIndex === r.node.startIndex);
        // A rule's own request (an informer's initial LIST behind a cached read) over the call's.
        const cost = !sizing ? undefined : r.request ? requestCost(r.request, sizing) : call ? costOf(call, sizing) : undefined;
        const data = findingData(r.data, call, cost);
        const graded = r.severity ?? rule.meta.defaultSeverity;
        const f: Finding = {
          rule: rule.meta.id,
          name: rule.meta.name,
          // A request expected over the read SLO at the profile's size is worth acting on: information becomes a warning.
          severity: setting ?? (graded === 'information' && data?.slo && !data.slo.upperBound ? 'warning' : graded),
          start: r.node.startIndex,
          end: r.node.endIndex,
          range: lines.range(r.node.startIndex, r.node.endIndex),
          // The rule's one line only: each surface renders `data` and `cost` itself (docs/sizing.md).
          message: oneLine(r.message),
          ...(data ? { data } : {}),
          fixes: (r.fixes ?? []).map((fx) => ({ ...fx, edits: realignTrailingComments(lines, trailing, fx.edits) })),
          related: [...(r.related ?? []).map((x) => ({ ...x, range: lines.range(x.start, x.end) })), ...callerLocations(call)],
          enclosingFunction: enclosingFunctionName(r.node),
          callText: foldWhitespace(r.node.text),
          ...(cost ? { cost } : {}),
        };
        if (suppressionFor(suppressions, f.rule, f.range.start.line, lineHasCode)) suppressed.push(f);
        else findings.push(f);
      };
      try {
        rule.check({ facts, report, profile: sizing?.profile });
      } catch (e) {
        // One rule failing on one file must not take the others, or the server, down.
        ruleErrors.push({ rule: rule.meta.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
    return { findings, suppressed, suppressions, skippedByPrefilter: false, hasSyntaxErrors: tree.rootNode.hasError, ruleErrors };
  }
}

/**
 * Where callers in other files pass the options the read uses (the program resolved them,
 * directly or for a same-file caller's own parameter): one related location each.
 */
function callerLocations(call: ApiCallFact | undefined): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const visit = (o: ResolvedOptions) => {
    const origin = o.origin;
    if (origin?.kind === 'callers') {
      for (const c of origin.callers) {
        if (!out.some((x) => x.fileId === c.fileId && x.start === c.start)) out.push({ fileId: c.fileId, start: c.start, end: c.end, range: c.range, message: `${c.function} passes the options this read uses` });
      }
    }
    for (const src of o.sources ?? []) visit(src);
  };
  if (call?.options.kind === 'resolved') visit(call.options);
  return out;
}
