// The settings that apply to one document: the nearest project config file
// (`.kube-list-lint.yaml`, the same one CI reads) as the base, the editor's `kubeListLint.rules`
// on top. Files the config leaves out (include/exclude, `_test.go` unless `tests: true`)
// get no diagnostics, as in CI. A broken config is reported once and ignored.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { ConfigError, ConfigResolver, configRole, configSelects, profileSpecFor, settingsFromConfig, type LoadedConfig } from '../config/load';
import type { CodeRole } from '../program/roles';
import type { EngineSettings } from '../engine/types';
import { readMeasuredReport, sitesOfFile } from '../host/measuredFile';
import type { MeasuredReport, MeasuredSite } from '../measure/measured';
import { DEFAULT_MAX_BYTES } from '../host/files';
import { ModuleResolver } from '../host/modules';
import { dirname } from 'path';
import { resolveProfile, type ClusterProfile, type VersionHint } from '../sizing/profile';
import type { ServerSettings } from './settings';

export interface DocumentSettings {
  /** False when the project config leaves the file out; `why` says how. */
  selected: boolean;
  why?: string;
  engine: EngineSettings;
  /** Identifies `engine` and the selection, for the per-version analysis cache. */
  key: string;
  maxBytes: number;
  timeoutMs?: number;
  /** The config file used, if any. */
  configPath?: string;
  /** The config asks for test scaffolding and generated code to be linted (`tests: true`). */
  tests: boolean;
  /** The role the config's `roles:` globs give the file, if any. */
  role?: CodeRole;
  /** The audit report the config's `audit:` names, and its sites in this file. */
  measured?: DocumentMeasured;
}

export interface DocumentMeasured {
  report: MeasuredReport;
  /** The report's path as the config gives it. */
  file: string;
  sites: MeasuredSite[];
}

/** Path of a file: URI, or undefined for untitled and other schemes (no project config). */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class ProjectSettings {
  private resolver = new ConfigResolver();
  /** Each file's go.mod: its client-go version is the Kubernetes version when nothing sets one. */
  private modules = new ModuleResolver();
  private readonly reported = new Set<string>();

  constructor(private readonly report: (message: string) => void) {}

  /** Forget every cached config and go.mod (one was created, changed or deleted). */
  clear(): void {
    this.resolver = new ConfigResolver();
    this.modules = new ModuleResolver();
    this.reported.clear();
    this.profiles.clear();
    this.audits.clear();
  }

  private configFor(path: string | undefined): LoadedConfig | undefined {
    if (!path) return undefined;
    try {
      return this.resolver.forFile(path);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      if (!this.reported.has(e.message)) {
        this.reported.add(e.message);
        this.report(`${e.message}; using the editor settings only until it is fixed`);
      }
      return undefined;
    }
  }

  private readonly profiles = new Map<string, ClusterProfile | undefined>();
  /** Audit reports by absolute path, reread when their modification time or size changes (any name: only the default one is watched). */
  private readonly audits = new Map<string, { stamp: string; report?: MeasuredReport }>();

  private auditReport(file: string): MeasuredReport | undefined {
    let stamp: string;
    try {
      const st = fs.statSync(file);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch (e) {
      stamp = `error:${(e as NodeJS.ErrnoException).code}`;
    }
    const hit = this.audits.get(file);
    if (hit?.stamp === stamp) return hit.report;
    const report = readMeasuredReport(file);
    if (typeof report === 'string') this.report(`${file}: ${report}; no measured figures until it is fixed`);
    this.audits.set(file, { stamp, ...(typeof report === 'string' ? {} : { report }) });
    return typeof report === 'string' ? undefined : report;
  }

  /** The measured sites of the file at `p`, from the report the config's `audit:` names. */
  private measuredFor(loaded: LoadedConfig | undefined, p: string | undefined): DocumentMeasured | undefined {
    const name = loaded?.config.audit;
    if (!name || !p || !loaded) return undefined;
    const file = path.resolve(path.dirname(loaded.path), name);
    const report = this.auditReport(file);
    if (!report) return undefined;
    return { report, file: name, sites: sitesOfFile(report, file, path.dirname(loaded.path), p) };
  }

  /** Resolved once per distinct spec; a bad one is reported and the default profile used. */
  private profile(spec: Parameters<typeof resolveProfile>[0], hint: VersionHint | undefined): ClusterProfile | undefined {
    const k = JSON.stringify([spec ?? null, hint ?? null]);
    if (!this.profiles.has(k)) {
      const r = resolveProfile(spec, hint);
      if (typeof r === 'string') this.report(`${r}; sizing with the default profile`);
      this.profiles.set(k, typeof r === 'string' ? undefined : r);
    }
    return this.profiles.get(k);
  }

  forUri(uri: string, client: ServerSettings): DocumentSettings {
    const path = filePath(uri);
    const loaded = this.configFor(path);
    const rules = { ...settingsFromConfig(loaded?.config).rules, ...client.rules };
    let selected = true;
    let why: string | undefined;
    if (path && path.endsWith('_test.go') && !loaded?.config.tests) {
      selected = false;
      why = 'a _test.go file (set `tests: true` in .kube-list-lint.yaml to lint tests)';
    } else if (path && !configSelects(loaded, path)) {
      selected = false;
      why = `left out by include/exclude in ${loaded?.path}`;
    }
    const sorted = Object.entries(rules).sort(([a], [b]) => a.localeCompare(b));
    // The config's profile, with the editor's kubeListLint.profile / .kubernetesVersion on top
    // (as the CLI's --profile / --kubernetes-version are).
    const spec = profileSpecFor(loaded?.config.profile, client.profile || undefined, client.kubernetesVersion || undefined);
    const hint = path ? this.modules.versionHintOf(dirname(path)) : undefined;
    const profile = this.profile(spec, hint);
    return {
      selected,
      why,
      engine: { rules, profile },
      key: JSON.stringify([selected, sorted, loaded?.config.timeoutMs ?? null, spec ?? null, hint ?? null]),
      maxBytes: loaded?.config.maxFileSize ?? DEFAULT_MAX_BYTES,
      timeoutMs: loaded?.config.timeoutMs,
      configPath: loaded?.path,
      tests: !!loaded?.config.tests,
      role: path ? configRole(loaded, path) : undefined,
      measured: this.measuredFor(loaded, path),
    };
  }
}
