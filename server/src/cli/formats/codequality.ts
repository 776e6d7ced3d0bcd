// GitLab Code Quality (a subset of Code Climate's JSON): the merge request widget shows
// findings that a branch adds or fixes, matched by fingerprint.
import type { Severity } from '../../engine/types';
import type { RunReport } from '../report';

const LEVEL: Record<Severity, string> = { error: 'critical', warning: 'major', information: 'minor', hint: 'info' };

export function formatCodeQuality(report: RunReport): string {
  const issues = report.findings.map((f) => ({
    type: 'issue',
    check_name: f.rule,
    description: `${f.rule} ${f.name}: ${f.message}`,
    fingerprint: f.fingerprint,
    severity: LEVEL[f.severity],
    location: { path: f.path, lines: { begin: f.line, end: f.endLine } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
