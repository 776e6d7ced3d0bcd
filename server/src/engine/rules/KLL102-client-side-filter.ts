import type { ApiCallFact } from '../facts';
import type { FieldValue } from '../options';
import type { Node } from 'web-tree-sitter';
import { helperLoops, listResultUse, visibleAt, type Guard, type ResultUse } from '../resultUse';
import type { Rule, RuleContext } from '../rule';
import { callArgs, enclosingFunction, identifiersNamed, isAncestor, stringValue, unwrap } from '../syntax';
import { appendArgumentEdits } from '../calls/crEdits';
import { namesFor, PKG } from '../imports';
import { findBinding, usesOf } from '../locals';
import { MESSAGE_MAX, type Fix } from '../types';
import { clip } from '../findingData';
import { isSet, resourceLabel, setFieldEdits, singular } from './helpers';

type SelectorKey = 'FieldSelector' | 'LabelSelector';

/** Characters that are syntax in a selector string; a literal holding one is not exact. */
const SELECTOR_SYNTAX = /[,=!\\()\s]/;

function term(g: Guard): string {
  return g.ref.kind === 'field' ? g.ref.label : g.ref.kind === 'label' ? g.ref.key : '';
}

/** The value as the selector shows it: the fixed literal, or the Go expression. */
function shownValue(g: Guard): string {
  return g.literal ?? stringValue(g.value) ?? g.text;
}

/** Literal pieces and Go expressions of the selector string, in order. */
type Piece = { lit: string } | { expr: string };

function piecesFor(g: Guard): Piece[] | undefined {
  // A label key that is a Go expression (a constant) goes in as one.
  // (render joins neighbouring literals.)
  const key: Piece[] = g.ref.kind === 'label' && g.ref.keyNode ? [{ expr: g.ref.key }, { lit: '=' }] : [{ lit: `${term(g)}=` }];
  if (g.literal !== undefined) return [...key, { lit: g.literal }];
  const lit = stringValue(g.value);
  if (lit !== undefined) return SELECTOR_SYNTAX.test(lit) || lit === '' ? undefined : [...key, { lit }];
  const typed = g.ref.kind === 'field' && g.ref.type === 'named';
  return [...key, { expr: typed ? `string(${g.text})` : g.text }];
}

/** Renders pieces as a Go string expression: `"a=b,c=" + x`. */
function render(pieces: Piece[]): string {
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if ('lit' in p && last && 'lit' in last) merged[merged.length - 1] = { lit: last.lit + p.lit };
    else merged.push(p);
  }
  return merged.map((p) => ('lit' in p ? JSON.stringify(p.lit) : p.expr)).join(' + ');
}

/**
 * The new selector value: the existing one (a literal, or an expression that starts with a
 * non-empty literal, so never empty) with `pieces` appended after a comma.
 */
function composed(existing: FieldValue | undefined, pieces: Piece[]): string | undefined {
  if (!existing || (existing.kind === 'string' && existing.value === '')) return render(pieces);
  if (existing.kind === 'string') return render([{ lit: existing.value + ',' }, ...pieces]);
  // Without the expression's node (options a caller in another file passes) it is not taken apart.
  if (existing.kind !== 'expr' || !existing.node) return undefined;
  let head = unwrap(existing.node);
  while (head.type === 'binary_expression' && head.childForFieldName('operator')?.type === '+') head = unwrap(head.childForFieldName('left')!);
  const s = stringValue(head);
  if (!s) return undefined;
  return render([{ expr: existing.node.text }, { lit: ',' }, ...pieces]);
}

/** Whether the existing selector already names `t` (then the server filters already). */
function alreadySelects(existing: FieldValue | undefined, t: string): boolean {
  if (!existing || existing.kind === 'unknown') return existing?.kind === 'unknown';
  const text = existing.kind === 'string' ? existing.value : existing.kind === 'int' ? String(existing.value) : existing.text;
  return new RegExp(`(^|[",])${t.replace(/[.]/g, '\\.')}\\s*!?=`).test(text);
}

function sameGuard(a: Guard, b: Guard): boolean {
  return term(a) === term(b) && a.ref.kind === b.ref.kind && (a.literal ?? a.text) === (b.literal ?? b.text);
}

/**
 * How a read of the list outside its filtered loops uses it:
 * - `cap`: `make(..., len(list.Items))`, a capacity hint; a selector changes nothing there;
 * - `count`: `len(list.Items)` in a statement that also reads or writes a variable the loops
 *   change (`return done == len(list.Items)`, `ok := len(list.Items) > 0` then `ok = false` in
 *   the loop), or reads the list again, or declares a variable read later beside one of
 *   those: the code tests every item against the total;
 * - `len`: any other `len(list.Items)` (an emptiness check, a log line): a selector changes
 *   what it sees;
 * - `escape`: anything else (returned, passed on, stored): other code may need every item.
 */
function otherUseKind(id: Node, use: ResultUse): 'cap' | 'count' | 'len' | 'escape' {
  const sel = id.parent;
  const call = sel?.parent?.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('field')?.text !== 'Items' || call?.type !== 'call_expression') return 'escape';
  if (call.childForFieldName('function')?.text !== 'len') return 'escape';
  if (call.parent?.parent?.type === 'call_expression' && call.parent.parent.childForFieldName('function')?.text === 'make') return 'cap';
  const stmt = statementOf(call);
  const names = stmt.descendantsOfType('identifier').filter((n): n is Node => !!n && n.startIndex !== id.startIndex);
  // Also the list read again beside its length: `len(running(list.Items)) == len(list.Items)`.
  const counted = (ns: Node[]) => ns.some((n) => n.text === id.text || use.loops.some((l) => writtenIn(l.loop, n.text)));
  if (counted(names)) return 'count';
  // `total := len(list.Items)`, then `total` beside what the loop counts.
  const declared = stmt.type === 'short_var_declaration' ? (stmt.childForFieldName('left')?.namedChildren ?? []) : [];
  const body = enclosingFunction(stmt)?.childForFieldName('body');
  for (const v of declared) {
    if (!v || v.type !== 'identifier' || !body) continue;
    for (const read of identifiersNamed(body, v.text)) {
      if (read.startIndex <= stmt.endIndex || findBinding(read)?.decl.startIndex !== stmt.startIndex) continue;
      if (counted(statementOf(read).descendantsOfType('identifier').filter((n): n is Node => !!n && n.startIndex !== read.startIndex))) return 'count';
    }
  }
  return 'len';
}

/** The statement an expression is part of; in a condition (`if`, `case`), only the condition. */
function statementOf(expr: Node): Node {
  let top = expr;
  while (top.parent && EXPRESSION_PARENTS.has(top.parent.type)) top = top.parent;
  return !top.parent || CONDITION_PARENTS.has(top.parent.type) ? top : top.parent;
}

const CONDITION_PARENTS = new Set(['if_statement', 'for_clause', 'expression_case', 'expression_switch_statement', 'block', 'source_file']);
const EXPRESSION_PARENTS = new Set(['binary_expression', 'unary_expression', 'parenthesized_expression', 'expression_list', 'argument_list', 'call_expression']);

/** Whether a local `value` reads is assigned after `call` starts: the call would see another value than the loop. */
function changedAfter(value: Node, call: Node): boolean {
  const ids = value.type === 'identifier' ? [value] : value.descendantsOfType('identifier');
  return ids.some((id) => {
    const b = id && findBinding(id);
    return !!b && usesOf(b).writes.some((w) => w.stmt.endIndex > call.startIndex);
  });
}

/** Whether the body of `loop` changes variable `name` (`n++`, `n += 1`, `xs = append(xs, p)`). */
function writtenIn(loop: Node, name: string): boolean {
  const body = loop.childForFieldName('body');
  return !!body && identifiersNamed(body, name).some((id) => {
    const p = id.parent;
    if (p?.type === 'inc_statement' || p?.type === 'dec_statement') return true;
    const stmt = p?.type === 'expression_list' ? p.parent : p;
    const left = stmt?.type === 'assignment_statement' ? stmt.childForFieldName('left') : undefined;
    return !!left && isAncestor(left, id);
  });
}

/** A selector value as a Go string for a controller-runtime option map: `"x"`, `node`, `string(phase)`. */
function goString(g: Guard): string | undefined {
  if (g.literal !== undefined) return JSON.stringify(g.literal);
  const lit = stringValue(g.value);
  if (lit !== undefined) return JSON.stringify(lit);
  return g.ref.kind === 'field' && g.ref.type === 'named' ? `string(${g.text})` : g.text;
}

/**
 * controller-runtime (a read that reaches the apiserver): `client.MatchingFields{...}`,
 * `client.MatchingLabels{...}` or `client.MatchingLabelsSelector{Selector: sel}` as a new
 * last argument. Not beside an existing selector option: the later one replaces the other.
 */
function crFix(call: ApiCallFact, ctx: RuleContext, key: SelectorKey, guards: Guard[], safe: boolean): Fix | undefined {
  const q = [...namesFor(ctx.facts.imports, PKG.crClient)][0];
  const args = call.node.childForFieldName('arguments');
  if (!q || !args || guards.length === 0 || call.options.kind !== 'resolved' || call.options.fields.get(key)) return undefined;
  let option: string;
  if (guards[0].ref.kind === 'selector') {
    if (guards.length !== 1) return undefined;
    option = `${q}.MatchingLabelsSelector{Selector: ${guards[0].text}}`;
  } else {
    const entries = guards.map((g) => `${g.ref.kind === 'label' && g.ref.keyNode ? g.ref.key : JSON.stringify(term(g))}: ${goString(g)}`);
    option = `${q}.${key === 'FieldSelector' ? 'MatchingFields' : 'MatchingLabels'}{${entries.join(', ')}}`;
  }
  const edits = appendArgumentEdits(ctx.facts.lines, args, option);
  return edits ? { title: `Add ${option} (the server filters; the loop's check stays)`, safe, edits } : undefined;
}

/** `sel.String()` into an empty LabelSelector: a whole labels.Selector the loop matches. */
function selectorFix(call: ApiCallFact, ctx: RuleContext, g: Guard, safe: boolean): Fix | undefined {
  if (call.options.kind !== 'resolved' || call.options.fields.get('LabelSelector')) return undefined;
  const edits = setFieldEdits(ctx.facts.lines, call, 'LabelSelector', `${g.text}.String()`);
  return edits ? { title: `Add LabelSelector ${g.text}.String() (the server filters; the loop's check stays)`, safe, edits } : undefined;
}

function fixFor(call: ApiCallFact, lines: Parameters<typeof setFieldEdits>[0], key: SelectorKey, guards: Guard[], safe: boolean): Fix | undefined {
  if (call.options.kind !== 'resolved' || guards.length === 0) return undefined;
  const pieces: Piece[] = [];
  for (const g of guards) {
    const p = piecesFor(g);
    if (!p) return undefined;
    if (pieces.length) pieces.push({ lit: ',' });
    pieces.push(...p);
  }
  const value = composed(call.options.fields.get(key), pieces);
  if (!value) return undefined;
  const edits = setFieldEdits(lines, call, key, value);
  if (!edits) return undefined;
  const shown = guards.map((g) => `${term(g)}=${shownValue(g)}`).join(',');
  return { title: `Add ${key} ${shown} (the server filters; the loop's check stays)`, safe, edits };
}

export const rule: Rule = {
  meta: {
    id: 'KLL102',
    name: 'client-side-filter',
    defaultSeverity: 'warning',
    summary: 'A LIST whose items are filtered in a loop on a field or label the server could select on.',
    fixes: 'mixed',
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.verb !== 'list' || call.path !== 'api' || call.options.kind !== 'resolved') continue;
      const resource = call.resource?.toLowerCase();
      // controller-runtime fills the list passed by address; only its API reads count: through
      // the informer cache no request is saved, and a field selector there needs an index.
      const cr = call.client === 'controller-runtime';
      const kind = { resource, groupVersion: call.client === 'typed' ? call.groupVersion : undefined, pkgPath: call.controllerRuntime?.objectType?.pkgPath, minor: ctx.profile?.minor };
      const use = listResultUse(call.node, kind, cr ? callArgs(call.node)[1] : undefined);
      if (!use) continue;
      // The list read any other way than through the filter: `len(list.Items)` alone keeps the
      // finding (the fix is unsafe: the count changes); compared with a count the loop keeps,
      // or the list passed on, the code needs the items the loop skips. Silent. Items passed
      // to a same-file function that only ranges over them are filtered there.
      const loops = [...use.loops];
      const kinds: ReturnType<typeof otherUseKind>[] = [];
      for (const id of use.otherUses) {
        const k = otherUseKind(id, use);
        const passed = k === 'escape' ? helperLoops(id, kind) : undefined;
        if (passed) loops.push(...passed);
        else if (k !== 'cap') kinds.push(k);
      }
      if (loops.length === 0 || kinds.some((k) => k !== 'len')) continue;
      const lenRead = kinds.length > 0;
      const fieldSel = call.options.fields.get('FieldSelector');
      const labelSel = call.options.fields.get('LabelSelector');
      const candidates = loops[0].guards.filter((g) => {
        const fixed = (n: Node) => visibleAt(n, call.node) && !changedAfter(n, call.node);
        if (!g.roots.every(fixed)) return false;
        if (g.ref.kind === 'label' && g.ref.keyNode && (!fixed(g.ref.keyNode) || isSet(labelSel))) return false;
        if (!loops.every((l) => l.guards.some((h) => sameGuard(g, h)))) return false;
        if (g.ref.kind === 'field') {
          // Namespace equality is KLL101's (a namespaced call), not a field selector.
          if (g.ref.label === 'metadata.namespace') return false;
          return cr ? !fieldSel : !alreadySelects(fieldSel, g.ref.label);
        }
        // A selector beside one the request already sends: what they select together is unknown.
        if (g.ref.kind === 'selector' || cr) return !isSet(labelSel);
        return !alreadySelects(labelSel, g.ref.key);
      }).filter((g, i, all) => all.findIndex((h) => sameGuard(g, h)) === i);
      if (candidates.length === 0) continue;
      const fields = candidates.filter((g) => g.ref.kind === 'field');
      const labels = candidates.filter((g) => g.ref.kind === 'label');
      const selectors = candidates.filter((g) => g.ref.kind === 'selector');
      const what = resourceLabel(call);
      const described = candidates
        .map((g) => (g.ref.kind === 'field' ? `${g.ref.label} == ${g.literal ?? g.text}` : g.ref.kind === 'label' ? `label ${term(g)} == ${g.text}` : `labels match ${g.text}`))
        .join(' and ');
      // Identical result kept when every use of the list goes through these guards. (A value
      // the apiserver rejects as a selector cannot equal a validated field or label anyway;
      // such a request fails where the loop found nothing: see the docs page.)
      const safe = !lenRead;
      // `k=v` on the server needs label k to exist; when v is "" the loop also keeps items
      // without the label. A literal is never "" here (an empty literal gets no fix).
      const labelsSafe = safe && labels.every((g) => stringValue(g.value) !== undefined);
      const labelFix = cr
        ? labels.length && selectors.length ? undefined : crFix(call, ctx, 'LabelSelector', labels.length ? labels : selectors, labelsSafe)
        : selectors.length === 0
          ? fixFor(call, ctx.facts.lines, 'LabelSelector', labels, labelsSafe)
          : selectors.length === 1 && labels.length === 0
            ? selectorFix(call, ctx, selectors[0], safe)
            : undefined;
      const fieldFix = cr ? crFix(call, ctx, 'FieldSelector', fields, safe) : fixFor(call, ctx.facts.lines, 'FieldSelector', fields, safe);
      const fixes = [fieldFix, labelFix].filter((f): f is Fix => !!f);
      const keys = [fields.length ? 'a FieldSelector' : '', labels.length || selectors.length ? 'a LabelSelector' : ''].filter(Boolean).join(' and ');
      const head = `LIST of ${what} filtered in the loop (`;
      const tail = `), not by ${keys.includes(' and ') ? 'selectors' : keys}`;
      ctx.report({
        node: call.node,
        related: candidates.map((g) => ({ start: g.cmp.startIndex, end: g.cmp.endIndex, message: g.helper ? `filtered here, in ${g.helper}(), on the client` : 'filtered here, on the client' })),
        message: `${head}${clip(described, Math.max(24, MESSAGE_MAX - head.length - tail.length))}${tail}`,
        data: {
          detail:
            `The server sends every ${singular(what)} the request selects and the loop keeps a few. ` +
            `${keys.charAt(0).toUpperCase() + keys.slice(1)} lets the apiserver filter (in memory, from the watch cache with ` +
            `ResourceVersion "0"), so only the kept items are serialized and sent.` +
            (lenRead ? ` The code also reads len(${use.binding.list!.text}.Items): with a selector it counts only the selected items, so the fix is unsafe.` : ''),
        },
        fixes,
      });
    }
  },
};
