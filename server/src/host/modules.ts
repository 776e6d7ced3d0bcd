// Go modules on disk: the go.mod above a folder and the module path it declares, and the
// modules a go.work uses. Shared by the CLI and the language server (the host layer).
import * as fs from 'fs';
import * as path from 'path';
import type { ModuleInfo } from '../program/index';
import type { VersionHint } from '../sizing/profile';

const MODULE_LINE = /^\s*module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m;

/** The module path a go.mod declares, or undefined when it declares none. */
export function modulePathOf(goModText: string): string | undefined {
  return MODULE_LINE.exec(goModText)?.[2];
}

/** Folders a go.work `use`s, absolute. */
export function workspaceUses(goWorkText: string, dir: string): string[] {
  const out: string[] = [];
  const text = goWorkText.replace(/\/\/.*$/gm, '');
  for (const m of text.matchAll(/\buse\s*\(([^)]*)\)|\buse\s+(\S+)/g)) {
    for (const p of (m[1] ?? m[2]).split(/\s+/).filter(Boolean)) out.push(path.resolve(dir, p.replace(/^"|"$/g, '')));
  }
  return out;
}

/**
 * The version of each module a go.mod requires, after its `replace` directives (a replace
 * with a version wins; one with a local path says nothing about the version).
 */
export function requiredVersions(goModText: string): Map<string, string> {
  const text = goModText.replace(/\/\/.*$/gm, '');
  const out = new Map<string, string>();
  const lines = (verb: string) => [...text.matchAll(new RegExp(`^\\s*${verb}\\s*\\(([^)]*)\\)|^\\s*${verb}\\s+(.+)$`, 'gm'))].flatMap((m) => (m[1] ?? m[2]).split('\n'));
  for (const line of lines('require')) {
    const m = /^\s*"?([^\s"]+)"?\s+(v\S+)/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  for (const line of lines('replace')) {
    const m = /^\s*"?([^\s"]+)"?(?:\s+v\S+)?\s*=>\s*"?([^\s"]+)"?\s+(v\S+)/.exec(line);
    if (m) out.set(m[1], m[3]);
  }
  return out;
}

/**
 * The client-go and controller-runtime versions a module requires (`v0.29.3`): the advice
 * follows them (how informers start, cache option names). Pseudo-versions of v0.0.0 (a
 * checkout of upstream's staging) say nothing. Never the cluster's version: one client-go
 * serves clusters of several minors, and that version is the user's setting.
 */
export function libraryVersionsOfGoMod(goModText: string): VersionHint | undefined {
  const required = requiredVersions(goModText);
  const clientGo = required.get('k8s.io/client-go');
  const controllerRuntime = required.get('sigs.k8s.io/controller-runtime');
  const released = (v: string | undefined): v is string => !!v && /^v0\.[1-9]\d*\.\d+/.test(v);
  if (!released(clientGo) && !released(controllerRuntime)) return undefined;
  return { ...(released(clientGo) ? { clientGo } : {}), ...(released(controllerRuntime) ? { controllerRuntime } : {}) };
}

function readText(p: string): string | undefined {
  try {
    return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(p, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Finds and caches the module of each folder. */
export class ModuleResolver {
  private readonly byDir = new Map<string, ModuleInfo | null>();
  private readonly known = new Map<string, ModuleInfo>();
  private readonly hints = new Map<string, VersionHint | null>();

  /** The module whose go.mod is nearest above `dir` (absolute), if any. */
  moduleOf(dir: string): ModuleInfo | undefined {
    const hit = this.byDir.get(dir);
    if (hit !== undefined) return hit ?? undefined;
    const gomod = readText(path.join(dir, 'go.mod'));
    const declared = gomod !== undefined ? modulePathOf(gomod) : undefined;
    let m: ModuleInfo | undefined;
    if (declared) {
      const clientGo = libraryVersionsOfGoMod(gomod!)?.clientGo;
      m = { root: dir, path: declared, ...(clientGo ? { clientGo } : {}) };
      this.known.set(dir, m);
      // A go.work beside the go.mod brings its other modules along (imports between them resolve).
      const work = readText(path.join(dir, 'go.work'));
      if (work !== undefined) for (const d of workspaceUses(work, dir)) if (d !== dir) this.moduleOf(d);
    } else {
      const parent = path.dirname(dir);
      m = parent !== dir ? this.moduleOf(parent) : undefined;
    }
    this.byDir.set(dir, m ?? null);
    return m;
  }

  /** The client-go and controller-runtime versions the go.mod of `dir`'s module requires (libraryVersionsOfGoMod), cached per module. */
  versionHintOf(dir: string): VersionHint | undefined {
    const m = this.moduleOf(dir);
    if (!m) return undefined;
    let hint = this.hints.get(m.root);
    if (hint === undefined) {
      const text = readText(path.join(m.root, 'go.mod'));
      hint = (text !== undefined ? libraryVersionsOfGoMod(text) : undefined) ?? null;
      this.hints.set(m.root, hint);
    }
    return hint ?? undefined;
  }

  /** Every module seen so far. */
  modules(): ModuleInfo[] {
    return [...this.known.values()];
  }
}
