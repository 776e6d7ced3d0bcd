// What the program model needs to know of a file it does not parse, read from its text with
// a few expressions: plain data, computed once where the file is read (a CLI worker thread
// for the files the prefilter skipped), so the program pass does not read the file again.
import { isGenerated } from '../engine/summary';

export interface TextFacts {
  /** The package clause's name. */
  package?: string;
  imports: string[];
  generated: boolean;
  /**
   * Configures a manager or its cache, takes a client from one, or loads a rest.Config (a
   * loader other packages build clients from, KLL304): the index needs its summary.
   */
  configures: boolean;
  /** Calls wait.Poll*: a method value given to it is a call, so every word counts as called. */
  polls: boolean;
  /** Starts something long-running or reads the node it runs on: a main package with it is no one-shot tool. */
  runtime: boolean;
}

const CONFIG_NEEDLE = /\bcache\.Options\s*\{|CacheOptions\s*\{|\bNewManager\s*\(|\bGetClient\(\)|\bGetAPIReader\(\)|\bIndexField\s*\(|\bNewControllerManagedBy\s*\(/;
/** Loaders of a rest.Config: a file with one may declare a function other packages build clients from (KLL304). */
const CONFIG_LOADERS = /\bInClusterConfig\(\)|\bBuildConfigFromFlags\(|\bRESTConfigFromKubeConfig\(/;
const POLL_NEEDLE = /\bwait\.(Poll|ExponentialBackoff)\w*\(/;
const IMPORTS = /^import\s*(?:\(([^)]*)\)|[\w.]*\s*"([^"]+)")/gm;

/** Text that starts something long-running: a manager, an informer, a server, leader election. */
const STARTS_RUNTIME = /\b(NewManager|NewSharedInformerFactory\w*|NewSharedIndexInformer|NewIndexerInformer|NewInformer\w*|ListenAndServe\w*|NewServer|RunOrDie|NewControllerManagedBy)\s*\(|\bmgr\.Start\(|\bmanager\.New\(/;

/** A `NODE_NAME`-style read: the program is a per-node agent (a DaemonSet), not a tool. */
const PER_NODE = /\bos\.(?:Getenv|LookupEnv)\(\s*"[A-Z0-9_]*NODE_?NAME[A-Z0-9_]*"/;

/** The package clause's name, from text (for files that were never parsed). */
export function packageOfText(text: string): string | undefined {
  return /^package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(text)?.[1];
}

/** Where the import declarations must have ended: Go puts them before every other declaration. */
function importsEnd(text: string): number {
  return FIRST_DECL.exec(text)?.index ?? text.length;
}
const FIRST_DECL = /^(?:func|type|var|const)\b/m;

/** Import paths of a file's text. */
export function importsOfText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.slice(0, importsEnd(text)).matchAll(IMPORTS)) {
    if (m[2]) out.push(m[2]);
    else for (const q of (m[1] ?? '').matchAll(/"([^"]+)"/g)) out.push(q[1]);
  }
  return out;
}

/** Whether the text starts something long-running or reads NODE_NAME. */
export function startsRuntime(text: string): boolean {
  return STARTS_RUNTIME.test(text) || PER_NODE.test(text);
}

export function textFacts(text: string): TextFacts {
  return {
    package: packageOfText(text),
    imports: importsOfText(text),
    generated: isGenerated(text),
    configures: CONFIG_NEEDLE.test(text) || CONFIG_LOADERS.test(text),
    polls: POLL_NEEDLE.test(text),
    runtime: startsRuntime(text),
  };
}

/** The words of `text` followed by `(` (what it calls), or every word for a file that polls (method values). */
export function wordsOf(text: string, polls: boolean): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(polls ? /[A-Za-z_][A-Za-z0-9_]*/g : /([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) out.add(polls ? m[0] : m[1]);
  return out;
}
