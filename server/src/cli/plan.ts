// Which files a run lints and with what settings: the walk's files, filtered by the nearest
// project config (include/exclude, tests), each paired with its engine settings. Files
// named on the command line are linted even when a glob would drop them, as ruff does.
import { ConfigResolver, configSelects, settingsFromConfig, type LoadedConfig } from '../config/load';
import type { EngineSettings } from '../engine/types';
import { DEFAULT_MAX_BYTES } from '../host/files';
import { ModuleResolver } from '../host/modules';
import type { WalkResult } from '../host/walk';
import { dirname, resolve } from 'path';

export interface PlannedFile {
  path: string;
  settings: EngineSettings;
  maxBytes: number;
  /** Analysis budget from the config's timeoutMs. */
  timeoutMs?: number;
  config?: LoadedConfig;
}

export interface PlanOptions {
  /** `--tests`: lint _test.go files whatever the config says. */
  tests: boolean;
  /** `--max-file-size`, which overrides the config's maxFileSize. */
  maxBytes?: number;
  /** Finds each file's go.mod, whose client-go version is the Kubernetes version when the config has none. */
  modules?: ModuleResolver;
}

export function planFile(path: string, config: LoadedConfig | undefined, opts: PlanOptions): PlannedFile {
  return {
    path,
    settings: settingsFromConfig(config?.config, (opts.modules ?? new ModuleResolver()).versionHintOf(dirname(resolve(path)))),
    maxBytes: opts.maxBytes ?? config?.config.maxFileSize ?? DEFAULT_MAX_BYTES,
    timeoutMs: config?.config.timeoutMs,
    config,
  };
}

/** Throws ConfigError when a config that applies to one of the files is broken. */
export function planFiles(walked: WalkResult, resolver: ConfigResolver, opts: PlanOptions): PlannedFile[] {
  const out: PlannedFile[] = [];
  opts = { ...opts, modules: opts.modules ?? new ModuleResolver() };
  resolver.listed = walked.listed;
  for (const f of walked.files) {
    const config = resolver.forFile(f);
    if (!walked.named.has(f)) {
      if (f.endsWith('_test.go') && !(opts.tests || config?.config.tests)) continue;
      if (!configSelects(config, f)) continue;
    }
    out.push(planFile(f, config, opts));
  }
  return out;
}
