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

export function toDiagnostic(f: Finding, uri: string): Diagnostic {
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
    d.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  }
  return d;
}

export function toDiagnostics(findings: readonly Finding[], uri: string): Diagnostic[] {
  return findings.map((f) => toDiagnostic(f, uri));
}
