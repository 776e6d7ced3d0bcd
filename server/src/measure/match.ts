// Request groups from an audit log -> the call sites that can make them. A call site is a
// candidate when nothing the code says contradicts the request: same verb and resource,
// same scope, same ResourceVersion / match / limit and selectors where the code's options
// are resolved. Several sites can make one shape: all are listed, ranked, and the measured
// requests are split evenly among the best-ranked (docs/measure.md, "Matching").
import type { InventoryFinding } from '../engine/inventory';
import type { CallShape } from '../sizing/estimate';
import { normalSelector, type AuditShape, type RequestGroup } from './audit';

export interface CodeSite {
  /** Relative to the code root, forward slashes. */
  path: string;
  line: number;
  column: number;
  function: string;
  /** `LIST pods`, `WATCH pods (informer)`. */
  label: string;
  callText: string;
  /** For a watch or an informer: the collection's request (a raw watch's options; an informer's first LIST). */
  shape: CallShape;
  findings: InventoryFinding[];
  /** A raw `Watch` call or an informer, not a LIST/GET. */
  how?: 'watch' | 'informer';
  /** An informer whose selectors are set where the code does not show. */
  selectorsUnknown?: boolean;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Candidate {
  site: CodeSite;
  score: number;
  confidence: Confidence;
  /** What matched and what the code does not say. */
  reasons: string[];
}

type Verdict = 'match' | 'unknown' | 'mismatch';

function both(a: boolean, b: boolean): Verdict {
  return a === b ? 'match' : 'mismatch';
}

/** A path segment (a folder: `cmd/node-agent/`) naming the user agent's program. */
export function namesProgram(sitePath: string, program: string): boolean {
  const p = program.toLowerCase();
  if (!p || p === '(none)') return false;
  return sitePath.toLowerCase().split('/').slice(0, -1).includes(p);
}

/**
 * Which requests a site makes: a LIST/GET call its own verb; a raw watch WATCHes; an
 * informer LISTs from ResourceVersion "0" and WATCHes from the list's resourceVersion (any
 * RV and match: it resumes, relists, or streams its list with sendInitialEvents).
 */
function makes(g: AuditShape, site: CodeSite): boolean {
  if (site.how === 'informer') return g.verb === 'watch' || (g.verb === 'list' && g.rv === 'zero' && !g.continue);
  if (site.how === 'watch') return g.verb === 'watch';
  return g.verb === site.shape.verb;
}

/** Whether `site` can make requests of shape `g`, and how sure that is; undefined when the code contradicts it. */
export function matchSite(g: AuditShape, site: CodeSite): Candidate | undefined {
  const c = site.shape;
  if (c.local || g.subresource || !makes(g, site)) return undefined;
  const reasons: string[] = [];
  let unknown = 0;
  let literal = false;
  const check = (v: Verdict, what: string): boolean => {
    if (v === 'mismatch') return false;
    if (v === 'unknown') {
      unknown++;
      reasons.push(`${what}: not visible in the code`);
    }
    return true;
  };
  if (c.resource === undefined) {
    unknown++;
    reasons.push('resource: not visible in the code');
  } else if (c.resource !== g.resource.toLowerCase()) return undefined;
  const scope: Verdict = c.scope === 'unknown' ? 'unknown' : both(c.scope === 'namespaced', g.scope === 'namespaced');
  if (!check(scope, 'namespace')) return undefined;
  if (c.rv === 'unknown') {
    unknown++;
    reasons.push('options not resolved: any ResourceVersion, limit and selectors');
  } else if (site.selectorsUnknown) {
    unknown++;
    reasons.push('selectors set where the code does not show');
  } else {
    // An informer's requests are the reflector's: its RV, match and limit are not the code's.
    const informer = site.how === 'informer';
    const rv: Verdict = informer || c.rv === g.rv ? 'match' : 'mismatch';
    const rvm: Verdict = informer ? 'match' : c.rvm === 'unknown' ? 'unknown' : (c.rvm === 'unset' ? g.rvm === '' : c.rvm === g.rvm) ? 'match' : 'mismatch';
    const limit: Verdict = informer || g.verb === 'watch' ? 'match' : c.limit === 'unknown' ? 'unknown' : both(c.limit === 'set', g.limit);
    // A continue page comes from code that sets a limit.
    const cont: Verdict = g.continue && c.limit === 'none' ? 'mismatch' : 'match';
    const fs: Verdict =
      c.fieldSelector === 'none'
        ? both(false, g.fieldSelector !== '')
        : c.fieldSelector === 'nodeName'
          ? both(true, /(^|,)spec\.nodeName=/.test(g.fieldSelector))
          : c.fieldSelector === 'name'
            ? both(true, /(^|,)metadata\.name=/.test(g.fieldSelector))
            : both(true, g.fieldSelector !== '');
    const ls = c.labelSelectorText !== undefined ? (normalSelector(c.labelSelectorText) === g.labelSelector ? 'match' : 'mismatch') : both(c.labelSelector, g.labelSelector !== '');
    if (c.labelSelectorText !== undefined && ls === 'match') {
      literal = true;
      reasons.push(`label selector ${g.labelSelector} as in the code`);
    } else if (c.labelSelector && ls === 'match') {
      unknown++;
      reasons.push('LabelSelector: its value not visible in the code');
    }
    if (![rv, rvm, limit, cont, fs, ls].every((v, i) => check(v, ['ResourceVersion', 'ResourceVersionMatch', 'Limit', 'continue', 'FieldSelector', 'LabelSelector'][i]))) return undefined;
  }
  const program = namesProgram(site.path, g.userAgent);
  reasons.unshift(program ? `user agent ${g.userAgent} names this folder` : `same request shape${g.userAgent !== '(none)' ? `; no folder named ${g.userAgent}` : ''}`);
  if (site.how === 'informer') reasons.push(g.verb === 'watch' ? "the informer's watch" : "the informer's list (ResourceVersion \"0\")");
  const score = 10 - 2 * unknown + (program ? 5 : 0) + (literal ? 1 : 0);
  const confidence: Confidence = program && unknown === 0 ? 'high' : unknown === 0 || (program && unknown === 1) ? 'medium' : 'low';
  return { site, score, confidence, reasons };
}

export interface MatchedGroup {
  group: RequestGroup;
  /** Ranked: best first (score, then path and line). */
  candidates: Candidate[];
  /** How many of the best-ranked candidates the requests are split among (0: unmatched). */
  sharedBy: number;
}

export function matchGroups(groups: Iterable<RequestGroup>, sites: CodeSite[]): MatchedGroup[] {
  const out: MatchedGroup[] = [];
  for (const group of groups) {
    const candidates = sites
      .map((s) => matchSite(group.shape, s))
      .filter((c): c is Candidate => c !== undefined)
      .sort((a, b) => b.score - a.score || a.site.path.localeCompare(b.site.path) || a.site.line - b.site.line);
    const best = candidates[0]?.score;
    out.push({ group, candidates, sharedBy: candidates.filter((c) => c.score === best).length });
  }
  return out;
}
