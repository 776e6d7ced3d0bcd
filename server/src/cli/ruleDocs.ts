// Where a rule's page lives on the web (SARIF helpUri, GitHub annotations), and its text
// from docs/rules/: what `kube-list-lint explain` prints and SARIF's rule `help` carries.
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../host/grammarFiles';
export const RULE_DOCS_BASE = 'https://github.com/kube-list-lint/kube-list-lint/blob/main/docs/rules/';
export const INFORMATION_URI = 'https://github.com/kube-list-lint/kube-list-lint';

export function ruleHelpUri(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}

const pages = new Map<string, string | undefined>();

/** The rule's page (markdown), read once; undefined when the package has no such page. */
export function rulePage(id: string): string | undefined {
  if (!pages.has(id)) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(path.join(packageRoot(), 'docs', 'rules', `${id}.md`), 'utf8');
    } catch {
      text = undefined;
    }
    pages.set(id, text);
  }
  return pages.get(id);
}
