// The inventories of a tree of Go code (every recognised LIST/GET with its shape, findings and
// cost) under one profile: what `report` ranks and what `audit` matches requests to.
import * as fs from 'fs';
import * as path from 'path';
import { ConfigResolver, profileSpecFor, type LoadedConfig } from '../config/load';
import { createEngine } from '../host/grammarFiles';
import { decodeUtf8, looksBinary } from '../host/files';
import { readMeasuredReport, sitesOfFile } from '../host/measuredFile';
import { walk } from '../host/walk';
import { ModuleResolver } from '../host/modules';
import type { MeasuredReport, MeasuredSite } from '../measure/measured';
import { resolveProfile, type ClusterProfile } from '../sizing';
import { flag, has, UsageError, type Parsed } from './args';
import { planFiles } from './plan';
import { displayPath } from './report';
import type { FileInventory } from './report/model';

/** The flags both commands take for the code and its profile. */
export const INVENTORY_FLAGS = {
  profile: { value: true },
  'kubernetes-version': { value: true },
  tests: {},
  config: { value: true },
};

export interface Inventories {
  files: FileInventory[];
  profile: ClusterProfile;
  notes: string[];
}

/**
 * The sites of `file` in the audit report its config's `audit:` names, if any: `report`
 * shows them next to the model's figures. Each report is read once; a bad one is a note.
 */
function measuredReader(notes: string[]): (file: string, config: LoadedConfig | undefined) => MeasuredSite[] | undefined {
  const reports = new Map<string, MeasuredReport | undefined>();
  return (file, config) => {
    if (!config?.config.audit) return undefined;
    const reportFile = path.resolve(path.dirname(config.path), config.config.audit);
    if (!reports.has(reportFile)) {
      const r = readMeasuredReport(reportFile);
      if (typeof r === 'string') notes.push(`${displayPath(reportFile)} (audit: in ${displayPath(config.path)}): ${r}; no measured figures`);
      reports.set(reportFile, typeof r === 'string' ? undefined : r);
    }
    const report = reports.get(reportFile);
    return report && sitesOfFile(report, reportFile, path.dirname(config.path), path.resolve(file));
  };
}

export async function inventories(paths: string[], p: Parsed, opts: { measured?: boolean } = {}): Promise<Inventories> {
  const walked = walk(paths, { tests: true });
  const resolver = new ConfigResolver(flag(p, 'config'));
  const modules = new ModuleResolver();
  const planned = planFiles(walked, resolver, { tests: has(p, 'tests'), modules });
  const notes: string[] = walked.problems.map((x) => `${x.path}: ${x.message}`);

  // One profile per run: the first file's config decides (with the flags on top), its go.mod
  // the client-go and controller-runtime versions the advice follows.
  const spec = profileSpecFor(planned[0]?.config?.config.profile, flag(p, 'profile'), flag(p, 'kubernetes-version'));
  const resolved = resolveProfile(spec, planned[0] && modules.versionHintOf(path.dirname(path.resolve(planned[0].path))));
  if (typeof resolved === 'string') throw new UsageError(resolved);
  const profile: ClusterProfile = resolved;
  const otherProfiles = new Set(planned.map((f) => JSON.stringify(f.config?.config.profile ?? null)));
  if (otherProfiles.size > 1 && !flag(p, 'profile')) notes.push('files have different config profiles; the first file\'s profile is used for all');

  const measured = opts.measured ? measuredReader(notes) : undefined;
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
    if (!inventory.calls.length && !inventory.watches.length) continue;
    const sites = measured?.(f.path, f.config);
    files.push({ path: displayPath(f.path), inventory, ...(sites?.length ? { measured: sites } : {}) });
  }
  return { files, profile, notes };
}
