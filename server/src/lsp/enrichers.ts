// What the sizing model adds to hovers and lenses: the cost it computed for the finding
// under the document's cluster profile (`Finding.cost`, server/src/sizing). Without a cost
// (sizing off) hover and lens fall back to the finding alone.
import type { Finding } from '../engine/types';
import { codeLensText, formatCostMarkdown } from '../sizing/present';
import type { HoverSection } from './hover';

/** The `Cost` table for the hover. */
export function hoverSections(f: Finding): HoverSection[] {
  return f.cost ? [{ title: 'Cost', markdown: formatCostMarkdown(f.cost) }] : [];
}

/** The lens text after the rule id: `LIST pods · etcd · ≈2.0 GB · ≈10 s`. */
export function lensDetail(f: Finding): string | undefined {
  return f.cost ? codeLensText(f.cost) : undefined;
}
