// Finding -> LSP Diagnostic. Pure: the same finding always gives the same diagnostic.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/types';
import { ruleUrl, SOURCE } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  rule: string;
  start: number;
  end: number;
}

/** The URI of another file of the program, by the index's id; undefined drops that location. */
export type UriOf = (fileId: number) => string | undefined;

export function toDiagnostic(f: Finding, uri: string, uriOf: UriOf = () => undefined): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, start: f.start, end: f.end };
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.related.length) {
    d.relatedInformation = f.related.flatMap((r) => {
      const at = r.fileId === undefined ? uri : uriOf(r.fileId);
      return at ? [{ location: { uri: at, range: r.range }, message: r.message }] : [];
    });
  }
  return d;
}

export function toDiagnostics(findings: readonly Finding[], uri: string, uriOf?: UriOf): Diagnostic[] {
  return findings.map((f) => toDiagnostic(f, uri, uriOf));
}
