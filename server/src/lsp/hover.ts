// Hover text for a flagged call, in markdown: what the diagnostic's message does not say.
// Sections are composable so the sizing model can add its cost table without touching the rest.
import type { Finding } from '../engine/types';
import { sloText } from '../sizing/present';
import { ruleUrl } from './protocol';

export interface HoverSection {
  /** Rendered as a `####` heading; omitted when empty. */
  title: string;
  markdown: string;
}

/** Extra sections for a finding (the sizing model's cost table goes here). */
export type HoverEnricher = (f: Finding) => HoverSection[];

export function findingsAt(findings: readonly Finding[], offset: number): Finding[] {
  return findings.filter((f) => f.start <= offset && offset <= f.end);
}

function fixesSection(f: Finding): HoverSection | undefined {
  if (!f.fixes.length) return undefined;
  const items = f.fixes.map((x) => `- ${x.title} (${x.safe ? 'safe' : 'unsafe: changes what the server returns'})`);
  return { title: 'Fixes', markdown: items.join('\n') };
}

/** `LIST pods · served from etcd before 1.31; watch cache from 1.31 · per node`: the finding's data in one line. */
export function dataLine(f: Finding): string | undefined {
  const d = f.data;
  if (!d) return undefined;
  const bits = [d.request, d.servedFrom && `served from ${d.servedFrom}`, d.frequency, d.slo && `**${sloText(d.slo, true)}**`].filter(Boolean);
  return bits.length ? bits.join(' · ') : undefined;
}

/** The explanation the one-line message leaves out (`Finding.data.detail`). */
function whySection(f: Finding): HoverSection | undefined {
  const line = dataLine(f);
  const parts = [line && `_${line}_`, f.data?.detail].filter(Boolean);
  return parts.length ? { title: 'Why', markdown: parts.join('\n\n') } : undefined;
}

/**
 * The finding's hover: what the diagnostic's message does not say. Editors show the message
 * at the top of the hover already (VS Code above this text), so it is not repeated here: the
 * rule, then the cost table (the enrichers' sections), then why, the fixes and the page.
 */
export function renderFinding(f: Finding, extra: HoverSection[] = []): string {
  const parts = [`**${f.rule}** \`${f.name}\` · ${f.severity}`];
  const sections = [...extra, whySection(f), fixesSection(f)].filter((s): s is HoverSection => !!s);
  for (const s of sections) parts.push(s.title ? `#### ${s.title}\n\n${s.markdown}` : s.markdown);
  parts.push(`[${f.rule} ${f.name}](${ruleUrl(f.rule)}) · silence with \`//kube-list-lint:ignore ${f.rule} reason\``);
  return parts.join('\n\n');
}

/** Markdown for every finding covering the hovered offset, or undefined when none does. */
export function renderHover(findings: readonly Finding[], offset: number, enrich?: HoverEnricher): { markdown: string; findings: Finding[] } | undefined {
  const here = findingsAt(findings, offset);
  if (!here.length) return undefined;
  return { markdown: here.map((f) => renderFinding(f, enrich?.(f) ?? [])).join('\n\n---\n\n'), findings: here };
}
