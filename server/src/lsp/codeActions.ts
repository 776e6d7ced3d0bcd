// Code actions from findings: each fix as a quickfix, an "Ignore" suppression, and the
// safe fix-all. Pure: text and findings in, actions out; the server sends them.
import { CodeActionKind, type CodeAction, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { chooseFixes } from '../engine/applyFixes';
import { LineIndex } from '../engine/lines';
import type { Finding, TextEdit } from '../engine/types';
import { toDiagnostic } from './diagnostics';
import { FIX_ALL_KIND } from './protocol';

/**
 * Whether an action of `kind` answers a request for `only`. Kinds are hierarchical
 * (`source.fixAll` covers `source.fixAll.kube-list-lint`), so match by prefix, never exactly.
 */
export function kindRequested(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => o === '' || kind === o || kind.startsWith(o + '.'));
}

export interface ActionContext {
  uri: string;
  version: number;
  text: string;
  /** Use `documentChanges` (versioned, so a stale edit is refused) when the client supports it. */
  documentChanges: boolean;
}

export function toLspEdits(lines: LineIndex, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
}

export function workspaceEdit(ctx: ActionContext, edits: LspTextEdit[]): WorkspaceEdit {
  if (ctx.documentChanges) return { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.version }, edits }] };
  return { changes: { [ctx.uri]: edits } };
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

const OWN_IGNORE = /^([ \t]*\/\/\s*kube-list-lint:ignore\b\s*)((?:KLL\d{3}(?:\s*,\s*|\s+|$))*)/i;

/**
 * Silences `f` with `//kube-list-lint:ignore KLLxxx reason` on a new line above, at the
 * line's indentation. When the line above already is an ignore comment naming rules, the
 * code is added to it instead: a second comment would push the first out of reach.
 */
export function ignoreEdit(lines: LineIndex, f: Finding): TextEdit | undefined {
  const line = f.range.start.line;
  if (line > 0) {
    const above = lines.lineText(line - 1);
    const m = OWN_IGNORE.exec(above);
    if (m && m[2].trim()) {
      if (new RegExp(`\\b${f.rule}\\b`, 'i').test(m[2])) return undefined;
      const at = lines.lineStart(line - 1) + m[1].length + m[2].trimEnd().length;
      return { start: at, end: at, newText: `,${f.rule}` };
    }
  }
  const at = lines.lineStart(line);
  return { start: at, end: at, newText: `${lines.indentOf(line)}//kube-list-lint:ignore ${f.rule} TODO: reason${lines.eol}` };
}

/** The SAFE fixes of every finding, non-overlapping, as offset edits (empty when none). */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  return chooseFixes([...findings], false).edits;
}

export function codeActions(ctx: ActionContext, findings: readonly Finding[], range: Range, only: readonly string[] | undefined): CodeAction[] {
  const lines = new LineIndex(ctx.text);
  const actions: CodeAction[] = [];
  if (kindRequested(only, CodeActionKind.QuickFix)) {
    for (const f of findings) {
      if (!intersects(f.range, range)) continue;
      const diagnostic = toDiagnostic(f, ctx.uri);
      f.fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0 && fix.safe,
          edit: workspaceEdit(ctx, toLspEdits(lines, fix.edits)),
        });
      });
      const ignore = ignoreEdit(lines, f);
      if (ignore) {
        actions.push({
          title: `Ignore ${f.rule} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(ctx, toLspEdits(lines, [ignore])),
        });
      }
    }
  }
  // Source actions only when asked for: editors request them on save or from a menu.
  if (only?.length && kindRequested(only, FIX_ALL_KIND)) {
    const edits = fixAllEdits(findings);
    if (edits.length) {
      actions.push({ title: 'Fix all safe kube-list-lint problems', kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, toLspEdits(lines, edits)) });
    }
  }
  return actions;
}
