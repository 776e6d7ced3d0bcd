// Moving a statement (and the error check right after it) out of a loop to just above it,
// re-indented for its new depth. Used by KLL201 when a call does not depend on the loop.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from './lines';
import { findBinding } from './locals';
import { resultBinding } from './resultUse';
import { blockStatements as statementsOf } from './syntax';
import type { TextEdit } from './types';

/** The statement holding `call` when it is a direct statement of `loop`'s body. */
export function statementInLoop(call: Node, loop: Node): Node | undefined {
  let s: Node | null = call;
  while (s && s.parent?.type !== 'statement_list') s = s.parent;
  const body = s?.parent?.parent;
  if (!s || !body || body.type !== 'block' || body.parent?.startIndex !== loop.startIndex) return undefined;
  return s;
}

/** `if err != nil { return ... }` with no break/continue: it means the same outside the loop. */
function isErrorReturn(stmt: Node | undefined, err: string): boolean {
  if (!stmt || stmt.type !== 'if_statement' || stmt.childForFieldName('alternative') || stmt.childForFieldName('initializer')) return false;
  if (stmt.childForFieldName('condition')?.text.replace(/\s+/g, '') !== `${err}!=nil`) return false;
  const cons = stmt.childForFieldName('consequence')!;
  const body = statementsOf(cons);
  if (body.length === 0 || body[body.length - 1].type !== 'return_statement') return false;
  return cons.descendantsOfType(['break_statement', 'continue_statement', 'goto_statement']).length === 0;
}

/**
 * Edits that move the statement holding `call` (a direct statement of the innermost loop
 * `inner`) above the loop `outer`, which encloses `inner` through direct statements only.
 * Undefined when the move could change meaning: a name it declares already exists where it
 * lands, the error check after it skips iterations, or the text does not move cleanly.
 */
export function hoistEdits(lines: LineIndex, call: Node, loops: Node[]): TextEdit[] | undefined {
  if (loops.length === 0) return undefined;
  const stmt = statementInLoop(call, loops[0]);
  if (!stmt || stmt.type !== 'short_var_declaration') return undefined;
  for (let i = 1; i < loops.length; i++) if (!statementInLoop(loops[i - 1], loops[i])) return undefined;
  const outer = loops[loops.length - 1];
  const rb = resultBinding(call);
  if (!rb) return undefined;
  // Every declared name must be new where it lands, or `:=` would assign an outer variable
  // (or fail to compile). `err` is the exception Go makes: reused if one new name exists.
  const declared = [rb.list, rb.err].filter((x): x is Node => !!x);
  if (!rb.list) return undefined;
  for (const id of declared) {
    const outerBinding = findBindingAt(id.text, outer);
    if (outerBinding && id !== rb.err) return undefined;
  }
  const stmts = statementsOf(loops[0].childForFieldName('body'));
  const idx = stmts.findIndex((s) => s.startIndex === stmt.startIndex);
  let last = stmt;
  const next = stmts[idx + 1];
  if (rb.err) {
    if (!isErrorReturn(next, rb.err.text)) {
      // An error checked any other way (continue, log and go on) is a per-iteration decision.
      if (next && next.text.includes(rb.err.text)) return undefined;
    } else {
      last = next!;
    }
  }
  const first = stmt.startPosition.row;
  const lastRow = last.endPosition.row;
  const before = lines.text.slice(lines.lineStart(first), stmt.startIndex);
  const after = lines.text.slice(last.endIndex, lines.lineEnd(lastRow));
  // A trailing line comment moves with its line.
  if (before.trim() !== '' || (after.trim() !== '' && !after.trim().startsWith('//'))) return undefined;
  // Raw strings spanning lines would be re-indented inside the literal.
  if (stmt.descendantsOfType('raw_string_literal').some((r) => r && r.startPosition.row !== r.endPosition.row)) return undefined;
  const fromIndent = lines.indentOf(first);
  const toIndent = lines.indentOf(outer.startPosition.row);
  const moved: string[] = [];
  for (let l = first; l <= lastRow; l++) {
    const t = lines.lineText(l);
    if (t.trim() === '') moved.push('');
    else if (t.startsWith(fromIndent)) moved.push(toIndent + t.slice(fromIndent.length));
    else return undefined;
  }
  const at = lines.lineStart(outer.startPosition.row);
  return [
    { start: at, end: at, newText: moved.join(lines.eol) + lines.eol },
    { start: lines.lineStart(first), end: lines.lineEndWithEol(lastRow), newText: '' },
  ];
}

/** A binding of `name` visible just before `stmt`, if any (a local or a parameter). */
function findBindingAt(name: string, stmt: Node): ReturnType<typeof findBinding> {
  // Resolve a use of the name at the loop: the loop keyword's position stands in for it.
  const probe = stmt.descendantsOfType('identifier').find((x) => x?.text === name && x.startIndex >= stmt.startIndex);
  if (!probe) return undefined;
  const b = findBinding(probe);
  return b && b.decl.startIndex < stmt.startIndex ? b : undefined;
}
