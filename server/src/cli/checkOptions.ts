// `check`'s flags, parsed and checked once into a typed object.
import { flag, has, UsageError, type Parsed } from './args';
import { parseFormats, type OutputSpec } from './formats';
import { parseRuleList, parseShard, type RuleSelection } from './select';

export const CHECK_FLAGS = {
  format: { value: true, repeat: true },
  'fail-on': { value: true },
  tests: {},
  'max-file-size': { value: true },
  config: { value: true },
  fix: {},
  'unsafe-fixes': {},
  diff: {},
  baseline: { value: true },
  'update-baseline': {},
  select: { value: true },
  ignore: { value: true },
  'stdin-filename': { value: true },
  'changed-since': { value: true },
  shard: { value: true },
  'report-unused-ignores': {},
  'no-program': {},
  'cache-dir': { value: true },
  'no-cache': {},
  stats: {},
};

import { DEFAULT_MAX_BYTES } from '../host/files';
import { defaultCacheDir } from '../host/cache';

export const CHECK_HELP = `check options:
  --format FORMAT[:FILE]           text (default), json, sarif, github, checkstyle, codequality;
                                   repeat for several, at most one without FILE (standard output)
  --fail-on error|warning|information|hint|never
                                   lowest severity that makes the exit code 1 (default warning)
  --config FILE                    use FILE for every file instead of the nearest .kube-list-lint.yaml
  --tests                          also lint _test.go files
  --max-file-size BYTES            skip larger files with a note (default ${DEFAULT_MAX_BYTES})
  --fix                            apply safe fixes, then report what remains
  --unsafe-fixes                   with --fix or --diff: also fixes that may change what the server returns
  --diff                           print the fixes as a unified diff instead of writing them
  --baseline FILE                  hide the findings recorded in FILE
  --update-baseline                (re)write --baseline FILE with today's findings
  --select KLL0,KLL201             only these rules (id prefixes or names)
  --ignore KLL002                  not these rules (id prefixes or names)
  --stdin-filename F               lint standard input as file F (config looked up from F's folder);
                                   with --fix the fixed text goes to standard output
  --changed-since REV              only .go files changed since git revision REV, plus untracked ones
  --shard K/N                      only the K-th of N deterministic slices of the files (CI matrices)
  --report-unused-ignores          report suppression comments that silence nothing
  --no-program                     each file on its own: no module index (no findings across
                                   functions and files, no roles, every KLL002)
  --cache-dir DIR                  keep per-file results in DIR (default $XDG_CACHE_HOME/kube-list-lint
                                   or ~/.cache/kube-list-lint); keyed by content, settings and build
  --no-cache                       neither read nor write the cache
  --stats                          print what the run did (files, cache hits, program) to standard error
`;

const FAIL_ON = ['error', 'warning', 'information', 'hint', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface CheckOptions {
  paths: string[];
  outputs: OutputSpec[];
  failOn: FailOn;
  config?: string;
  tests: boolean;
  maxBytes?: number;
  fix: 'no' | 'write' | 'diff';
  unsafeFixes: boolean;
  baseline?: string;
  updateBaseline: boolean;
  rules: RuleSelection;
  stdinFilename?: string;
  changedSince?: string;
  shard?: { k: number; n: number };
  reportUnusedIgnores: boolean;
  /** The program pass (cli/program.ts): on unless --no-program. */
  program: boolean;
  /** The persistent cache's folder, or undefined with --no-cache. */
  cacheDir?: string;
  stats: boolean;
}

export function checkOptions(p: Parsed): CheckOptions {
  const failOn = (flag(p, 'fail-on') ?? 'warning') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const maxBytesText = flag(p, 'max-file-size');
  const maxBytes = maxBytesText === undefined ? undefined : Number(maxBytesText);
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes <= 0)) throw new UsageError('--max-file-size must be a positive whole number of bytes');
  const fix = has(p, 'diff') ? 'diff' : has(p, 'fix') ? 'write' : 'no';
  if (has(p, 'unsafe-fixes') && fix === 'no') throw new UsageError('--unsafe-fixes needs --fix or --diff');
  const stdinFilename = flag(p, 'stdin-filename');
  if (stdinFilename !== undefined && p.positionals.length) throw new UsageError('--stdin-filename lints standard input; give no PATH');
  if (stdinFilename !== undefined && (has(p, 'changed-since') || has(p, 'shard'))) throw new UsageError('--stdin-filename cannot be combined with --changed-since or --shard');
  const formats = p.flags.get('format') ?? [];
  // --diff owns standard output, and so does the fixed text of standard input; reports can
  // still go to files (the default text report then goes to standard error).
  const stdoutTaken = fix === 'diff' || (fix === 'write' && stdinFilename !== undefined);
  const outputs = stdoutTaken && !formats.length ? [] : parseFormats(formats);
  if (stdoutTaken && outputs.some((o) => o.file === undefined)) throw new UsageError(`${fix === 'diff' ? '--diff' : '--fix with --stdin-filename'} prints to standard output; give each --format a file (FORMAT:FILE)`);
  if (has(p, 'update-baseline') && !has(p, 'baseline')) throw new UsageError('--update-baseline needs --baseline FILE');
  if (has(p, 'no-cache') && has(p, 'cache-dir')) throw new UsageError('--no-cache and --cache-dir contradict each other');
  return {
    paths: p.positionals.length ? p.positionals : ['.'],
    outputs,
    failOn,
    config: flag(p, 'config'),
    tests: has(p, 'tests'),
    maxBytes,
    fix,
    unsafeFixes: has(p, 'unsafe-fixes'),
    baseline: flag(p, 'baseline'),
    updateBaseline: has(p, 'update-baseline'),
    rules: { select: parseRuleList('select', flag(p, 'select')), ignore: parseRuleList('ignore', flag(p, 'ignore')) },
    stdinFilename,
    changedSince: flag(p, 'changed-since'),
    shard: parseShard(flag(p, 'shard')),
    reportUnusedIgnores: has(p, 'report-unused-ignores'),
    program: !has(p, 'no-program'),
    cacheDir: has(p, 'no-cache') ? undefined : (flag(p, 'cache-dir') ?? defaultCacheDir()),
    stats: has(p, 'stats'),
  };
}
