// `kube-list-lint profile import --metrics FILE [--version FILE] [--objects FILE...]
// [--name NAME] [--write] [--config FILE]`: a measured cluster profile (docs/measure.md).
// Reads only the files it is given; prints the config's `profile:` as YAML, or with
// --write sets it in the nearest config file, keeping the rest of the file and its comments.
import * as fs from 'fs';
import { Document } from 'yaml';
import type { ProfileObject } from '../config/validate';
import { importProfile, type InputFile } from '../measure/importProfile';
import { flag, has, UsageError, type Parsed } from './args';
import { targetConfig, writeConfigKey } from './configWrite';
import { EXIT_ERROR, EXIT_OK, type Io } from './io';
import { displayPath } from './report';

export const PROFILE_IMPORT_FLAGS = {
  metrics: { value: true },
  version: { value: true },
  objects: { value: true, repeat: true },
  name: { value: true },
  write: {},
  config: { value: true },
};

function readInput(file: string): InputFile {
  try {
    const st = fs.statSync(file);
    return { name: displayPath(file), text: fs.readFileSync(file, 'utf8'), mtime: st.mtime };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`);
  }
}

function profileYaml(profile: ProfileObject, comment: string): string {
  const doc = new Document({ profile });
  doc.commentBefore = ` ${comment}`;
  return doc.toString({ lineWidth: 0 });
}

export function profileCommand(argv: string[], parse: (a: string[]) => Parsed, io: Io, cwd = process.cwd()): number {
  const [sub, ...rest] = argv;
  if (sub !== 'import') throw new UsageError(sub ? `unknown profile command ${sub} (import)` : 'profile needs a command: kube-list-lint profile import --metrics FILE');
  const p = parse(rest);
  if (p.positionals.length) throw new UsageError(`profile import takes files as flags (--metrics, --version, --objects), got ${p.positionals[0]}`);
  const metrics = flag(p, 'metrics');
  if (!metrics) throw new UsageError('profile import needs --metrics FILE (saved with `kubectl get --raw /metrics > FILE`)');
  const version = flag(p, 'version');
  const result = importProfile({
    metrics: readInput(metrics),
    ...(version ? { version: readInput(version) } : {}),
    objects: (p.flags.get('objects') ?? []).map(readInput),
    ...(flag(p, 'name') ? { name: flag(p, 'name') } : {}),
  });
  for (const problem of result.problems) io.err(`kube-list-lint: ${problem}\n`);
  const profile = result.profile;
  if (!Object.keys(profile.resources ?? {}).length) {
    io.err('kube-list-lint: nothing measured: no profile written\n');
    return EXIT_ERROR;
  }
  for (const note of profile.measured?.notes ?? []) io.err(`note: ${note}\n`);
  const comment = `measured by kube-list-lint profile import from ${profile.measured?.files?.join(', ')}; docs/measure.md`;
  if (!has(p, 'write')) {
    io.out(profileYaml(profile, comment));
    return EXIT_OK;
  }
  const file = targetConfig(flag(p, 'config'), cwd);
  writeConfigKey(file, 'profile', profile, comment);
  io.err(`wrote profile ${profile.name} (${Object.keys(profile.resources ?? {}).length} resources) to ${displayPath(file)}\n`);
  return EXIT_OK;
}
