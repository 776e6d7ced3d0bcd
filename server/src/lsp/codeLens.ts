// One CodeLens above each finding: "KLL001 · LIST pods · etcd · ≈600 MB · ≈3 s" from the
// sizing model's cost, or "KLL001 · LIST pods · etcd before 1.31" from the finding's data
// alone (sizing off), then what an audit log measured for the call, if the project has one.
// Never from the message's text.
import type { CodeLens } from 'vscode-languageserver';
import type { Finding } from '../engine/types';
import { since } from '../sizing/gates';

/** Where the rule says the request is served, in a few words, when the sizing model is off. */
const SERVED: Record<string, (f: Finding) => string> = {
  KLL001: (f) => `${f.data?.paginated ? 'pages from etcd' : 'etcd'} before ${since('ConsistentListFromCache')}`,
  KLL002: () => 'etcd quorum read',
  KLL003: () => 'whole list, limit ignored',
  KLL004: () => `etcd before ${since('ListFromCacheSnapshot')}`,
};

/** The text after the rule id when the sizing model has one (`LIST pods · etcd · ≈2.0 GB · ≈10 s`). */
export type LensEnricher = (f: Finding) => string | undefined;

/** The model's text, then what an audit measured (`measured: 1,840 LISTs/hour, p99 4.2 s`) when `measured` has it. */
export function lensTitle(f: Finding, enrich?: LensEnricher, measured?: LensEnricher): string {
  const sized = enrich?.(f);
  const bits = sized ? [f.rule, sized] : [f.rule, f.data?.request, f.data?.servedFrom ?? SERVED[f.rule]?.(f) ?? f.data?.frequency ?? f.name];
  return [...bits, measured?.(f)].filter(Boolean).join(' · ');
}

export function codeLenses(findings: readonly Finding[], enrich?: LensEnricher, measured?: LensEnricher): CodeLens[] {
  // An empty command renders as plain text in VS Code; the lens informs, it does not act.
  return findings.map((f) => ({
    range: { start: f.range.start, end: f.range.start },
    command: { title: lensTitle(f, enrich, measured), command: '' },
  }));
}
