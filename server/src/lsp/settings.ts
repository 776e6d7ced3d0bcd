// Client settings (`kubeListLint.*`), validated: a bad value is reported and replaced by
// its default, never thrown, so a typo in settings.json cannot stop the server.
import { findRule } from '../engine/rules';
import type { RuleSetting } from '../engine/types';

export type RunMode = 'onType' | 'onSave';

export interface ServerSettings {
  enable: boolean;
  /** Per-rule severity or `off`, keyed by rule id; names given by the user are mapped to ids. */
  rules: Record<string, RuleSetting>;
  run: RunMode;
  codeLens: boolean;
  /** Sizing preset (e.g. `4k-nodes`) over the project config's profile; '' = the config's or the default. */
  profile: string;
  /** Kubernetes version such as "1.30" over the config's; '' = the config's, else go.mod's client-go version, else 1.34 assumed (docs/sizing.md). */
  kubernetesVersion: string;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  enable: true,
  rules: {},
  run: 'onType',
  codeLens: true,
  profile: '',
  kubernetesVersion: '',
};

const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Neovim encodes an empty Lua table as `[]`: it means "nothing set", as `{}` does. */
function isEmptyLuaTable(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

/** Validates a raw `kubeListLint` object; `problems` lists what was ignored and why. */
export function normalizeSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const s: ServerSettings = { ...DEFAULT_SERVER_SETTINGS, rules: {} };
  // Neovim sends an empty Lua table as `[]`: no settings, like an empty object.
  if (raw === undefined || raw === null || isEmptyLuaTable(raw)) return { settings: s, problems };
  if (!isRecord(raw)) return { settings: s, problems: ['kubeListLint settings are not an object; using defaults'] };
  const bool = (k: 'enable' | 'codeLens') => {
    if (raw[k] === undefined) return;
    if (typeof raw[k] === 'boolean') s[k] = raw[k] as boolean;
    else problems.push(`kubeListLint.${k} must be true or false`);
  };
  bool('enable');
  bool('codeLens');
  if (raw.run !== undefined) {
    if (raw.run === 'onType' || raw.run === 'onSave') s.run = raw.run;
    else problems.push('kubeListLint.run must be "onType" or "onSave"');
  }
  for (const k of ['profile', 'kubernetesVersion'] as const) {
    if (raw[k] === undefined || raw[k] === null) continue;
    if (typeof raw[k] === 'string') s[k] = (raw[k] as string).trim();
    else problems.push(`kubeListLint.${k} must be a string`);
  }
  if (s.kubernetesVersion && !/^v?1\.\d+(\.\d+)?$/.test(s.kubernetesVersion)) {
    problems.push(`kubeListLint.kubernetesVersion "${s.kubernetesVersion}" is not a version like 1.30; ignored`);
    s.kubernetesVersion = '';
  }
  if (raw.rules !== undefined && !isEmptyLuaTable(raw.rules)) {
    if (!isRecord(raw.rules)) problems.push('kubeListLint.rules must be an object such as {"KLL002": "off"}');
    else {
      for (const [key, value] of Object.entries(raw.rules)) {
        const rule = findRule(key);
        if (!rule) problems.push(`kubeListLint.rules: no rule ${key}`);
        else if (!RULE_SETTINGS.includes(value as RuleSetting)) problems.push(`kubeListLint.rules.${key} must be one of ${RULE_SETTINGS.join(', ')}`);
        else s.rules[rule.meta.id] = value as RuleSetting;
      }
    }
  }
  return { settings: s, problems };
}
