// Where the audit's measured sites are in a document that no finding covers: the call
// expression with the site's text in the site's function, the nearest to its audited line.
// Plain offsets out; the tree stays here.
import type { Node } from 'web-tree-sitter';
import { enclosingFunctionName, foldWhitespace } from '../engine/syntax';
import type { MeasuredSite } from '../measure/measured';

export interface LocatedSite {
  site: MeasuredSite;
  start: number;
  end: number;
}

/** The calls of `sites` found in the tree rooted at `root`; a site whose call is gone is left out. */
export function locateSites(root: Node, sites: readonly MeasuredSite[]): LocatedSite[] {
  if (!sites.length) return [];
  const texts = new Set(sites.map((s) => s.callText));
  const shortest = Math.min(...sites.map((s) => s.callText.length));
  const found = new Map<string, Node[]>();
  for (const n of root.descendantsOfType('call_expression')) {
    if (!n) continue;
    // Folding never lengthens the text: a call shorter than every site's text is not one.
    if (n.endIndex - n.startIndex < shortest) continue;
    const text = foldWhitespace(n.text);
    if (!texts.has(text)) continue;
    const key = `${enclosingFunctionName(n)}\0${text}`;
    (found.get(key) ?? found.set(key, []).get(key)!).push(n);
  }
  const used = new Set<number>();
  const out: LocatedSite[] = [];
  for (const site of sites) {
    const nodes = (found.get(`${site.function}\0${site.callText}`) ?? []).filter((n) => !used.has(n.startIndex));
    const best = nodes.reduce<Node | undefined>((a, n) => (!a || Math.abs(n.startPosition.row + 1 - site.line) < Math.abs(a.startPosition.row + 1 - site.line) ? n : a), undefined);
    if (!best) continue;
    used.add(best.startIndex);
    out.push({ site, start: best.startIndex, end: best.endIndex });
  }
  return out.sort((a, b) => a.start - b.start);
}
