// Narrowing a run: which rules (--select/--ignore), which files (--changed-since, --shard).
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../engine/rules';
import type { EngineSettings } from '../engine/types';
import { UsageError } from './args';

export interface RuleSelection {
  select: string[];
  ignore: string[];
}

/** `KLL0,KLL201` -> prefixes; a rule name selects that rule. Unknown ones are usage errors. */
export function parseRuleList(flagName: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const it of items) {
    if (!RULES.some((r) => r.meta.id.startsWith(it.toUpperCase()) || r.meta.name === it)) {
      throw new UsageError(`--${flagName}: ${it} matches no rule (\`kube-list-lint rules\` lists them)`);
    }
  }
  return items;
}

function matches(item: string, id: string, name: string): boolean {
  return id.startsWith(item.toUpperCase()) || name === item;
}

export function ruleSelected(sel: RuleSelection, id: string, name: string): boolean {
  if (sel.select.length && !sel.select.some((s) => matches(s, id, name))) return false;
  return !sel.ignore.some((s) => matches(s, id, name));
}

/** Turns off the rules a selection leaves out, so they are neither run, reported nor fixed. */
export function applyRuleSelection(settings: EngineSettings, sel: RuleSelection): EngineSettings {
  if (!sel.select.length && !sel.ignore.length) return settings;
  const rules = { ...settings.rules };
  for (const r of RULES) if (!ruleSelected(sel, r.meta.id, r.meta.name)) rules[r.meta.id] = 'off';
  return { ...settings, rules };
}

/** `K/N` with 1 <= K <= N. */
export function parseShard(value: string | undefined): { k: number; n: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard must be K/N with 1 <= K <= N, got ${value}`);
  return { k, n };
}

/** The shard a file belongs to, 1-based: a hash of its `/`-separated path, so every job agrees. */
export function shardOf(displayPath: string, n: number): number {
  return (createHash('sha256').update(displayPath).digest().readUInt32BE(0) % n) + 1;
}

function git(args: string[], cwd: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new UsageError(`--changed-since needs git: ${r.error.message}`);
  if (r.status !== 0) throw new UsageError(`git ${args.join(' ')}: ${(r.stderr || '').trim().split('\n')[0]}`);
  return r.stdout;
}

/**
 * Absolute paths of the .go files changed since `rev` (committed, staged or not) plus
 * untracked ones, that still exist. Deleted and renamed-away files are not linted.
 */
export function changedGoFiles(rev: string, cwd = process.cwd()): Set<string> {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const names = [
    ...git(['diff', '--name-only', '--no-renames', '-z', rev, '--'], cwd).split('\0'),
    ...git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], top).split('\0'),
  ];
  const out = new Set<string>();
  for (const n of names) {
    if (!n.endsWith('.go')) continue;
    const abs = path.join(top, n);
    if (fs.existsSync(abs)) out.add(fs.realpathSync(abs));
  }
  return out;
}
