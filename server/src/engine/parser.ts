// Loads tree-sitter's WASM runtime and the Go grammar. The caller supplies the bytes
// (the engine does no I/O), so the same code runs in the CLI, the language server and
// inside VS Code's extension host.
import { Language, Parser } from 'web-tree-sitter';
import type { Edit, Tree } from 'web-tree-sitter';
import { NEW_REWRITE, parseSourceOf } from './goSource';
import { pointAt } from './treeEdit';
import { rememberParents } from './parentCache';

export type { Tree, Node } from 'web-tree-sitter';

export interface GrammarBytes {
  /** tree-sitter.wasm, the runtime shipped with web-tree-sitter. */
  runtime: Uint8Array;
  /** tree-sitter-go.wasm from the tree-sitter-go package. */
  go: Uint8Array;
}

let runtimeReady: Promise<void> | undefined;

/**
 * Where each tree's source differs from its text (goSource.ts `spots`), in the tree's
 * current coordinates: kept across `tree.edit` so the next incremental parse can tell
 * which rewrites appeared or vanished outside the edited ranges.
 */
const SPOTS = new WeakMap<Tree, number[]>();

/** Spots after `e`: those it overlaps are dropped (the parser re-reads that span anyway). */
function spotsAfterEdit(spots: number[], e: Edit): number[] {
  const delta = e.newEndIndex - e.oldEndIndex;
  const out: number[] = [];
  for (const s of spots) {
    if (s + NEW_REWRITE.length <= e.startIndex) out.push(s);
    else if (s >= e.oldEndIndex) out.push(s + delta);
  }
  return out;
}

/** Keeps the tree's spots in step with its edits, whoever calls `tree.edit`. */
function trackSpots(tree: Tree, spots: number[]): void {
  if (!spots.length) return;
  SPOTS.set(tree, spots);
  const edit = tree.edit.bind(tree);
  tree.edit = (e: Edit) => {
    edit(e);
    SPOTS.set(tree, spotsAfterEdit(SPOTS.get(tree) ?? [], e));
  };
}

/**
 * The previous tree, edited to the new text, still holds its own rewrites. A rewrite that
 * appeared or vanished outside the edits (an edit inside `new(...)`'s argument decides
 * for the `new` before it) is one more same-length edit, so the parser re-reads it.
 */
function editChangedSpots(previous: Tree, text: string, spots: number[]): void {
  const old = new Set(SPOTS.get(previous) ?? []);
  const now = new Set(spots);
  const changed = [...old].filter((s) => !now.has(s)).concat(spots.filter((s) => !old.has(s)));
  for (const s of changed) {
    const start = pointAt(text, s);
    const end = { row: start.row, column: start.column + NEW_REWRITE.length };
    const n = s + NEW_REWRITE.length;
    previous.edit({ startIndex: s, oldEndIndex: n, newEndIndex: n, startPosition: start, oldEndPosition: end, newEndPosition: end });
  }
}

/** Node text from the original text, not the parsed source (web-tree-sitter reads it back through this callback). */
function readFrom(tree: Tree, text: string): void {
  const t = tree as unknown as { textCallback?: (index: number) => string };
  if (typeof t.textCallback !== 'function') throw new Error('web-tree-sitter: Tree.textCallback is gone; goSource rewrites need it');
  t.textCallback = (index: number) => text.slice(index);
}

export class GoParser {
  private constructor(
    private readonly parser: Parser,
    readonly language: Language,
  ) {}

  static async create(bytes: GrammarBytes): Promise<GoParser> {
    // Parser.init may run once per process; later calls would re-instantiate the runtime.
    runtimeReady ??= Parser.init({ wasmBinary: bytes.runtime } as object);
    rememberParents();
    await runtimeReady;
    const language = await Language.load(bytes.go);
    const parser = new Parser();
    parser.setLanguage(language);
    return new GoParser(parser, language);
  }

  /**
   * Parses Go text (as is: the same-length rewrites of goSource.ts happen here, and node
   * text reads the original); pass the previous tree, already edited with tree.edit(), to
   * re-parse incrementally. The caller owns the returned tree and must delete() it.
   */
  parse(text: string, previous?: Tree): Tree;
  /** With a deadline (ms since epoch), returns undefined when parsing is cancelled by it. */
  parse(text: string, previous: Tree | undefined, deadline: number | undefined): Tree | undefined;
  parse(text: string, previous?: Tree, deadline?: number): Tree | undefined {
    const options = deadline === undefined ? undefined : { progressCallback: () => Date.now() > deadline };
    const { source, spots } = parseSourceOf(text);
    if (previous) editChangedSpots(previous, text, spots);
    const tree = this.parser.parse(source, previous ?? null, options as object);
    if (!tree) {
      if (deadline !== undefined && Date.now() > deadline) return undefined;
      throw new Error('tree-sitter returned no tree');
    }
    if (source !== text) readFrom(tree, text);
    trackSpots(tree, spots);
    return tree;
  }
}
