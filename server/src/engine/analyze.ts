// The engine's entry point: (text, settings) -> findings. Pure: no I/O, no LSP, no vscode.
import { Query, type Tree } from 'web-tree-sitter';
import { realignTrailingComments, type TrailingComment } from './commentAlign';
import { collectFacts, FACTS_QUERY } from './facts';
import { LineIndex } from './lines';
import { relevantRanges } from './regions';
import { GoParser, type GrammarBytes } from './parser';
import type { Report, Rule } from './rule';
import { RULES } from './rules';
import { parseSuppressions, SUPPRESSION_NEEDLES, suppressionFor } from './suppressions';
import { enclosingFunctionName, foldWhitespace } from './syntax';
import { DEFAULT_SETTINGS, type AnalysisResult, type EngineSettings, type Finding, type Suppression } from './types';

/**
 * Cheap byte-level test: a file can hold a finding only if it names a Kubernetes package
 * and calls something `.List(`/`.Get(`. Most Go files in a monorepo fail it and are never parsed.
 * Takes a string or the raw bytes (a Buffer's `includes` searches the UTF-8 of the needle),
 * so the CLI can skip a file before decoding it: keep every needle a plain substring.
 */
export function mayContainFindings(text: { includes(needle: string): boolean }): boolean {
  return IMPORT_NEEDLES.some((n) => text.includes(n)) && CALL_NEEDLES.some((n) => text.includes(n));
}

const IMPORT_NEEDLES = ['k8s.io/', '/clientset'];
/**
 * Substrings of every call a rule reads. A file without one is not parsed; in a file with
 * one, only the declarations holding one are (regions.ts). A rule that reads a new call
 * shape adds its needle here.
 */
export const CALL_NEEDLES: readonly string[] = ['.List(', '.Get('];

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
  /**
   * Parse the whole text even when only some declarations can hold findings (regions.ts).
   * Findings are the same either way; tests use this to prove it.
   */
  fullParse?: boolean;
}

export function emptyResult(extra: Partial<AnalysisResult> = {}): AnalysisResult {
  return { findings: [], suppressed: [], suppressions: [], skippedByPrefilter: false, hasSyntaxErrors: false, ruleErrors: [], ...extra };
}

export class Engine {
  private constructor(
    readonly parser: GoParser,
    private readonly query: Query,
    readonly rules: readonly Rule[],
  ) {}

  static async create(bytes: GrammarBytes, rules: readonly Rule[] = RULES): Promise<Engine> {
    const parser = await GoParser.create(bytes);
    return new Engine(parser, new Query(parser.language, FACTS_QUERY), rules);
  }

  analyze(text: string, opts: AnalyzeOptions = {}): AnalysisResult {
    const settings = opts.settings ?? DEFAULT_SETTINGS;
    if (!opts.tree && !opts.noPrefilter && !mayContainFindings(text)) return emptyResult({ skippedByPrefilter: true });
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : undefined;
    // Go ignores a leading byte-order mark; tree-sitter does not. A space of the same
    // UTF-16 length keeps every offset valid for the original text.
    const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    const tree = opts.tree ?? this.parseForAnalysis(source, deadline, opts.fullParse);
    if (!tree) return emptyResult({ timedOut: true });
    try {
      return this.analyzeTree(text, tree, settings, deadline);
    } catch (e) {
      // Facts collection failing (e.g. a pathological tree) costs this file, never the caller.
      return emptyResult({ ruleErrors: [{ rule: 'engine', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }] });
    } finally {
      // WASM trees are not garbage-collected: free every tree this call made.
      if (!opts.tree) tree.delete();
    }
  }

  /** Parses the declarations that can hold findings, or all of source (see regions.ts). */
  private parseForAnalysis(source: string, deadline: number | undefined, full = false): Tree | undefined {
    // Suppression comments stay in the tree even far from any call: results list them all.
    const ranges = full ? undefined : relevantRanges(source, [...CALL_NEEDLES, ...SUPPRESSION_NEEDLES]);
    if (ranges) {
      const tree = this.parser.parseRanges(source, ranges, deadline);
      if (!tree || !tree.rootNode.hasError) return tree;
      // An error may come from a split in the wrong place (a raw string holding a line that
      // starts with `func`): the whole text decides.
      tree.delete();
    }
    return this.parser.parse(source, undefined, deadline);
  }

  private analyzeTree(text: string, tree: Tree, settings: EngineSettings, deadline?: number): AnalysisResult {
    const lines = new LineIndex(text);
    const facts = collectFacts(tree, this.query, lines, deadline);
    if (!facts) return emptyResult({ timedOut: true });
    // Comments matter only to a file with a finding or a suppression: read them on demand.
    let fromComments: { suppressions: Suppression[]; trailing: Map<number, TrailingComment> } | undefined;
    const commentFacts = () => {
      if (fromComments) return fromComments;
      const trailing = new Map<number, TrailingComment>();
      for (const c of facts.comments) {
        const before = text.slice(lines.lineStart(c.line), c.node.startIndex);
        if (c.text.startsWith('//') && before.trim() !== '') trailing.set(c.line, { line: c.line, start: c.node.startIndex });
      }
      return (fromComments = { suppressions: parseSuppressions(facts.comments), trailing });
    };
    if (SUPPRESSION_NEEDLES.some((n) => text.includes(n))) commentFacts();
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
        const f: Finding = {
          rule: rule.meta.id,
          name: rule.meta.name,
          severity: setting ?? r.severity ?? rule.meta.defaultSeverity,
          start: r.node.startIndex,
          end: r.node.endIndex,
          range: lines.range(r.node.startIndex, r.node.endIndex),
          message: r.message,
          fixes: (r.fixes ?? []).map((fx) => ({ ...fx, edits: realignTrailingComments(lines, commentFacts().trailing, fx.edits) })),
          related: (r.related ?? []).map((x) => ({ ...x, range: lines.range(x.start, x.end) })),
          enclosingFunction: enclosingFunctionName(r.node),
          callText: foldWhitespace(r.node.text),
        };
        if (suppressionFor(commentFacts().suppressions, f.rule, f.range.start.line, lineHasCode)) suppressed.push(f);
        else findings.push(f);
      };
      try {
        rule.check({ facts, report });
      } catch (e) {
        // One rule failing on one file must not take the others, or the server, down.
        ruleErrors.push({ rule: rule.meta.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
    const suppressions = fromComments?.suppressions ?? [];
    return { findings, suppressed, suppressions, skippedByPrefilter: false, hasSyntaxErrors: tree.rootNode.hasError, ruleErrors };
  }
}
