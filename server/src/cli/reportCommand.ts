// `kube-list-lint report [PATH...]`: every LIST/GET the code makes, what it costs at the
// profile's cluster size, ranked; text, markdown, json or html, to stdout or --output.
import * as fs from 'fs';
import { ConfigResolver } from '../config/load';
import type { ProfileObject } from '../config/validate';
import { createEngine, packageVersion } from '../host/grammarFiles';
import { resolveProfile, type ClusterProfile, type ProfileSpec } from '../sizing';
import { flag, has, UsageError, type Parsed } from './args';
import { EXIT_ERROR, EXIT_OK, type Io } from './io';
import { decodeUtf8, looksBinary } from '../host/files';
import { planFiles } from './plan';
import { displayPath } from './report';
import { formatReportHtml } from './report/html';
import { formatReportJson } from './report/json';
import { formatReportMarkdown } from './report/markdown';
import { buildCostReport, type FileInventory } from './report/model';
import { formatReportText } from './report/text';
import { profileSpecFor } from '../config/load';
import { walk } from '../host/walk';

export const REPORT_FLAGS = {
  profile: { value: true },
  'kubernetes-version': { value: true },
  format: { value: true },
  output: { value: true },
  tests: {},
  config: { value: true },
};

const FORMATS = ['text', 'markdown', 'json', 'html'] as const;


export async function reportCommand(p: Parsed, io: Io): Promise<number> {
  const format = (flag(p, 'format') ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${format} (${FORMATS.join(', ')})`);
  const paths = p.positionals.length ? p.positionals : ['.'];
  const walked = walk(paths, { tests: true });
  const resolver = new ConfigResolver(flag(p, 'config'));
  const planned = planFiles(walked, resolver, { tests: has(p, 'tests') });
  const notes: string[] = walked.problems.map((x) => `${x.path}: ${x.message}`);

  // One profile per run: the first file's config decides (with the flags on top).
  const spec = profileSpecFor(planned[0]?.config?.config.profile, flag(p, 'profile'), flag(p, 'kubernetes-version'));
  const resolved = resolveProfile(spec);
  if (typeof resolved === 'string') throw new UsageError(resolved);
  const profile: ClusterProfile = resolved;
  const otherProfiles = new Set(planned.map((f) => JSON.stringify(f.config?.config.profile ?? null)));
  if (otherProfiles.size > 1 && !flag(p, 'profile')) notes.push('files have different config profiles; the first file\'s profile is used for all');

  const engine = await createEngine();
  const files: FileInventory[] = [];
  for (const f of planned) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(f.path);
    } catch (e) {
      notes.push(`${displayPath(f.path)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    if (buf.length > f.maxBytes || looksBinary(buf)) continue;
    const inventory = engine.inventory(decodeUtf8(buf).text, { settings: { ...f.settings, profile } });
    if (inventory.timedOut) notes.push(`${displayPath(f.path)}: analysis timed out; its calls are missing`);
    if (inventory.calls.length) files.push({ path: displayPath(f.path), inventory });
  }
  const report = buildCostReport(files, profile, notes);
  const text =
    format === 'json'
      ? formatReportJson(report, packageVersion())
      : format === 'markdown'
        ? formatReportMarkdown(report)
        : format === 'html'
          ? formatReportHtml(report, packageVersion())
          : formatReportText(report);
  const output = flag(p, 'output');
  if (output) {
    try {
      fs.writeFileSync(output, text);
    } catch (e) {
      io.err(`kube-list-lint: cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return EXIT_ERROR;
    }
    io.err(`wrote ${output} (${report.totals.calls} calls)\n`);
  } else {
    io.out(text);
  }
  return EXIT_OK;
}
