// `kube-list-lint`: check, explain, rules, version. Exit codes: 0 nothing at or above
// --fail-on, 1 findings, 2 usage, configuration or I/O error.
import * as fs from 'fs';
import * as path from 'path';
import { RULES, findRule } from '../engine/rules';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { createEngine, packageRoot, packageVersion } from '../host/grammarFiles';
import { flag, has, parseArgs, UsageError, type Parsed } from './args';
import { formatJson } from './formats/json';
import { formatText, summaryLine } from './formats/text';
import { DEFAULT_MAX_BYTES, lintFile } from './lint';
import { buildReport } from './report';
import { walk } from './walk';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const HELP = `kube-list-lint: find client-go LIST/GET calls that make kube-apiserver and etcd read gigabytes.

Usage:
  kube-list-lint check [PATH...]   lint Go files (default: .)
  kube-list-lint explain RULE      print a rule's page (RULE: KLL001 or its name)
  kube-list-lint rules             list the rules
  kube-list-lint version

check options:
  --format text|json               output format (default text)
  --fail-on error|warning|information|hint|never
                                   lowest severity that makes the exit code 1 (default warning)
  --tests                          also lint _test.go files
  --max-file-size BYTES            skip larger files with a note (default ${DEFAULT_MAX_BYTES})

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error.
`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const FAIL_ON = ['error', 'warning', 'information', 'hint', 'never'] as const;

async function check(p: Parsed, io: Io): Promise<number> {
  const format = flag(p, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format ${format} (text or json)`);
  const failOn = (flag(p, 'fail-on') ?? 'warning') as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const maxBytesText = flag(p, 'max-file-size');
  const maxBytes = maxBytesText === undefined ? DEFAULT_MAX_BYTES : Number(maxBytesText);
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new UsageError('--max-file-size must be a positive whole number of bytes');

  const paths = p.positionals.length ? p.positionals : ['.'];
  const { files, problems } = walk(paths, { tests: has(p, 'tests') });
  const engine = await createEngine();
  const results = files.map((f) => lintFile(engine, f, { settings: { rules: {} }, maxBytes }));
  const report = buildReport(results);
  for (const pr of problems) report.notes.push({ path: pr.path, message: pr.message, error: true });

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

function explain(p: Parsed, io: Io): number {
  const id = p.positionals[0];
  if (!id) throw new UsageError('explain needs a rule code or name, e.g. kube-list-lint explain KLL001');
  const rule = findRule(id);
  if (!rule) throw new UsageError(`no rule ${id}; \`kube-list-lint rules\` lists them`);
  io.out(fs.readFileSync(path.join(packageRoot(), 'docs', 'rules', `${rule.meta.id}.md`), 'utf8'));
  return EXIT_OK;
}

function rules(io: Io): number {
  for (const r of RULES) io.out(`${r.meta.id}  ${r.meta.name.padEnd(28)} ${r.meta.defaultSeverity.padEnd(12)} fix:${r.meta.fixes.padEnd(7)} ${r.meta.summary}\n`);
  return EXIT_OK;
}

const CHECK_FLAGS = {
  format: { value: true },
  'fail-on': { value: true },
  tests: {},
  'max-file-size': { value: true },
};

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'check':
        return await check(parseArgs(rest, CHECK_FLAGS), io);
      case 'explain':
        return explain(parseArgs(rest, {}), io);
      case 'rules':
        parseArgs(rest, {});
        return rules(io);
      case 'lsp':
        return await (await import('../lsp/server')).runLsp(rest);
      case 'version':
      case '--version':
        io.out(packageVersion() + '\n');
        return EXIT_OK;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return cmd === undefined ? EXIT_ERROR : EXIT_OK;
      default:
        throw new UsageError(`unknown command ${cmd}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kube-list-lint: ${e.message}\nRun \`kube-list-lint help\` for usage.\n`);
      return EXIT_ERROR;
    }
    io.err(`kube-list-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
