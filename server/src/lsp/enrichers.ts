// What the sizing model and the audit add to hovers and lenses: the cost the model computed
// for the finding under the document's cluster profile (`Finding.cost`, server/src/sizing),
// and what an audit log measured for the same call (the config's `audit:` report). Without
// them hover and lens fall back to the finding alone.
import type { Finding } from '../engine/types';
import { measuredMarkdown, measuredPhrase, measuredSiteFor, type MeasuredSite } from '../measure/measured';
import { codeLensText, formatCostMarkdown } from '../sizing/present';
import type { HoverSection } from './hover';
import type { DocumentMeasured } from './projectConfig';

/** The `Cost` table for the hover. */
export function hoverSections(f: Finding): HoverSection[] {
  return f.cost ? [{ title: 'Cost', markdown: formatCostMarkdown(f.cost) }] : [];
}

/** The lens text after the rule id: `LIST pods · etcd · ≈2.0 GB · ≈10 s`. */
export function lensDetail(f: Finding): string | undefined {
  return f.cost ? codeLensText(f.cost) : undefined;
}

/** The audit's site for the finding's call, if the report has it. */
export function measuredSite(f: Finding, m: DocumentMeasured | undefined): MeasuredSite | undefined {
  return m && measuredSiteFor(m.sites, { enclosingFunction: f.enclosingFunction, callText: f.callText, line: f.range.start.line + 1 });
}

/** Cost, then what the audit measured for the same call. */
export function measuredHoverSections(m: DocumentMeasured | undefined): (f: Finding) => HoverSection[] {
  return (f) => {
    const site = measuredSite(f, m);
    return [...hoverSections(f), ...(site && m ? [{ title: 'Measured', markdown: measuredMarkdown(site, m.report, m.file) }] : [])];
  };
}

/** `measured: 1,840 LISTs/hour, p99 4.2 s` for the lens, after the model's figures. */
export function measuredLens(m: DocumentMeasured | undefined): (f: Finding) => string | undefined {
  return (f) => {
    const site = measuredSite(f, m);
    return site && measuredPhrase(site);
  };
}

/** The sites of the report in this document that no finding shows (their lens and hover are the audit's alone). */
export function unreportedSites(findings: readonly Finding[], m: DocumentMeasured | undefined): MeasuredSite[] {
  if (!m?.sites.length) return [];
  const shown = new Set(findings.map((f) => measuredSite(f, m)));
  return m.sites.filter((s) => !shown.has(s));
}

/** The lens above a measured call no rule reports: `LIST configmaps · measured: 13 LISTs/hour, p99 0.05 s`. */
export function measuredOnlyLens(site: MeasuredSite): string {
  return `${site.label} · ${measuredPhrase(site)}`;
}

/** The hover of a measured call no rule reports: what the audit measured, nothing else. */
export function measuredOnlyHover(site: MeasuredSite, m: DocumentMeasured): string {
  return `**${site.label}** · no finding\n\n#### Measured\n\n${measuredMarkdown(site, m.report, m.file)}`;
}
