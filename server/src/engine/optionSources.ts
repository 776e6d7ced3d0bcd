// Options that come from elsewhere in the same file: a helper function that returns one
// literal (`func listOpts() metav1.ListOptions { return metav1.ListOptions{...} }`), or a
// parameter whose every caller in this file passes options we can resolve, all alike.
// Fixes then edit the helper's literal (shared by its callers) or every caller's options.
// A parameter with no caller in this file (or of a method) takes what the program found
// every call in the module passes (ModuleContext.parameterOptions): no fix edits those.
import type { Node } from 'web-tree-sitter';
import type { Binding } from './locals';
import { receiverOf } from './loops';
import { usesOf } from './locals';
import type { FieldValue, OptionsFact, ResolvedOptions } from './options';
import { optionsLiteralType, optionsTypeName, resolveOptions } from './options';
import type { ParameterOptions } from './summary';
import { callArgs, identifiersNamed, parameterNames, unwrap } from './syntax';

export interface OptionsEnv {
  /** Top-level functions of the file, by name. */
  functions?: Map<string, Node>;
  /** Parameter hops taken so far (callers of callers); bounded. */
  depth?: number;
  /** What callers in other files pass to parameters of this file's functions (the program). */
  parameterOptions?: readonly ParameterOptions[];
}

export type OptionsOrigin =
  | { kind: 'helper'; name: string }
  | { kind: 'parameter'; function: string; callers: number }
  /** Every call in the module passes these (the program resolved them): related locations, no fix. */
  | { kind: 'callers'; function: string; callers: ParameterOptions['callers'] };

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

/** Field values as one comparable string: two callers pass alike when these are equal. */
export function canonicalFields(fields: Iterable<[string, Pick<FieldValue, 'kind'> & { value?: unknown; text?: string }]>): string {
  return [...fields]
    .map(([k, v]) => `${k}=${v.kind}:${v.kind === 'string' || v.kind === 'int' ? v.value : v.kind === 'expr' ? v.text : ''}`)
    .sort()
    .join(',');
}

/**
 * A parameter of a top-level function: resolved when the function is only ever called
 * directly in this file (never passed as a value), at least once, and every call passes
 * resolvable options with the same field values. With no reference in this file (always
 * for a method), what the program found all callers in the module pass, if it did; else
 * unknown with the parameter's position, which the summary records for the program.
 */
export function resolveParameter(binding: Binding, metaNames: Set<string>, env: OptionsEnv): OptionsFact {
  const fn = binding.fn;
  // Only a parameter declared as options carries them (the others need no walk of their uses).
  if (!optionsTypeName(binding.type ?? null, metaNames)) return { kind: 'unknown', reason: 'parameter' };
  const name = fn.childForFieldName('name')?.text;
  // A variadic parameter is not in the names: its arguments are not one position.
  const at = parameterNames(fn).names.indexOf(binding.name);
  if (!name || at < 0 || (fn.type !== 'function_declaration' && fn.type !== 'method_declaration')) return { kind: 'unknown', reason: 'parameter' };
  // The position is recorded before the parameter's uses are walked (most reads never get
  // callers' options); what callers pass is taken only for a parameter never written.
  const unknown: OptionsFact = { kind: 'unknown', reason: 'parameter', param: at };
  const unwritten = () => {
    const uses = usesOf(binding);
    return !uses.addressTaken && !uses.writes.length;
  };
  if (fn.type === 'method_declaration') return fromCallers(fn, name, at, metaNames, env, unwritten) ?? unknown;
  if (!unwritten()) return { kind: 'unknown', reason: 'parameter' };
  if ((env.depth ?? 0) >= MAX_DEPTH || env.functions?.get(name)?.id !== fn.id) return unknown;
  const root = fn.parent;
  if (!root) return unknown;
  const sources: ResolvedOptions[] = [];
  for (const ident of identifiersNamed(root, name)) {
    if (ident.id === fn.childForFieldName('name')?.id) continue;
    const call = ident.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== ident.id) return unknown;
    const arg = callArgs(call)[at];
    if (!arg) return unknown;
    const r = resolveOptions(arg, call, metaNames, { ...env, depth: (env.depth ?? 0) + 1 });
    if (r.kind !== 'resolved') return unknown;
    sources.push(r);
  }
  if (sources.length === 0) return fromCallers(fn, name, at, metaNames, env, () => true) ?? unknown;
  const first = sources[0];
  if (sources.some((s) => s.type !== first.type || canonicalFields(s.fields) !== canonicalFields(first.fields))) return unknown;
  return {
    ...first,
    fields: new Map(first.fields),
    origin: { kind: 'parameter', function: name, callers: sources.length },
    sources,
  };
}

/** What every caller in the module passes to parameter `at` of `fn`, when the program resolved it. */
function fromCallers(fn: Node, name: string, at: number, metaNames: Set<string>, env: OptionsEnv, unwritten: () => boolean): ResolvedOptions | undefined {
  if (!env.parameterOptions?.length) return undefined;
  const receiver = fn.type === 'method_declaration' ? receiverOf(fn)?.type.replace(/\[.*$/s, '') : undefined;
  const p = env.parameterOptions.find((x) => x.function === name && x.receiver === receiver && x.param === at);
  if (!p || !unwritten()) return undefined;
  return {
    kind: 'resolved',
    type: p.type,
    qualifier: [...metaNames][0] ?? 'metav1',
    fields: new Map(p.fields.map(([k, v]) => [k, { ...v }])),
    elements: new Map(),
    writes: new Map(),
    origin: { kind: 'callers', function: name, callers: p.callers },
  };
}
