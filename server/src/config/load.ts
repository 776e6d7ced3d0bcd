// Finding and reading `.kube-list-lint.yaml|.yml|.json`: the nearest one above a file wins
// (no merging, as with ruff's and golangci-lint's nearest config), cached per folder so a
// monorepo walk reads each config once. Shared by the CLI and the language server.
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import type { EngineSettings } from '../engine/types';
import { GlobSet } from './glob';
import { resolveProfile, type ProfileSpec, type VersionHint } from '../sizing/profile';
import { ruleIdForKey, validateConfig, type ProfileObject, type ProjectConfig } from './validate';

export const CONFIG_FILE_NAMES = ['.kube-list-lint.yaml', '.kube-list-lint.yml', '.kube-list-lint.json'] as const;

/** Where `audit --write` puts its report (beside the config, named by its `audit:` key) unless --output says. */
export const AUDIT_REPORT_FILE = 'kube-list-lint-audit.json';

/** A config file that cannot be used; `message` is the one line the CLI prints (exit 2). */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    readonly expected: string,
  ) {
    super(`${file}: ${keyPath ? keyPath + ': ' : ''}${expected}`);
  }
}

export interface LoadedConfig {
  config: ProjectConfig;
  /** Absolute path of the config file. */
  path: string;
  /** Its folder: include/exclude globs are relative to it. */
  dir: string;
  include: GlobSet;
  exclude: GlobSet;
  /** `roles:` globs, in the order roles are tried. */
  roles: [role: 'product' | 'test' | 'generated' | 'tool', globs: GlobSet][];
}

/** Parses and validates config text; `file` only names it in errors and picks JSON or YAML. */
export function parseConfigText(text: string, file: string): ProjectConfig {
  let value: unknown;
  if (file.endsWith('.json')) {
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new ConfigError(file, '', `expected valid JSON, got ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) {
      const err = doc.errors[0];
      const at = err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      throw new ConfigError(file, '', `expected valid YAML, got ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${at}`);
    }
    value = doc.toJS() ?? {};
  }
  const issues = validateConfig(value);
  if (issues.length) throw new ConfigError(file, issues[0].keyPath, issues[0].message);
  // The shape is checked above; whether the preset and version make a profile is the sizing model's call.
  const config = value as ProjectConfig;
  if (config.profile !== undefined) {
    const profile = resolveProfile(config.profile);
    if (typeof profile === 'string') throw new ConfigError(file, 'profile', profile);
  }
  return config;
}

export function loadConfigFile(file: string): LoadedConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, '', `expected a readable config file, got ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`);
  }
  const config = parseConfigText(text, file);
  const dir = path.dirname(abs);
  const roles = (['product', 'test', 'generated', 'tool'] as const).flatMap((r) => (config.roles?.[r]?.length ? [[r, new GlobSet(config.roles[r]!)] as [typeof r, GlobSet]] : []));
  return { config, path: abs, dir, include: new GlobSet(config.include ?? []), exclude: new GlobSet(config.exclude ?? []), roles };
}

/** The config file in `dir` itself, if any; two of them in one folder is an error. */
export function configFileIn(dir: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).filter((p) => {
    try {
      // Asked for every folder of the tree: a thrown ENOENT costs ~15 µs, three per folder.
      return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  });
  if (found.length > 1) throw new ConfigError(found[1], '', `expected one config file per folder, got also ${path.basename(found[0])}`);
  return found[0];
}

/**
 * Resolves the config for files, walking up from each file's folder; results (and errors)
 * are cached per folder. With `explicit` (`--config FILE`) every file gets that config.
 * The language server keeps one and calls `clear()` when a config file changes.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig | ConfigError | null>();
  private explicitLoaded?: LoadedConfig;

  constructor(private readonly explicit?: string) {}

  /** The config that applies to `filePath` (a file, or a folder for stdin's pretend name), or undefined. */
  forFile(filePath: string): LoadedConfig | undefined {
    if (this.explicit) return (this.explicitLoaded ??= loadConfigFile(this.explicit));
    return this.forDir(path.dirname(path.resolve(filePath)));
  }

  /** Folders a walk listed, and whether each holds a config-named entry (WalkResult.listed). */
  listed?: ReadonlyMap<string, boolean>;

  forDir(dir: string): LoadedConfig | undefined {
    const chain: string[] = [];
    let found: LoadedConfig | ConfigError | null | undefined;
    for (let d = dir; ; d = path.dirname(d)) {
      found = this.byDir.get(d);
      if (found !== undefined) break;
      chain.push(d);
      let file: string | undefined;
      try {
        // A folder the walk saw with no config-named entry needs no stat.
        file = this.listed?.get(d) === false ? undefined : configFileIn(d);
        if (file) found = loadConfigFile(file);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        found = e;
      }
      if (found) break;
      if (path.dirname(d) === d) {
        found = null;
        break;
      }
    }
    for (const d of chain) this.byDir.set(d, found ?? null);
    if (found instanceof ConfigError) throw found;
    return found ?? undefined;
  }

  clear(): void {
    this.byDir.clear();
    this.explicitLoaded = undefined;
  }
}

/** Loads the config that applies to one file (no cache shared between calls). */
export function loadProjectConfig(filePath: string): LoadedConfig | undefined {
  return new ConfigResolver().forFile(filePath);
}

/**
 * Engine settings from a config: rule names mapped to ids, and the profile, whose Kubernetes
 * version is the config's, else the one `hint` (the module's go.mod) suggests.
 */
export function settingsFromConfig(config: ProjectConfig | undefined, hint?: VersionHint): EngineSettings {
  const rules: EngineSettings['rules'] = {};
  for (const [key, setting] of Object.entries(config?.rules ?? {})) {
    const id = ruleIdForKey(key);
    if (id) rules[id] = setting;
  }
  if (config?.profile === undefined && !hint) return { rules };
  // Validated when the file was read (parseConfigText), so an error here cannot happen.
  const profile = resolveProfile(config?.profile, hint);
  return typeof profile === 'string' ? { rules } : { rules, profile };
}

/** Whether a config's include/exclude globs let `filePath` be linted when found by a walk. */
export function configSelects(loaded: LoadedConfig | undefined, filePath: string): boolean {
  if (!loaded) return true;
  const rel = path.relative(loaded.dir, path.resolve(filePath)).split(path.sep).join('/');
  // A file outside the config's folder (only with --config) is judged by the globs as given.
  if (loaded.exclude.matches(rel)) return false;
  return loaded.include.empty || loaded.include.matches(rel);
}

/** The role a config's `roles:` globs give `filePath`, if any (the first role that matches). */
export function configRole(loaded: LoadedConfig | undefined, filePath: string): 'product' | 'test' | 'generated' | 'tool' | undefined {
  if (!loaded?.roles.length) return undefined;
  const rel = path.relative(loaded.dir, path.resolve(filePath)).split(path.sep).join('/');
  return loaded.roles.find(([, g]) => g.matches(rel))?.[0];
}

/** The config's profile with the command line's --profile / --kubernetes-version on top. */
export function profileSpecFor(config: string | ProfileObject | undefined, presetFlag?: string, versionFlag?: string): ProfileSpec | undefined {
  let spec: Exclude<ProfileSpec, string> | undefined = typeof config === 'string' ? { preset: config } : config ? { ...config } : undefined;
  if (presetFlag) spec = { preset: presetFlag, kubernetesVersion: spec?.kubernetesVersion, etcdVersion: spec?.etcdVersion };
  if (versionFlag) spec = { ...(spec ?? {}), kubernetesVersion: versionFlag };
  return spec;
}
