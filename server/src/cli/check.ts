// `kube-list-lint check`: select files, lint them with their project config, print.
import { ConfigResolver } from '../config/load';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { createEngine, packageVersion } from '../host/grammarFiles';
import { flag, has, UsageError, type Parsed } from './args';
import { formatJson } from './formats/json';
import { formatText, summaryLine } from './formats/text';
import { lintFile } from './lint';
import { planFiles } from './plan';
import { buildReport } from './report';
import { walk } from './walk';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type Io } from './io';

export const CHECK_FLAGS = {
  format: { value: true },
  'fail-on': { value: true },
  tests: {},
  'max-file-size': { value: true },
  config: { value: true },
};

const FAIL_ON = ['error', 'warning', 'information', 'hint', 'never'] as const;

export async function check(p: Parsed, io: Io): Promise<number> {
  const format = flag(p, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format ${format} (text or json)`);
  const failOn = (flag(p, 'fail-on') ?? 'warning') as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const maxBytesText = flag(p, 'max-file-size');
  const maxBytes = maxBytesText === undefined ? undefined : Number(maxBytesText);
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes <= 0)) throw new UsageError('--max-file-size must be a positive whole number of bytes');

  const paths = p.positionals.length ? p.positionals : ['.'];
  const walked = walk(paths, { tests: true });
  const resolver = new ConfigResolver(flag(p, 'config'));
  const planned = planFiles(walked, resolver, { tests: has(p, 'tests'), maxBytes });
  const engine = await createEngine();
  const results = planned.map((f) => lintFile(engine, f.path, { settings: f.settings, maxBytes: f.maxBytes }));
  const report = buildReport(results);
  for (const pr of walked.problems) report.notes.push({ path: pr.path, message: pr.message, error: true });

  if (format === 'json') io.out(formatJson(report, packageVersion()));
  else {
    io.out(formatText(report));
    for (const n of report.notes) io.err(`${n.path}: ${n.error ? 'error' : 'note'}: ${n.message}\n`);
    io.err(summaryLine(report) + '\n');
  }
  if (report.notes.some((n) => n.error)) return EXIT_ERROR;
  if (failOn === 'never') return EXIT_OK;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}
