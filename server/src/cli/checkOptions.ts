// `check`'s flags, parsed and checked once into a typed object.
import { flag, has, UsageError, type Parsed } from './args';
import { parseFormats, type OutputSpec } from './formats';

export const CHECK_FLAGS = {
  format: { value: true, repeat: true },
  'fail-on': { value: true },
  tests: {},
  'max-file-size': { value: true },
  config: { value: true },
  fix: {},
  'unsafe-fixes': {},
  diff: {},
};

import { DEFAULT_MAX_BYTES } from './lint';

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
}

export function checkOptions(p: Parsed): CheckOptions {
  const failOn = (flag(p, 'fail-on') ?? 'warning') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const maxBytesText = flag(p, 'max-file-size');
  const maxBytes = maxBytesText === undefined ? undefined : Number(maxBytesText);
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes <= 0)) throw new UsageError('--max-file-size must be a positive whole number of bytes');
  const fix = has(p, 'diff') ? 'diff' : has(p, 'fix') ? 'write' : 'no';
  if (has(p, 'unsafe-fixes') && fix === 'no') throw new UsageError('--unsafe-fixes needs --fix or --diff');
  const formats = p.flags.get('format') ?? [];
  // --diff owns standard output; reports can still go to files.
  const outputs = fix === 'diff' && !formats.length ? [] : parseFormats(formats);
  if (fix === 'diff' && outputs.some((o) => o.file === undefined)) throw new UsageError('--diff prints to standard output; give each --format a file (FORMAT:FILE)');
  return {
    paths: p.positionals.length ? p.positionals : ['.'],
    outputs,
    failOn,
    config: flag(p, 'config'),
    tests: has(p, 'tests'),
    maxBytes,
    fix,
    unsafeFixes: has(p, 'unsafe-fixes'),
  };
}
