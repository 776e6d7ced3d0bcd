// Checkstyle XML, the format Jenkins, reviewdog and many CI dashboards read
// (golangci-lint's `checkstyle` output has the same shape).
import type { Severity } from '../../engine/types';
import type { RunReport } from '../report';

export function escapeXml(s: string): string {
  // XML 1.0 cannot carry most control characters even escaped; drop them.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"'\n\r\t]/g, (c) =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' })[c]!,
  );
}

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'info' };

export function formatCheckstyle(report: RunReport): string {
  const byFile = new Map<string, string[]>();
  const add = (file: string, line: string) => {
    const l = byFile.get(file);
    if (l) l.push(line);
    else byFile.set(file, [line]);
  };
  for (const f of report.findings) {
    add(f.path, `    <error line="${f.line}" column="${f.column}" severity="${LEVEL[f.severity]}" message="${escapeXml(f.message)}" source="kube-list-lint.${f.rule}"/>`);
  }
  for (const n of report.notes) {
    if (n.error) add(n.path, `    <error line="1" column="1" severity="error" message="${escapeXml(n.message)}" source="kube-list-lint"/>`);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const file of [...byFile.keys()].sort()) {
    out.push(`  <file name="${escapeXml(file)}">`, ...byFile.get(file)!, '  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}
