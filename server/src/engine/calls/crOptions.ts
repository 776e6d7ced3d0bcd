// Resolves the variadic options of a controller-runtime `List(ctx, &list, opts...)` /
// `Get(ctx, key, &obj, opts...)` into the same field map the client-go rules read, so that
// KLL001-KLL004 reason about `Raw: &metav1.ListOptions{...}` exactly as about a typed call.
// controller-runtime's ListOptions.AsListOptions copies Limit and Continue over Raw's (unless
// Raw.Watch), keeps Raw's ResourceVersion(Match), and sets the selectors when given.
import type { Node } from 'web-tree-sitter';
import { findBinding, usesOf } from '../locals';
import { fieldValue, optionsLiteralType, type FieldValue, type OptionsFact } from '../options';
import { callArgs, identifiersNamed, unwrap } from '../syntax';
import type { NamespaceScope } from '../calls';
import { qualifiedName, type ShapeContext } from './context';
import { asLiteral, elementExpr, keyedElements } from './literal';

/** Where a controller-runtime call's options live, so a fix can add `Raw` to them. */
export interface ControllerRuntimeCarrier {
  /** Local name of sigs.k8s.io/controller-runtime/pkg/client. */
  clientQualifier: string;
  /** The `&client.ListOptions{...}` (or GetOptions) literal without Raw, if the call has one. */
  clientLiteral?: Node;
  /** The call's argument_list: a fix appends `&client.ListOptions{Raw: ...}` to it. */
  args: Node;
}

const LABEL_OPTS = new Set(['MatchingLabels', 'MatchingLabelsSelector', 'HasLabels']);
const FIELD_OPTS = new Set(['MatchingFields', 'MatchingFieldsSelector']);
const RAW_FIELDS = ['ResourceVersion', 'ResourceVersionMatch', 'LabelSelector', 'FieldSelector', 'TimeoutSeconds', 'AllowWatchBookmarks', 'SendInitialEvents'];

interface Acc {
  fields: Map<string, FieldValue>;
  elements: Map<string, Node>;
  raw?: Node;
  clientLiteral?: Node;
  namespace?: Node;
  unknown: boolean;
  /** Follow a spread slice (`opts...`) into its literal. */
  spread?: boolean;
}

/**
 * What a read's options say when they come from a spread slice of literal options
 * (`opts := []client.ListOption{...}; c.List(ctx, &l, opts...)`): the namespace and the
 * selectors. The rules that edit options see such options as unknown (no edit can follow
 * `opts...`); KLL101 only needs to know that no namespace is among them.
 */
export interface SpreadOptions {
  namespace: NamespaceScope;
  /** LabelSelector / FieldSelector expressions. */
  selectors: Node[];
  fieldSelector: boolean;
}

function namespaceScope(n: Node | undefined, listing: boolean): NamespaceScope {
  if (!n) return listing ? { kind: 'all' } : { kind: 'unknown' };
  const v = fieldValue(unwrap(n));
  if (v.kind === 'string' && v.value === '') return { kind: 'all', node: n };
  return { kind: 'namespaced', node: n, value: v.kind === 'string' ? v.value : undefined };
}

/** Resolves the options arguments `extra` of a controller-runtime read. */
export function resolveCrOptions(
  call: Node,
  extra: Node[],
  verb: 'list' | 'get',
  ctx: ShapeContext,
): { options: OptionsFact; namespace: NamespaceScope; spread?: SpreadOptions } {
  const acc: Acc = { fields: new Map(), elements: new Map(), unknown: false };
  for (const arg of extra) readOption(arg, verb, ctx, acc, 0);
  const namespace = namespaceScope(acc.namespace, verb === 'list');
  const clientQualifier = [...ctx.names.crClient][0];
  const args = call.childForFieldName('arguments');
  if (acc.unknown || !args) {
    let spread: SpreadOptions | undefined;
    if (extra.at(-1)?.type === 'variadic_argument') {
      const s: Acc = { fields: new Map(), elements: new Map(), unknown: false, spread: true };
      for (const arg of extra) readOption(arg, verb, ctx, s, 0);
      const selectors = ['LabelSelector', 'FieldSelector'].map((k) => s.fields.get(k)).filter((v) => v && v.kind !== 'unknown') as { node: Node }[];
      if (!s.unknown) spread = { namespace: namespaceScope(s.namespace, verb === 'list'), selectors: selectors.map((v) => v.node), fieldSelector: s.fields.has('FieldSelector') };
    }
    return { options: { kind: 'unknown', reason: 'not-local' }, namespace, spread };
  }
  const type = verb === 'list' ? 'ListOptions' : 'GetOptions';
  const meta = [...ctx.metaNames][0];
  return {
    namespace,
    options: {
      kind: 'resolved',
      type,
      qualifier: meta ?? 'metav1',
      fields: acc.fields,
      elements: acc.elements,
      literal: acc.raw,
      writes: new Map(),
      // Without the client and meta/v1 imports a fix would need new imports: offer none.
      carrier: clientQualifier && meta ? { clientQualifier, clientLiteral: acc.clientLiteral, args } : undefined,
    },
  };
}

/**
 * `opts...` where `opts := []client.ListOption{...}` is declared in the function and named
 * nowhere else (no append, no element written): its elements.
 */
function optionSlice(arg: Node): Node[] | undefined {
  const id = arg.namedChild(0);
  if (id?.type !== 'identifier') return undefined;
  const b = findBinding(id);
  const lit = b?.value && !b.isParameter ? unwrap(b.value) : undefined;
  if (!b || lit?.type !== 'composite_literal' || lit.childForFieldName('type')?.type !== 'slice_type') return undefined;
  if (!/(ListOption|GetOption)$/.test(lit.childForFieldName('type')?.text ?? '')) return undefined;
  const body = b.fn.childForFieldName('body');
  if (!body || identifiersNamed(body, b.name).length !== 2) return undefined;
  return (lit.childForFieldName('body')?.namedChildren ?? []).map((e) => elementExpr(e)).filter((e): e is Node => !!e && e.type !== 'comment');
}

function readOption(arg: Node, verb: 'list' | 'get', ctx: ShapeContext, acc: Acc, depth: number): void {
  if (arg.type === 'variadic_argument') {
    const elements = depth === 0 && acc.spread ? optionSlice(arg) : undefined;
    if (!elements) {
      acc.unknown = true;
      return;
    }
    for (const e of elements) readOption(e, verb, ctx, acc, depth + 1);
    return;
  }
  const u = unwrap(arg);
  const names = ctx.names.crClient;
  if (u.type === 'call_expression') {
    const name = qualifiedName(u.childForFieldName('function'), names);
    const a = callArgs(u);
    if (name === 'InNamespace' && a.length === 1) acc.namespace = a[0];
    else if (name === 'Limit' && a.length === 1) acc.fields.set('Limit', fieldValue(unwrap(a[0])));
    else if (name === 'Continue' && a.length === 1) acc.fields.set('Continue', fieldValue(unwrap(a[0])));
    else if (name && LABEL_OPTS.has(name)) acc.fields.set('LabelSelector', { kind: 'expr', text: u.text, node: u });
    else if (name && FIELD_OPTS.has(name)) acc.fields.set('FieldSelector', { kind: 'expr', text: u.text, node: u });
    else acc.unknown = true;
    return;
  }
  if (u.type === 'selector_expression' && qualifiedName(u, names) === 'UnsafeDisableDeepCopy') return;
  if (u.type === 'composite_literal') {
    const name = qualifiedName(u.childForFieldName('type'), names);
    if (name && LABEL_OPTS.has(name)) acc.fields.set('LabelSelector', { kind: 'expr', text: u.text, node: u });
    else if (name && FIELD_OPTS.has(name)) acc.fields.set('FieldSelector', { kind: 'expr', text: u.text, node: u });
    else if ((name === 'ListOptions' && verb === 'list') || (name === 'GetOptions' && verb === 'get')) readClientOptions(u, ctx, acc);
    else acc.unknown = true;
    return;
  }
  if (u.type === 'identifier' && depth === 0) {
    // `opts := &client.ListOptions{...}` used as is: follow the one binding.
    const b = findBinding(u);
    if (b?.value && !b.isParameter) {
      const uses = usesOf(b);
      if (!uses.addressTaken && uses.writes.length === 0) {
        readOption(b.value, verb, ctx, acc, depth + 1);
        return;
      }
    }
  }
  acc.unknown = true;
}

function readClientOptions(lit: Node, ctx: ShapeContext, acc: Acc): void {
  let hasRaw = false;
  for (const e of keyedElements(lit)) {
    const key = e.key.text;
    if (key === 'Namespace') acc.namespace = e.value;
    else if (key === 'Limit' || key === 'Continue') acc.fields.set(key, fieldValue(e.value));
    else if (key === 'LabelSelector' || key === 'FieldSelector') acc.fields.set(key, { kind: 'expr', text: e.value.text, node: e.value });
    else if (key === 'Raw') {
      hasRaw = true;
      const raw = asLiteral(e.value);
      if (raw && optionsLiteralType(raw, ctx.metaNames)) {
        acc.raw = raw;
        for (const r of keyedElements(raw)) {
          // Limit and Continue in Raw are overwritten by the client-level ones.
          if (r.key.text === 'Limit' || r.key.text === 'Continue') continue;
          const selector = r.key.text === 'LabelSelector' || r.key.text === 'FieldSelector';
          if (!(selector && acc.fields.has(r.key.text))) acc.fields.set(r.key.text, fieldValue(r.value));
          acc.elements.set(r.key.text, r.element);
        }
      } else {
        for (const f of RAW_FIELDS) acc.fields.set(f, { kind: 'unknown' });
      }
    }
  }
  if (!hasRaw) acc.clientLiteral = lit;
}
