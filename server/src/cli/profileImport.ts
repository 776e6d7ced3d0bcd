// `kube-list-lint profile import --metrics FILE [--version FILE] [--objects FILE...]
// [--name NAME] [--write] [--config FILE]`: a measured cluster profile (docs/measure.md).
// Reads only the files it is given; prints the config's `profile:` as YAML, or with
// --write sets it in the nearest config file, keeping the rest of the file and its comments.
import * as fs from 'fs';
import { Document } from 'yaml';
import type { ProfileObject } from '../config/validate';
import { importProfile, type AuditSizes, type InputFile } from '../measure/importProfile';
import { AuditObjectSizes } from '../measure/objectSizes';
import { grouped } from '../sizing';
import { maxLineBytes, readLines } from './audit/read';
import { flag, has, UsageError, type Parsed } from './args';
import { targetConfig, writeConfigKey } from './configWrite';
import { EXIT_ERROR, EXIT_OK, type Io } from './io';
import { displayPath } from './report';

export const PROFILE_IMPORT_FLAGS = {
  metrics: { value: true },
  version: { value: true },
  objects: { value: true, repeat: true },
  audit: { value: true, repeat: true },
  'max-line-bytes': { value: true },
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

/** Problems printed per audit log; the rest are counted. */
const MAX_PROBLEMS = 20;

/** Object sizes from one audit log's response bodies, streamed: memory bounded by the objects kept per resource. */
async function auditSizes(file: string, maxLine: number, problems: string[]): Promise<AuditSizes> {
  const name = displayPath(file);
  let mtime: Date | undefined;
  try {
    mtime = fs.statSync(file).mtime;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`);
  }
  const sizes = new AuditObjectSizes();
  let reported = 0;
  let long = 0;
  const problem = (line: number, message: string) => {
    if (reported++ < MAX_PROBLEMS) problems.push(`${name}:${line}: ${message}`);
  };
  // Only completed reads are decoded; a text check skips the rest.
  const READ = /"verb":"(list|get)"/;
  try {
    await readLines(
      file,
      maxLine,
      (text, line) => {
        if (!READ.test(text) || !text.includes('"stage":"ResponseComplete"')) return;
        try {
          sizes.add(JSON.parse(text));
        } catch (e) {
          problem(line, `malformed JSON (${(e as Error).message.split('\n')[0].slice(0, 80)}), skipped`);
        }
      },
      (head) => {
        if (READ.test(head)) long++;
      },
    );
  } catch (e) {
    problems.push(`${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}: read up to the error`);
  }
  if (reported > MAX_PROBLEMS) problems.push(`${name}: ${grouped(reported - MAX_PROBLEMS)} more problems not shown`);
  if (long) problems.push(`${name}: ${grouped(long)} responses longer than --max-line-bytes (${grouped(maxLine)}) not measured`);
  return { name, ...(mtime ? { mtime } : {}), sizes: sizes.result(), withoutBody: sizes.withoutBody };
}

export async function profileCommand(argv: string[], parse: (a: string[]) => Parsed, io: Io, cwd = process.cwd()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'import') throw new UsageError(sub ? `unknown profile command ${sub} (import)` : 'profile needs a command: kube-list-lint profile import --metrics FILE');
  const p = parse(rest);
  if (p.positionals.length) throw new UsageError(`profile import takes files as flags (--metrics, --version, --objects), got ${p.positionals[0]}`);
  const metrics = flag(p, 'metrics');
  if (!metrics) throw new UsageError('profile import needs --metrics FILE (saved with `kubectl get --raw /metrics > FILE`)');
  const version = flag(p, 'version');
  const maxLine = maxLineBytes(p);
  const problems: string[] = [];
  const audits: AuditSizes[] = [];
  for (const log of p.flags.get('audit') ?? []) audits.push(await auditSizes(log, maxLine, problems));
  const result = importProfile({
    metrics: readInput(metrics),
    ...(version ? { version: readInput(version) } : {}),
    objects: (p.flags.get('objects') ?? []).map(readInput),
    audits,
    ...(flag(p, 'name') ? { name: flag(p, 'name') } : {}),
  });
  for (const problem of [...problems, ...result.problems]) io.err(`kube-list-lint: ${problem}\n`);
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
