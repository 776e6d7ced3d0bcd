import type { ApiCallFact } from '../facts';
import type { FieldValue } from '../options';
import { listResultUse, visibleAt, type Guard, type ResultUse } from '../resultUse';
import type { Rule } from '../rule';
import { stringValue, unwrap } from '../syntax';
import type { Fix } from '../types';
import { clip } from '../findingData';
import { resourceLabel, setFieldEdits, singular } from './helpers';

type SelectorKey = 'FieldSelector' | 'LabelSelector';

/** Characters that are syntax in a selector string; a literal holding one is not exact. */
const SELECTOR_SYNTAX = /[,=!\\()\s]/;

function term(g: Guard): string {
  return g.ref.kind === 'field' ? g.ref.label : g.ref.kind === 'label' ? g.ref.key : '';
}

/** Literal pieces and Go expressions of the selector string, in order. */
type Piece = { lit: string } | { expr: string };

function piecesFor(g: Guard): Piece[] | undefined {
  const lit = stringValue(g.value);
  if (lit !== undefined) return SELECTOR_SYNTAX.test(lit) || lit === '' ? undefined : [{ lit: `${term(g)}=${lit}` }];
  const typed = g.ref.kind === 'field' && g.ref.typed;
  return [{ lit: `${term(g)}=` }, { expr: typed ? `string(${g.value.text})` : g.value.text }];
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
  if (existing.kind !== 'expr') return undefined;
  let head = unwrap(existing.node);
  while (head.type === 'binary_expression' && head.childForFieldName('operator')?.type === '+') head = unwrap(head.childForFieldName('left')!);
  const s = stringValue(head);
  if (!s) return undefined;
  return render([{ expr: existing.node.text }, { lit: ',' }, ...pieces]);
}

/** Whether the existing selector already names `t` (then the server filters already). */
function alreadySelects(existing: FieldValue | undefined, t: string): boolean {
  if (!existing || existing.kind === 'unknown') return existing?.kind === 'unknown';
  const text = existing.kind === 'string' ? existing.value : existing.node.text;
  return new RegExp(`(^|[",])${t.replace(/[.]/g, '\\.')}\\s*!?=`).test(text);
}

function sameGuard(a: Guard, b: Guard): boolean {
  return term(a) === term(b) && a.ref.kind === b.ref.kind && a.value.text === b.value.text;
}

function fixFor(call: ApiCallFact, lines: Parameters<typeof setFieldEdits>[0], key: SelectorKey, guards: Guard[], use: ResultUse): Fix | undefined {
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
  // Identical result kept: every use of the list goes through these guards. (A value the
  // apiserver rejects as a selector cannot equal a validated field or label anyway; such a
  // request fails where the loop found nothing: see the docs page.)
  const safe = use.otherUses.length === 0 && use.loops.every((l) => guards.every((g) => l.guards.some((h) => sameGuard(g, h))));
  const shown = guards.map((g) => `${term(g)}=${stringValue(g.value) ?? g.value.text}`).join(',');
  return { title: `Add ${key} ${shown} (the server filters; the loop's check stays)`, safe, edits };
}

export const rule: Rule = {
  meta: {
    id: 'KLL102',
    name: 'client-side-filter',
    defaultSeverity: 'warning',
    summary: 'A LIST whose items are filtered in a loop on a field or label the server could select on.',
    fixes: 'safe',
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.verb !== 'list' || call.path !== 'api' || call.options.kind !== 'resolved') continue;
      const resource = call.resource?.toLowerCase();
      const use = listResultUse(call.node, resource);
      // The list used in any other way than through the filter (`len(list.Items)`, returned,
      // passed on, another loop over every item) needs the items the loop skips: a selector
      // would change what that code sees (WaitForPodsCompleted-style counts). Silent.
      if (!use || use.loops.length === 0 || use.otherUses.length > 0) continue;
      const fieldSel = call.options.fields.get('FieldSelector');
      const labelSel = call.options.fields.get('LabelSelector');
      const candidates = use.loops[0].guards.filter((g) => {
        if (!visibleAt(g.value, call.node)) return false;
        if (!use.loops.every((l) => l.guards.some((h) => sameGuard(g, h)))) return false;
        if (g.ref.kind === 'field') {
          // Namespace equality is KLL101's (a namespaced call), not a field selector.
          if (g.ref.label === 'metadata.namespace') return false;
          // Cluster-scoped kinds other than pods/nodes: metadata.name is the one generic label.
          return !alreadySelects(fieldSel, g.ref.label);
        }
        return !alreadySelects(labelSel, g.ref.key);
      });
      if (candidates.length === 0) continue;
      const fields = candidates.filter((g) => g.ref.kind === 'field');
      const labels = candidates.filter((g) => g.ref.kind === 'label');
      const what = resourceLabel(call);
      const described = candidates.map((g) => `${g.ref.kind === 'field' ? g.ref.label : `label ${term(g)}`} == ${g.value.text}`).join(' and ');
      const fixes = [
        fixFor(call, ctx.facts.lines, 'FieldSelector', fields, use),
        fixFor(call, ctx.facts.lines, 'LabelSelector', labels, use),
      ].filter((f): f is Fix => !!f);
      const selectors = [fields.length ? 'a FieldSelector' : '', labels.length ? 'a LabelSelector' : ''].filter(Boolean).join(' and ');
      ctx.report({
        node: call.node,
        related: candidates.map((g) => ({ start: g.cmp.startIndex, end: g.cmp.endIndex, message: 'filtered here, on the client' })),
        message: `LIST of ${what} filtered in the loop (${clip(described, 44)}), not by ${fields.length && labels.length ? 'selectors' : selectors}`,
        data: {
          detail:
            `The server sends every ${singular(what)} the request selects and the loop keeps a few. ` +
            `${selectors.charAt(0).toUpperCase() + selectors.slice(1)} lets the apiserver filter (in memory, from the watch cache with ` +
            `ResourceVersion "0"), so only the kept items are serialized and sent.`,
        },
        fixes,
      });
    }
  },
};
