import { runSizingNotes, type RunReport } from '../report';

/** Bumped when a field changes meaning or disappears; adding fields does not bump it. */
export const JSON_SCHEMA_VERSION = 1;

export function formatJson(report: RunReport, version: string): string {
  const bySeverity: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  for (const f of report.findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  }
  const doc = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'kube-list-lint', version },
    findings: report.findings.map(({ identity: _identity, fullCost: _cost, ...f }) => f),
    // Run-wide notes (the assumed Kubernetes version, resources with no size) have an empty path.
    notes: [...report.notes, ...runSizingNotes(report).map((message) => ({ path: '', message, error: false, kind: 'sizing' }))],
    summary: {
      files: report.files,
      findings: report.findings.length,
      suppressed: report.suppressed,
      baselined: report.baselined,
      bySeverity,
      byRule,
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
