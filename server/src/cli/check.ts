// `kube-list-lint check`: select files, lint them with their project config, print.
import { ConfigResolver } from '../config/load';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { createEngine, packageVersion } from '../host/grammarFiles';
import { flag, has, UsageError, type Parsed } from './args';
import { parseFormats } from './formats';
import { writeOutputs } from './output';
import { lintFile } from './lint';
import { planFiles } from './plan';
import { buildReport } from './report';
import { walk } from './walk';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type Io } from './io';

export const CHECK_FLAGS = {
  format: { value: true, repeat: true },
  'fail-on': { value: true },
  tests: {},
  'max-file-size': { value: true },
  config: { value: true },
};

const FAIL_ON = ['error', 'warning', 'information', 'hint', 'never'] as const;

export async function check(p: Parsed, io: Io): Promise<number> {
  const outputs = parseFormats(p.flags.get('format') ?? []);
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

  const written = writeOutputs(report, outputs, packageVersion(), io);
  if (!written || report.notes.some((n) => n.error)) return EXIT_ERROR;
  if (failOn === 'never') return EXIT_OK;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}
