// The project config file's shape, checked by hand so that every error names the key path
// and what was expected (`rules.KLL001: expected one of error, ..., got "warn"`). Pure: no
// fs. schemas/kube-list-lint.schema.json describes the same shape for editors; a test
// keeps the two in agreement.
import { RULES } from '../engine/rules';
import type { RuleSetting } from '../engine/types';

export interface ResourceSizing {
  count?: number;
  avgBytes?: number;
  /** Where the numbers come from (`profile import` writes it: file, time, cluster version). */
  source?: string;
}

/** Where an imported profile's numbers come from (`kube-list-lint profile import`, docs/measure.md). */
export interface MeasuredFrom {
  /** When the files were saved (their modification time), ISO 8601. */
  at?: string;
  /** The server's gitVersion from `kubectl version -o json`, e.g. `v1.30.4`. */
  serverVersion?: string;
  /** The files the numbers were read from. */
  files?: string[];
  /** What the import could not measure (resources that keep the preset's values, and why). */
  notes?: string[];
}

/** The cluster profile: only its shape is checked here; the sizing code resolves presets. */
export interface ProfileObject {
  /** Shown instead of `PRESET+custom` (an imported cluster's name). */
  name?: string;
  preset?: string;
  kubernetesVersion?: string;
  etcdVersion?: string;
  nodes?: number;
  namespaces?: number;
  perNodeAgent?: boolean;
  resources?: Record<string, ResourceSizing>;
  /** Set by `profile import`: where the numbers come from. */
  measured?: MeasuredFrom;
  /** Resources kube-apiserver keeps no watch cache for (`--watch-cache-sizes=RESOURCE#0`); Events always. */
  watchCacheDisabled?: string[];
}

export interface ProjectConfig {
  /** Rule id or name -> severity or `off`. */
  rules?: Record<string, RuleSetting>;
  /** Globs relative to the config file's folder; when given, only matching files are linted. */
  include?: string[];
  exclude?: string[];
  /** Lint `_test.go` files, and show findings in test scaffolding and generated code. */
  tests?: boolean;
  /** Role by globs relative to the config file's folder (the first role whose globs match wins). */
  roles?: Partial<Record<'product' | 'test' | 'generated' | 'tool', string[]>>;
  /** A preset name, or a profile object. */
  profile?: string | ProfileObject;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileSize?: number;
  /** Per-file analysis budget in milliseconds. */
  timeoutMs?: number;
  /** An `audit --format json` report, relative to the config file's folder: hover and CodeLens show its measured figures. */
  audit?: string;
}

export interface ConfigIssue {
  /** Dotted path of the offending key, e.g. `rules.KLL001`; `` for the document itself. */
  keyPath: string;
  /** What was expected, and what was found: `expected a boolean, got "yes"`. */
  message: string;
}

export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];
export const TOP_LEVEL_KEYS = ['rules', 'include', 'exclude', 'tests', 'roles', 'profile', 'maxFileSize', 'timeoutMs', 'audit'] as const;
export const ROLE_KEYS = ['product', 'test', 'generated', 'tool'] as const;
export const PROFILE_KEYS = ['name', 'preset', 'kubernetesVersion', 'etcdVersion', 'nodes', 'namespaces', 'perNodeAgent', 'resources', 'measured', 'watchCacheDisabled'] as const;
export const RESOURCE_KEYS = ['count', 'avgBytes', 'source'] as const;
export const MEASURED_KEYS = ['at', 'serverVersion', 'files', 'notes'] as const;

/** A short, stable rendering of a value for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
  return String(v);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The rule a config key names (exact id or exact name), if any. */
export function ruleIdForKey(key: string): string | undefined {
  return RULES.find((r) => r.meta.id === key || r.meta.name === key)?.meta.id;
}

export function validateConfig(value: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const bad = (keyPath: string, expected: string, got: unknown) => issues.push({ keyPath, message: `expected ${expected}, got ${describeValue(got)}` });
  const unknownKey = (keyPath: string, known: readonly string[]) =>
    issues.push({ keyPath, message: `expected one of the keys ${known.join(', ')}, got unknown key` });

  const wholeNumber = (path: string, v: unknown, min: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) bad(path, min > 0 ? 'a positive whole number' : 'a whole number >= 0', v);
  };
  const str = (path: string, v: unknown) => {
    if (typeof v !== 'string' || v === '') bad(path, 'a non-empty string', v);
  };
  const globs = (path: string, v: unknown) => {
    if (!Array.isArray(v)) return bad(path, 'a list of glob strings', v);
    v.forEach((g, i) => str(`${path}[${i}]`, g));
  };

  if (!isMapping(value)) {
    bad('', 'a mapping of settings', value);
    return issues;
  }
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'rules': {
        if (!isMapping(v)) {
          bad(key, 'a mapping of rule id or name to a severity', v);
          break;
        }
        const seen = new Map<string, string>();
        for (const [rk, rv] of Object.entries(v)) {
          const path = join(key, rk);
          const id = ruleIdForKey(rk);
          if (!id) {
            issues.push({ keyPath: path, message: `expected a rule id or name (${RULES.map((r) => r.meta.id).join(', ')} or their names), got unknown rule` });
            continue;
          }
          const prev = seen.get(id);
          if (prev) issues.push({ keyPath: path, message: `expected each rule once, got ${id} again (also set as ${prev})` });
          seen.set(id, rk);
          if (typeof rv !== 'string' || !RULE_SETTINGS.includes(rv as RuleSetting)) bad(path, `one of ${RULE_SETTINGS.join(', ')}`, rv);
        }
        break;
      }
      case 'include':
      case 'exclude':
        globs(key, v);
        break;
      case 'tests':
        if (typeof v !== 'boolean') bad(key, 'a boolean (true or false)', v);
        break;
      case 'roles':
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          bad(key, `a mapping of ${ROLE_KEYS.join(', ')} to globs`, v);
          break;
        }
        for (const [rk, rv] of Object.entries(v)) {
          if (!(ROLE_KEYS as readonly string[]).includes(rk)) unknownKey(join(key, rk), ROLE_KEYS);
          else globs(join(key, rk), rv);
        }
        break;
      case 'maxFileSize':
      case 'timeoutMs':
        wholeNumber(key, v, 1);
        break;
      case 'profile':
        validateProfile(v, bad, unknownKey, wholeNumber, str);
        break;
      case 'audit':
        if (typeof v !== 'string' || v === '') bad(key, 'the path of an `audit --format json` report', v);
        break;
      default:
        unknownKey(key, TOP_LEVEL_KEYS);
    }
  }
  return issues;
}

function validateProfile(
  v: unknown,
  bad: (p: string, e: string, g: unknown) => void,
  unknownKey: (p: string, k: readonly string[]) => void,
  wholeNumber: (p: string, v: unknown, min: number) => void,
  str: (p: string, v: unknown) => void,
): void {
  if (typeof v === 'string') {
    if (v === '') bad('profile', 'a preset name or a profile mapping', v);
    return;
  }
  if (!isMapping(v)) return bad('profile', 'a preset name or a profile mapping', v);
  /** Each key of a mapping at `path`, or one problem when it is not a mapping. */
  const entries = (path: string, m: unknown, expected: string, each: (keyPath: string, value: unknown, key: string) => void) => {
    if (!isMapping(m)) return bad(path, expected, m);
    for (const [k, x] of Object.entries(m)) each(join(path, k), x, k);
  };
  for (const [k, pv] of Object.entries(v)) {
    const path = join('profile', k);
    switch (k) {
      case 'name':
      case 'preset':
      case 'kubernetesVersion':
      case 'etcdVersion':
        str(path, pv);
        break;
      case 'nodes':
      case 'namespaces':
        wholeNumber(path, pv, 0);
        break;
      case 'perNodeAgent':
        if (typeof pv !== 'boolean') bad(path, 'a boolean (true or false)', pv);
        break;
      case 'watchCacheDisabled':
        if (!Array.isArray(pv)) bad(path, 'a list of resource names', pv);
        else pv.forEach((r, i) => str(`${path}[${i}]`, r));
        break;
      case 'resources':
        entries(path, pv, 'a mapping of resource name to {count, avgBytes}', (rp, sizing) =>
          entries(rp, sizing, 'a mapping with count and/or avgBytes', (sp, sv, sk) => {
            if (sk === 'count' || sk === 'avgBytes') wholeNumber(sp, sv, 0);
            else if (sk === 'source') str(sp, sv);
            else unknownKey(sp, RESOURCE_KEYS);
          }),
        );
        break;
      case 'measured':
        entries(path, pv, 'a mapping with at, serverVersion, files, notes', (mp, mv, mk) => {
          if (mk === 'at' || mk === 'serverVersion') str(mp, mv);
          else if (mk !== 'files' && mk !== 'notes') unknownKey(mp, MEASURED_KEYS);
          else if (!Array.isArray(mv)) bad(mp, 'a list of strings', mv);
          else mv.forEach((x, i) => str(`${mp}[${i}]`, x));
        });
        break;
      default:
        unknownKey(path, PROFILE_KEYS);
    }
  }
}
