// client-go's pager (k8s.io/client-go/tools/pager): `pager.New(fn).List(ctx, opts)`. It asks
// for pages of PageSize (500 unless set) when opts.Limit is 0, and, with FullListIfExpired
// (true from pager.New), falls back to ONE unpaginated list at the requested
// ResourceVersion when a continue token expires (410): with RV "" that is a full etcd read.
// Also: which calls sit inside a ListWatch ListFunc or a pager page function.
import type { Node } from 'web-tree-sitter';
import type { ApiCall } from '../calls';
import { findBinding, usesOf } from '../locals';
import { resolveOptions } from '../options';
import { callArgs, intValue, unwrap } from '../syntax';
import { qualifiedName, type ShapeContext } from './context';
import { keyed, literalType } from './literal';

export interface PagerFacts {
  /** true (pager.New's default), false, or unknown (set from a variable or on some path). */
  fullListIfExpired: boolean | 'unknown';
  /** Page size when opts.Limit is 0: 500 by default, a literal, or unknown. */
  pageSize: number | 'unknown';
  method: string;
}

const PAGER_METHODS: Record<string, number> = { List: 2, ListWithAlloc: 2, EachListItem: 3, EachListItemWithAlloc: 3 };
const DEFAULT_PAGE_SIZE = 500;

function pagerOrigin(operand: Node, ctx: ShapeContext): { made: Node; ident?: Node } | undefined {
  let u = unwrap(operand);
  let ident: Node | undefined;
  if (u.type === 'identifier') {
    const b = findBinding(u);
    if (!b?.value || b.isParameter) return undefined;
    ident = u;
    u = unwrap(b.value);
  }
  if (u.type === 'call_expression' && qualifiedName(u.childForFieldName('function'), ctx.names.pager) === 'New') return { made: u, ident };
  if (u.type === 'composite_literal' && qualifiedName(literalType(u), ctx.names.pager) === 'ListPager') return { made: u, ident };
  return undefined;
}

function boolOf(n: Node | undefined): boolean | 'unknown' {
  return n?.text === 'true' ? true : n?.text === 'false' ? false : 'unknown';
}

export function recognisePagerCall(call: Node, method: string, operand: Node, ctx: ShapeContext): ApiCall | undefined {
  const arity = PAGER_METHODS[method];
  const args = callArgs(call);
  if (!arity || args.length !== arity) return undefined;
  const origin = pagerOrigin(operand, ctx);
  if (!origin) return undefined;
  let fullListIfExpired: boolean | 'unknown' = true;
  let pageSize: number | 'unknown' = DEFAULT_PAGE_SIZE;
  if (origin.made.type === 'composite_literal') {
    // A bare ListPager literal has Go's zero values: no fallback, PageSize 0 (one unpaginated list).
    const f = keyed(origin.made, 'FullListIfExpired');
    fullListIfExpired = f ? boolOf(f.value) : false;
    const p = keyed(origin.made, 'PageSize');
    pageSize = p ? (intValue(p.value) ?? 'unknown') : 0;
  }
  if (origin.ident) {
    const b = findBinding(origin.ident);
    for (const w of b ? usesOf(b).writes : []) {
      if (w.field === 'FullListIfExpired') fullListIfExpired = w.stmt.endIndex <= call.startIndex && w.value ? boolOf(w.value) : 'unknown';
      if (w.field === 'PageSize') pageSize = w.stmt.endIndex <= call.startIndex && w.value ? (intValue(w.value) ?? 'unknown') : 'unknown';
      if (!w.field) return undefined;
    }
  }
  const options = resolveOptions(args[1], call, ctx.metaNames, { functions: ctx.functions, parameterOptions: ctx.parameterOptions });
  if (options.kind === 'resolved' && options.type !== 'ListOptions') return undefined;
  return {
    node: call,
    verb: 'list',
    client: 'pager',
    path: 'api',
    namespace: { kind: 'unknown' },
    optionsArg: args[1],
    options,
    pager: { fullListIfExpired, pageSize, method },
  };
}

/**
 * The role of a function literal that a List call sits in: a ListWatch `ListFunc` /
 * `ListWithContextFunc`, or a pager page function. Their options parameter carries what
 * the reflector or pager asked for (ResourceVersion "0", Limit, Continue).
 */
export function callbackRole(fn: Node | undefined, ctx: ShapeContext): 'list-watch' | 'pager' | undefined {
  if (!fn || fn.type !== 'func_literal') return undefined;
  let p = fn.parent;
  if (p?.type === 'literal_element') p = p.parent;
  if (p?.type === 'keyed_element') {
    const key = p.namedChild(0)?.text;
    if (key === 'ListFunc' || key === 'ListWithContextFunc') return 'list-watch';
    if (key === 'PageFn') return 'pager';
    return undefined;
  }
  if (p?.type === 'argument_list') {
    const name = qualifiedName(p.parent?.childForFieldName('function'), ctx.names.pager);
    if (name === 'SimplePageFunc' || name === 'New') return 'pager';
  }
  return undefined;
}
