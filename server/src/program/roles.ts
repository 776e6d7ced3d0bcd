// What a file is for, which decides which findings are worth showing: test scaffolding and
// generated code need (or cannot change) their reads; a one-shot tool intends a consistent
// read, as kubectl does; product code is what runs in the cluster.
import type { FileSummary } from '../engine/summary';

export type CodeRole = 'product' | 'test' | 'generated' | 'tool';

/** Folders of test scaffolding outside `_test.go` files (e2e suites, frameworks, fakes). */
const SCAFFOLD_DIRS = new Set(['test', 'tests', 'e2e', 'hack', 'testing', 'framework', 'fake', 'fakes', 'testutil', 'testutils']);

/**
 * The role `relPath` (slash-separated, relative to its module root) has from its path and
 * its summary alone (or, unparsed, whether its text says it is generated). `tool` needs the package's other files: see toolPackage.
 */
export function fileRole(relPath: string, summary?: Pick<FileSummary, 'generated' | 'testImports'>, generated?: boolean): CodeRole {
  const parts = relPath.split('/');
  const name = parts.pop() ?? '';
  if (name.endsWith('_test.go') || parts.some((p) => SCAFFOLD_DIRS.has(p) || p.endsWith('-e2e') || p.endsWith('_e2e'))) return 'test';
  if (summary?.generated || generated) return 'generated';
  if (summary?.testImports) return 'test';
  return 'product';
}


/**
 * A `main` package none of whose files starts a manager, informer or server, nor reads the
 * node it runs on (TextFacts.runtime): a one-shot tool.
 */
export function toolPackage(files: { package?: string; runtime: boolean }[]): boolean {
  return files.length > 0 && files.every((f) => f.package === 'main') && !files.some((f) => f.runtime);
}
