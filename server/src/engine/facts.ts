// One pass over a parsed file: the imports, every read (API call, cached read, lister) with
// its resolved options, client constructors, cache configuration, and the comments. Every
// rule reads these facts; none walks the tree again.
import type { Node, Tree } from 'web-tree-sitter';
import { recogniseApiCall, recogniseWatch, type ApiCall, type WatchCall } from './calls';
import { emptyCacheConfig, readCacheCall, readCacheLiteral } from './calls/cacheConfig';
import { recogniseConstructor, type ConstructorFact } from './calls/constructors';
import { packageNames, readerOfCall, storedInField, topLevel, type CacheConfig, type ReaderKind, type ShapeContext } from './calls/context';
import { callbackRole } from './calls/pager';
import { informerFacts, type InformerFact } from './informers';
import { METAV1_PATH, namesFor, readImports, type ImportTable } from './imports';
import type { LineIndex } from './lines';
import { loopsAround } from './locals';
import { enclosingFunction, enclosingFunctionName } from './syntax';
import { collectScopeFacts, localNames, TIME_PATH, WAIT_PATH, type ScopeFacts } from './loops';
import { factCaptures, scopeCaptures } from './captures';
import { READ_METHODS, SHAPE_LITERALS, SHAPE_METHODS } from './callNames';
import type { ModuleContext } from './summary';

/** The module's cache configuration, from other files, as this file's starting point. */
function seedCache(cache: CacheConfig, m: NonNullable<ModuleContext['cache']>): void {
  if (m.restrictsAll) cache.restrictsAll = 'module';
  for (const k of m.restrictedKinds) cache.restrictedKinds.set(k, 'module');
  for (const k of m.uncachedKinds) cache.uncachedKinds.add(k);
  if (m.cacheUnstructured) cache.cacheUnstructured = true;
}

export interface ApiCallFact extends ApiCall {
  /** Enclosing function (declaration or literal), if any. */
  fn?: Node;
  fnName: string;
  /** for_statements around the call inside its function, innermost first. */
  loops: Node[];
  /**
   * The call sits in a function literal whose options parameter an informer (`ListFunc` /
   * `ListWithContextFunc` of cache.ListWatch) or a pager (page function) fills in.
   */
  callbackOf?: 'list-watch' | 'pager';
}

/** A raw watch (`Watch(ctx, opts)` of a client-go resource interface) with where it sits. */
export interface WatchFact extends WatchCall {
  fn?: Node;
  /** for_statements around the call inside its function, innermost first. */
  loops: Node[];
}

export interface CommentFact {
  node: Node;
  text: string;
  line: number;
}

export interface FileFacts {
  tree: Tree;
  lines: LineIndex;
  imports: ImportTable;
  /** Local names of k8s.io/apimachinery/pkg/apis/meta/v1. */
  metaNames: Set<string>;
  /** Every recognised read; filter on `path` (`api` for apiserver requests). */
  calls: ApiCallFact[];
  /** Raw watches of client-go resource interfaces (KLL005). */
  watches: WatchFact[];
  /** `x.Delete(...)` call sites, any receiver (KLL204 reads those in a loop over a LIST). */
  deletes: Node[];
  /** Informers and list-watches of any kind (KLL303, KLL304, KLL005; report and audit): informers.ts. */
  informers: InformerFact[];
  /** Client and discovery constructors (KLL302). */
  constructors: ConstructorFact[];
  /** How this file restricts controller-runtime's cache (KLL301). */
  cache: CacheConfig;
  /** Polls, same-file functions and the calls to them (loops.ts). */
  scope: ScopeFacts;
  /** Readers this file itself assigns to fields and package variables (the summary's). */
  ownReaderFields: Map<string, ReaderKind>;
  /** Fields and package variables its reads go through, with the reader each was taken for. */
  fieldReads: Map<string, ReaderKind | 'mixed'>;
  /** The k8s.io/client-go version of the file's module, when the program model knows it. */
  clientGo?: string;
  /** The module's functions returning a fresh rest.Config with no ContentType (`importpath.Name`). */
  configSources?: ReadonlySet<string>;
}

const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(' ');

/**
 * The single query the engine runs. Each pattern has its own capture names:
 * - `@call`/`@method`: List/Get call sites (client-go, controller-runtime, listers);
 * - `@shapes.*` (calls/): other reads (indexers, pagers, cache.ListAll), reader producers
 *   (GetAPIReader, GetClient, client.New), client constructors, and cache option literals;
 * captures.ts finds the same captures from the text; the names live in callNames.ts.
 */
export const FACTS_QUERY = `
(call_expression
  function: (selector_expression field: (field_identifier) @method)
  (#any-of? @method ${quoted(READ_METHODS)})) @call
(call_expression
  function: (selector_expression field: (field_identifier) @shapes.name)
  (#any-of? @shapes.name ${quoted(SHAPE_METHODS)})) @shapes.call
(composite_literal
  type: (qualified_type name: (type_identifier) @shapes.typename)
  (#any-of? @shapes.typename ${quoted(SHAPE_LITERALS)})) @shapes.literal
`;


/**
 * The scope captures (loops.ts): declarations, calls by name, receives from `x.C`. Every
 * call of the file is captured, so this query costs as much as the one above; it runs only
 * for a file with a recognised read, the only thing scope facts are about.
 */
export const SCOPE_QUERY = `
(function_declaration name: (identifier) @fdname) @fdecl
(method_declaration name: (field_identifier) @mdname) @mdecl
(call_expression function: (identifier) @cname) @ccall
(call_expression function: (selector_expression operand: (identifier) field: (field_identifier) @sname)) @scall
(unary_expression operand: (selector_expression field: (field_identifier) @rfield (#eq? @rfield "C"))) @recv
`;

const READ_NAMES = new Set(['ByIndex', 'GetByKey', 'ListKeys', 'ListAll', 'ListAllByNamespace', 'ListWithAlloc', 'EachListItem', 'EachListItemWithAlloc']);

/**
 * Collects the facts of `tree`, parsed from `lines.text`; undefined when `deadline` (ms since
 * epoch) has passed.
 */
export function collectFacts(tree: Tree, lines: LineIndex, deadline?: number, module?: ModuleContext): FileFacts | undefined {
  const source = lines.text;
  const imports = readImports(tree.rootNode);
  const metaNames = namesFor(imports, METAV1_PATH);
  const calls: ApiCallFact[] = [];
  const constructors: ConstructorFact[] = [];
  const cache = emptyCacheConfig();
  if (module?.cache) seedCache(cache, module.cache);
  const late = () => deadline !== undefined && Date.now() > deadline;
  // Without a Kubernetes import no call is a client's: no read, reader or constructor to find.
  const captures = imports.kubernetes ? factCaptures(tree.rootNode, source) : [];
  if (late()) return undefined;
  const names = packageNames(imports);
  const readerFields = new Map<string, ReaderKind>();
  const reads: Node[] = [];
  const watchNodes: Node[] = [];
  const deletes: Node[] = [];
  const informers: InformerFact[] = [];
  for (const cap of captures) {
    if (cap.name === 'call') {
      reads.push(cap.node);
    } else if (cap.name === 'shapes.call') {
      const name = cap.node.childForFieldName('function')?.childForFieldName('field')?.text ?? '';
      if (READ_NAMES.has(name)) reads.push(cap.node);
      if (name === 'Watch') watchNodes.push(cap.node);
      if (name === 'Delete') deletes.push(cap.node);
      if (name.startsWith('New')) informers.push(...informerFacts(cap.node, imports));
      const reader = readerOfCall(cap.node, names);
      const field = reader ? storedInField(cap.node) : undefined;
      // A field assigned two different readers in one file is unknown.
      if (reader && field) readerFields.set(field, readerFields.has(field) && readerFields.get(field) !== reader ? 'unknown' : reader);
      readCacheCall(cap.node, names, cache);
      const ctor = recogniseConstructor(cap.node, imports);
      if (ctor) constructors.push(ctor);
    } else if (cap.name === 'shapes.literal') {
      readCacheLiteral(cap.node, names, cache);
    }
  }
  const { structs, functions } = topLevel(tree.rootNode);
  const ownReaderFields = new Map(readerFields);
  // Another file's assignment of the same field joins this file's: two readers make it unknown.
  for (const [field, kind] of module?.readerFields ?? []) readerFields.set(field, readerFields.has(field) && readerFields.get(field) !== kind ? 'unknown' : kind);
  const fieldReads = new Map<string, ReaderKind | 'mixed'>();
  const ctx: ShapeContext = { imports, metaNames, names, readerFields, structs, cache, functions, fieldReads, ...(module?.parameterOptions ? { parameterOptions: module.parameterOptions } : {}) };
  reads.sort((a, b) => a.startIndex - b.startIndex);
  for (const node of reads) {
    const call = recogniseApiCall(node, ctx);
    if (!call) continue;
    const fn = enclosingFunction(node);
    calls.push({ ...call, fn, fnName: enclosingFunctionName(node), loops: loopsAround(node, fn), callbackOf: callbackRole(fn, ctx) });
  }
  const watches: WatchFact[] = [];
  for (const node of watchNodes) {
    const w = recogniseWatch(node, ctx);
    const fn = w && enclosingFunction(node);
    if (w) watches.push({ ...w, fn, loops: loopsAround(node, fn) });
  }
  // Same-file calls matter only into a declaration that lists (KLL201/KLL202 follow those).
  const listers = new Set<string>();
  for (const c of calls) {
    if (c.verb !== 'list' || (c.fn?.type !== 'function_declaration' && c.fn?.type !== 'method_declaration')) continue;
    const name = c.fn.childForFieldName('name')?.text;
    if (name) listers.add(name);
  }
  const pkgs = [...localNames(imports, WAIT_PATH), ...localNames(imports, TIME_PATH)];
  const scopeCaps = calls.length ? scopeCaptures(tree.rootNode, source, pkgs, listers) : [];
  if (late()) return undefined;
  const scope = collectScopeFacts(scopeCaps, imports);
  for (const c of calls) if (c.verb === 'list') scope.listCalls.add(c.node.startIndex);
  return { tree, lines, imports, metaNames, calls, watches, deletes, informers, constructors, cache, scope, ownReaderFields, fieldReads,
    ...(module?.clientGo ? { clientGo: module.clientGo } : {}),
    ...(module?.configSources ? { configSources: new Set(module.configSources) } : {}),
  };
}
