// Reads the audit report a project config's `audit:` names (docs/measure.md, "In the
// editor") and picks the sites of one source file: the language server and `report` both.
import * as fs from 'fs';
import * as path from 'path';
import { measuredReportOf, type MeasuredReport, type MeasuredSite } from '../measure/measured';

/** The report in `file`, or what is wrong with it (`no such file`, `not JSON (...)`, a shape problem). */
export function readMeasuredReport(file: string): MeasuredReport | string {
  try {
    return measuredReportOf(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : (code ?? `not JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

/**
 * The report's sites in the source file `source` (absolute). Paths are relative to the
 * report's code root; a report made on another machine (CI) names a root that is not here,
 * so the config's folder is tried too.
 */
export function sitesOfFile(report: MeasuredReport, reportFile: string, configDir: string, source: string): MeasuredSite[] {
  const rel = (root: string) => path.relative(root, source).split(path.sep).join('/');
  const byRoot = rel(path.resolve(path.dirname(reportFile), report.codeRoot));
  const sites = report.sites.filter((s) => s.path === byRoot);
  if (sites.length) return sites;
  const byConfig = rel(configDir);
  return report.sites.filter((s) => s.path === byConfig);
}
