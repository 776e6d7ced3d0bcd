// Where a rule's page lives on the web (SARIF helpUri, GitHub annotations); the same page
// `kube-list-lint explain` prints from docs/rules/.
export const RULE_DOCS_BASE = 'https://github.com/kube-list-lint/kube-list-lint/blob/main/docs/rules/';
export const INFORMATION_URI = 'https://github.com/kube-list-lint/kube-list-lint';

export function ruleHelpUri(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
