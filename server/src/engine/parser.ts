// Loads tree-sitter's WASM runtime and the Go grammar. The caller supplies the bytes
// (the engine does no I/O), so the same code runs in the CLI, the language server and
// inside VS Code's extension host.
import { Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';

export type { Tree, Node } from 'web-tree-sitter';

export interface GrammarBytes {
  /** tree-sitter.wasm, the runtime shipped with web-tree-sitter. */
  runtime: Uint8Array;
  /** tree-sitter-go.wasm from the tree-sitter-go package. */
  go: Uint8Array;
}

let runtimeReady: Promise<void> | undefined;

export class GoParser {
  private constructor(
    private readonly parser: Parser,
    readonly language: Language,
  ) {}

  static async create(bytes: GrammarBytes): Promise<GoParser> {
    // Parser.init may run once per process; later calls would re-instantiate the runtime.
    runtimeReady ??= Parser.init({ wasmBinary: bytes.runtime } as object);
    await runtimeReady;
    const language = await Language.load(bytes.go);
    const parser = new Parser();
    parser.setLanguage(language);
    return new GoParser(parser, language);
  }

  /**
   * Parses text; pass the previous tree, already edited with tree.edit(), to re-parse
   * incrementally. The caller owns the returned tree and must delete() it.
   */
  parse(text: string, previous?: Tree): Tree;
  /** With a deadline (ms since epoch), returns undefined when parsing is cancelled by it. */
  parse(text: string, previous: Tree | undefined, deadline: number | undefined): Tree | undefined;
  parse(text: string, previous?: Tree, deadline?: number): Tree | undefined {
    const options = deadline === undefined ? undefined : { progressCallback: () => Date.now() > deadline };
    const tree = this.parser.parse(text, previous ?? null, options as object);
    if (!tree) {
      if (deadline !== undefined && Date.now() > deadline) return undefined;
      throw new Error('tree-sitter returned no tree');
    }
    return tree;
  }
}
