// Options that come from elsewhere in the same file: a helper function that returns one
// literal (`func listOpts() metav1.ListOptions { return metav1.ListOptions{...} }`), or a
// parameter whose every caller in this file passes options we can resolve, all alike.
// Fixes then edit the helper's literal (shared by its callers) or every caller's options.
import type { Node } from 'web-tree-sitter';
import type { Binding } from './locals';
import { usesOf } from './locals';
import type { FieldValue, OptionsFact, ResolvedOptions } from './options';
import { optionsLiteralType, resolveOptions } from './options';
import { callArgs, identifiersNamed, parameterNames, unwrap } from './syntax';

export interface OptionsEnv {
  /** Top-level functions of the file, by name. */
  functions?: Map<string, Node>;
  /** Parameter hops taken so far (callers of callers); bounded. */
  depth?: number;
}

export type OptionsOrigin =
  | { kind: 'helper'; name: string }
  | { kind: 'parameter'; function: string; callers: number };

const MAX_DEPTH = 2;

/** `listOpts()` -> the options literal its declaration returns, when that is its only statement. */
export function helperLiteral(call: Node, metaNames: Set<string>, env: OptionsEnv): { literal: Node; name: string } | undefined {
  if (call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier') return undefined;
  const decl = env.functions?.get(fn.text);
  const body = decl?.childForFieldName('body');
  // tree-sitter-go 0.25 wraps a block's statements in a statement_list.
  const list0 = body?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  const stmts = list0.length === 1 && list0[0].type === 'statement_list' ? list0[0].namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : list0;
  if (stmts.length !== 1 || stmts[0].type !== 'return_statement') return undefined;
  const values = stmts[0].namedChildren.filter((n): n is Node => !!n);
  const list = values[0]?.type === 'expression_list' ? values[0].namedChildren.filter((n): n is Node => !!n) : values;
  if (list.length !== 1) return undefined;
  const lit = unwrap(list[0]);
  return optionsLiteralType(lit, metaNames) ? { literal: lit, name: fn.text } : undefined;
}

function canonical(fields: Map<string, FieldValue>): string {
  return [...fields.entries()]
    .map(([k, v]) => `${k}=${v.kind}:${v.kind === 'string' || v.kind === 'int' ? v.value : v.kind === 'expr' ? v.node.text : ''}`)
    .sort()
    .join(',');
}

/**
 * A parameter of a top-level function: resolved when the function is only ever called
 * directly in this file (never passed as a value), at least once, and every call passes
 * resolvable options with the same field values.
 */
export function resolveParameter(binding: Binding, metaNames: Set<string>, env: OptionsEnv): OptionsFact {
  const unknown: OptionsFact = { kind: 'unknown', reason: 'parameter' };
  const fn = binding.fn;
  if (fn.type !== 'function_declaration' || (env.depth ?? 0) >= MAX_DEPTH) return unknown;
  const name = fn.childForFieldName('name')?.text;
  // A variadic parameter is not in the names: its arguments are not one position.
  const at = parameterNames(fn).names.indexOf(binding.name);
  const index = at >= 0 ? at : undefined;
  if (!name || index === undefined || env.functions?.get(name)?.id !== fn.id) return unknown;
  const uses = usesOf(binding);
  if (uses.addressTaken || uses.writes.length) return unknown;
  const root = fn.parent;
  if (!root) return unknown;
  const sources: ResolvedOptions[] = [];
  for (const ident of identifiersNamed(root, name)) {
    if (ident.id === fn.childForFieldName('name')?.id) continue;
    const call = ident.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== ident.id) return unknown;
    const arg = callArgs(call)[index];
    if (!arg) return unknown;
    const r = resolveOptions(arg, call, metaNames, { ...env, depth: (env.depth ?? 0) + 1 });
    if (r.kind !== 'resolved') return unknown;
    sources.push(r);
  }
  if (sources.length === 0) return unknown;
  const first = sources[0];
  if (sources.some((s) => s.type !== first.type || canonical(s.fields) !== canonical(first.fields))) return unknown;
  return {
    ...first,
    fields: new Map(first.fields),
    origin: { kind: 'parameter', function: name, callers: sources.length },
    sources,
  };
}
