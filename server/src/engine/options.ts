// Resolves the metav1.ListOptions / GetOptions a call passes: an inline literal, or a local
// variable built in the same function and modified before the call. Anything else is
// `unknown`, and rules stay silent on unknown options.
import type { Node } from 'web-tree-sitter';
import type { ControllerRuntimeCarrier } from './calls/crOptions';
import { helperLiteral, resolveParameter, type OptionsEnv, type OptionsOrigin } from './optionSources';
import { dominates, findBinding, loopsAround, usesOf, type Binding } from './locals';
import { intValue, isAncestor, stringValue, unwrap } from './syntax';

export type OptionsType = 'ListOptions' | 'GetOptions';

export type FieldValue =
  | { kind: 'string'; value: string; node?: Node }
  | { kind: 'int'; value: number; node?: Node }
  /** Some other expression: a constant, a selector, a call, as written. */
  | { kind: 'expr'; text: string; node?: Node }
  /** Written on some paths only, or in a way we do not fold. */
  | { kind: 'unknown' };

/**
 * A field value as plain data (no node): what a caller in another file passes
 * (FileSummary call sites, ModuleContext.parameterOptions). Read as a FieldValue with no node.
 */
export type FieldData = { kind: 'string'; value: string } | { kind: 'int'; value: number } | { kind: 'expr'; text: string } | { kind: 'unknown' };

export function fieldData(v: FieldValue): FieldData {
  if (v.kind === 'string' || v.kind === 'int') return { kind: v.kind, value: v.value } as FieldData;
  return v.kind === 'expr' ? { kind: 'expr', text: v.text } : { kind: 'unknown' };
}

export interface ResolvedOptions {
  kind: 'resolved';
  type: OptionsType;
  /** The package name the options type was written with (`metav1`). */
  qualifier: string;
  /** Field values at the call; a field that is absent holds its zero value. */
  fields: Map<string, FieldValue>;
  /** The composite literal that fixes edit, if any. */
  literal?: Node;
  /** keyed_element nodes of that literal, by field name. */
  elements: Map<string, Node>;
  /** Assignment statements `x.F = v` that determine a field's value at the call. */
  writes: Map<string, Node[]>;
  /** The local variable the options live in, when not inline. */
  binding?: Binding;
  /**
   * controller-runtime: metav1 fields come from `Raw` (`literal` is the Raw literal, if
   * any); a fix that adds a field with no Raw literal goes through this carrier.
   */
  carrier?: ControllerRuntimeCarrier;
  /** Options built by a helper function or passed in by every caller (optionSources.ts). */
  origin?: OptionsOrigin;
  /** For a parameter: each caller's resolved options; fixes edit all of them. */
  sources?: ResolvedOptions[];
}

export interface UnknownOptions {
  kind: 'unknown';
  reason: 'parameter' | 'not-local' | 'escapes' | 'not-options' | 'reassigned';
  /**
   * The options are this parameter position of the enclosing function or method, never
   * written or addressed, and this file's callers did not resolve them: callers in other
   * files may (the program, ModuleContext.parameterOptions).
   */
  param?: number;
}

export type OptionsFact = ResolvedOptions | UnknownOptions;

/** `metav1.ListOptions{...}` with `metav1` one of the names of the meta/v1 import. */
export function optionsLiteralType(node: Node, metaNames: Set<string>): { type: OptionsType; qualifier: string } | undefined {
  if (node.type !== 'composite_literal') return undefined;
  return optionsTypeName(node.childForFieldName('type'), metaNames);
}

export function optionsTypeName(t: Node | null, metaNames: Set<string>): { type: OptionsType; qualifier: string } | undefined {
  if (!t || t.type !== 'qualified_type') return undefined;
  const pkg = t.childForFieldName('package')?.text;
  const name = t.childForFieldName('name')?.text;
  if (!pkg || !metaNames.has(pkg)) return undefined;
  if (name === 'ListOptions' || name === 'GetOptions') return { type: name, qualifier: pkg };
  return undefined;
}

export function fieldValue(node: Node): FieldValue {
  const s = stringValue(node);
  if (s !== undefined) return { kind: 'string', value: s, node };
  const i = intValue(node);
  if (i !== undefined) return { kind: 'int', value: i, node };
  return { kind: 'expr', text: node.text, node };
}

function literalFields(lit: Node): { fields: Map<string, FieldValue>; elements: Map<string, Node> } {
  const fields = new Map<string, FieldValue>();
  const elements = new Map<string, Node>();
  const body = lit.childForFieldName('body');
  for (const el of body?.namedChildren ?? []) {
    if (!el || el.type !== 'keyed_element') continue;
    const key = el.childForFieldName('key') ?? el.namedChild(0);
    const value = el.childForFieldName('value') ?? el.namedChild(1);
    if (!key || !value) continue;
    const name = key.text;
    const v = value.type === 'literal_element' && value.namedChildCount === 1 ? value.namedChild(0)! : value;
    fields.set(name, fieldValue(v));
    elements.set(name, el);
  }
  return { fields, elements };
}

/**
 * Resolves `arg`, the options argument of `call`. With `env.functions` (the file's
 * top-level functions), options from a same-file helper or parameter are followed too.
 */
export function resolveOptions(arg: Node, call: Node, metaNames: Set<string>, env: OptionsEnv = {}): OptionsFact {
  const a = unwrap(arg);
  const inline = optionsLiteralType(a, metaNames);
  if (inline) {
    const { fields, elements } = literalFields(a);
    return { kind: 'resolved', ...inline, fields, elements, literal: a, writes: new Map() };
  }
  const helper = helperLiteral(a, metaNames, env);
  if (helper) {
    const { fields, elements } = literalFields(helper.literal);
    const type = optionsLiteralType(helper.literal, metaNames)!;
    return { kind: 'resolved', ...type, fields, elements, literal: helper.literal, writes: new Map(), origin: { kind: 'helper', name: helper.name } };
  }
  if (a.type !== 'identifier') return { kind: 'unknown', reason: 'not-local' };
  const binding = findBinding(a);
  if (!binding) return { kind: 'unknown', reason: 'not-local' };
  if (binding.isParameter) return resolveParameter(binding, metaNames, env);

  let base: ResolvedOptions;
  const value = binding.value ? unwrap(binding.value) : undefined;
  const litType = value ? optionsLiteralType(value, metaNames) : undefined;
  const fromHelper = value ? helperLiteral(value, metaNames, env) : undefined;
  if (value && litType) {
    const { fields, elements } = literalFields(value);
    base = { kind: 'resolved', ...litType, fields, elements, literal: value, writes: new Map(), binding };
  } else if (fromHelper) {
    const { fields, elements } = literalFields(fromHelper.literal);
    const type = optionsLiteralType(fromHelper.literal, metaNames)!;
    base = { kind: 'resolved', ...type, fields, elements, literal: fromHelper.literal, writes: new Map(), binding, origin: { kind: 'helper', name: fromHelper.name } };
  } else if (!binding.value && binding.decl.type === 'var_spec') {
    const declared = optionsTypeName(binding.type ?? null, metaNames);
    if (!declared) return { kind: 'unknown', reason: 'not-options' };
    base = { kind: 'resolved', ...declared, fields: new Map(), elements: new Map(), writes: new Map(), binding };
  } else {
    return { kind: 'unknown', reason: 'not-local' };
  }

  const uses = usesOf(binding);
  if (uses.addressTaken) return { kind: 'unknown', reason: 'escapes' };
  const loops = loopsAround(call, binding.fn);
  const writes = [...uses.writes].sort((x, y) => x.stmt.startIndex - y.stmt.startIndex);
  for (const w of writes) {
    if (w.stmt.startIndex >= binding.decl.startIndex && w.stmt.endIndex <= binding.decl.endIndex) continue;
    const before = w.stmt.endIndex <= call.startIndex;
    // A write after the call matters only when a loop brings control back to the call.
    const reaches = before || loops.some((l) => isAncestor(l, w.stmt));
    if (!reaches) continue;
    if (!w.field) return { kind: 'unknown', reason: 'reassigned' };
    if (before && dominates(w.stmt, call) && w.value) {
      base.fields.set(w.field, fieldValue(unwrap(w.value)));
      base.writes.set(w.field, [...(base.writes.get(w.field) ?? []), w.stmt]);
    } else {
      base.fields.set(w.field, { kind: 'unknown' });
    }
  }
  return base;
}
