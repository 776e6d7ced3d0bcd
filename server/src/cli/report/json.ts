// The report as JSON: the CostReport itself, versioned like `check --format json`.
import type { CostReport } from './model';

/** Bumped when a field changes meaning or disappears; adding fields does not bump it. */
export const REPORT_SCHEMA_VERSION = 1;

export function formatReportJson(r: CostReport, version: string): string {
  return JSON.stringify({ schemaVersion: REPORT_SCHEMA_VERSION, tool: { name: 'kube-list-lint', version }, kind: 'cost-report', ...r }, null, 2) + '\n';
}
