// Edits that give a controller-runtime read a metav1 option: RV and friends travel in
// `Raw: &metav1.ListOptions{...}`, added to an existing `&client.ListOptions{...}` or as a
// new trailing option argument.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from '../lines';
import { addField } from '../edits';
import type { ResolvedOptions } from '../options';
import type { TextEdit } from '../types';
import type { ControllerRuntimeCarrier } from './crOptions';

export function carrierFieldEdits(lines: LineIndex, carrier: ControllerRuntimeCarrier, opts: ResolvedOptions, key: string, value: string): TextEdit[] | undefined {
  const raw = `&${opts.qualifier}.${opts.type}{${key}: ${value}}`;
  if (carrier.clientLiteral) return addField(lines, carrier.clientLiteral, 'Raw', raw);
  return appendArgumentEdits(lines, carrier.args, `&${carrier.clientQualifier}.${opts.type}{Raw: ${raw}}`);
}

/** Edits that add `option` as the call's last argument, on the last argument's line or a line of its own. */
export function appendArgumentEdits(lines: LineIndex, args: Node, option: string): TextEdit[] | undefined {
  const list = args.namedChildren.filter((n) => n && n.type !== 'comment');
  const last = list[list.length - 1];
  const close = args.child(args.childCount - 1);
  if (!last || close?.type !== ')') return undefined;
  if (last.endPosition.row === close.startPosition.row) return [{ start: last.endIndex, end: last.endIndex, newText: `, ${option}` }];
  // One argument per line, closing paren on its own line: a new line after the last argument's.
  const row = last.endPosition.row;
  if (lines.text.slice(last.endIndex, lines.lineEnd(row)).trim() !== ',') return undefined;
  const at = lines.lineEndWithEol(row);
  return [{ start: at, end: at, newText: `${lines.indentOf(last.startPosition.row)}${option},${lines.eol}` }];
}
