// What a file is for, which decides which findings are worth showing: test scaffolding and
// generated code need (or cannot change) their reads; a one-shot tool intends a consistent
// read, as kubectl does; product code is what runs in the cluster.
import { isGenerated, type FileSummary } from '../engine/summary';

export type CodeRole = 'product' | 'test' | 'generated' | 'tool';

/** Folders of test scaffolding outside `_test.go` files (e2e suites, frameworks, fakes). */
const SCAFFOLD_DIRS = new Set(['test', 'tests', 'e2e', 'hack', 'testing', 'framework', 'fake', 'fakes', 'testutil', 'testutils']);

/**
 * The role `relPath` (slash-separated, relative to its module root) has from its path and
 * its summary alone. `tool` needs the package's other files: see toolPackage.
 */
export function fileRole(relPath: string, summary?: Pick<FileSummary, 'generated' | 'testImports'>, headerText?: string): CodeRole {
  const parts = relPath.split('/');
  const name = parts.pop() ?? '';
  if (name.endsWith('_test.go') || parts.some((p) => SCAFFOLD_DIRS.has(p) || p.endsWith('-e2e') || p.endsWith('_e2e'))) return 'test';
  if (summary?.generated || (headerText !== undefined && isGenerated(headerText))) return 'generated';
  if (summary?.testImports) return 'test';
  return 'product';
}


/** Text that starts something long-running: a manager, an informer, a server, leader election. */
const STARTS_RUNTIME = /\b(NewManager|NewSharedInformerFactory\w*|NewSharedIndexInformer|NewIndexerInformer|NewInformer\w*|ListenAndServe\w*|NewServer|RunOrDie|NewControllerManagedBy)\s*\(|\bmgr\.Start\(|\bmanager\.New\(/;

/** A `NODE_NAME`-style read: the program is a per-node agent (a DaemonSet), not a tool. */
const PER_NODE = /\bos\.(?:Getenv|LookupEnv)\(\s*"[A-Z0-9_]*NODE_?NAME[A-Z0-9_]*"/;

/**
 * A `main` package none of whose files starts a manager, informer or server, nor reads the
 * node it runs on: a one-shot tool.
 */
export function toolPackage(files: { package: string; text: string }[]): boolean {
  return files.length > 0 && files.every((f) => f.package === 'main') && !files.some((f) => STARTS_RUNTIME.test(f.text) || PER_NODE.test(f.text));
}

/** The package clause's name, from text (for files that were never parsed). */
export function packageOfText(text: string): string | undefined {
  return /^package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(text)?.[1];
}
