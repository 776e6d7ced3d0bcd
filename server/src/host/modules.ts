// Go modules on disk: the go.mod above a folder and the module path it declares, and the
// modules a go.work uses. Shared by the CLI and the language server (the host layer).
import * as fs from 'fs';
import * as path from 'path';
import type { ModuleInfo } from '../program/index';

const MODULE_LINE = /^\s*module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m;

/** The module path a go.mod declares, or undefined when it declares none. */
export function modulePathOf(goModText: string): string | undefined {
  return MODULE_LINE.exec(goModText)?.[2];
}

/**
 * The k8s.io/client-go version a go.mod requires (`v0.31.2`), after a versioned `replace`;
 * undefined when it requires none or replaces it with a folder.
 */
export function clientGoVersionOf(goModText: string): string | undefined {
  const text = goModText.replace(/\/\/.*$/gm, '');
  const replaced = /^\s*(?:replace\s+)?k8s\.io\/client-go(?:\s+v\S+)?\s*=>\s*(\S+)(?:\s+(v\S+))?\s*$/m.exec(text);
  if (replaced) return replaced[1] === 'k8s.io/client-go' ? replaced[2] : undefined;
  return /^\s*(?:require\s+)?k8s\.io\/client-go\s+(v\S+)/m.exec(text)?.[1];
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

  /** The module whose go.mod is nearest above `dir` (absolute), if any. */
  moduleOf(dir: string): ModuleInfo | undefined {
    const hit = this.byDir.get(dir);
    if (hit !== undefined) return hit ?? undefined;
    const gomod = readText(path.join(dir, 'go.mod'));
    const declared = gomod !== undefined ? modulePathOf(gomod) : undefined;
    let m: ModuleInfo | undefined;
    if (declared) {
      const clientGo = clientGoVersionOf(gomod!);
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

  /** Every module seen so far. */
  modules(): ModuleInfo[] {
    return [...this.known.values()];
  }
}
