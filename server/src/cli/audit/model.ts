// The audit report: request groups with their measured figures, the call sites they are
// matched to (ranked by measured seconds), and the groups no code here makes. Pure: built
// from the grouped log and the matches; the formats only print it.
import { shapeText, type AuditGroups, type AuditShape, type RequestGroup } from '../../measure/audit';
import type { CodeSite, Confidence, MatchedGroup } from '../../measure/match';

export interface LogSummary {
  path: string;
  lines: number;
  bytes: number;
  /** Read requests counted. */
  reads: number;
  /** Lines not counted, by reason (`malformed`, `not-a-read`, `stage`, ...). */
  skipped: Record<string, number>;
}

export interface GroupOut {
  id: number;
  shape: AuditShape;
  /** The shape in one line. */
  text: string;
  requests: number;
  /** Requests per hour over the logs' time window. */
  perHour?: number;
  seconds: number;
  p50?: number;
  p90?: number;
  p99?: number;
  max?: number;
  /** Distinct namespaces (at most 1000 counted: `namespacesCapped`). */
  namespaces: number;
  namespacesCapped?: boolean;
  userAgents: { userAgent: string; requests: number }[];
  codes: Record<string, number>;
  /** Response bytes, where the log has them (RequestResponse level): total, and for how many requests. */
  bytes?: { total: number; requests: number };
  candidates: { path: string; line: number; column: number; label: string; confidence: Confidence; score: number; reasons: string[] }[];
  /** How many best-ranked candidates the requests are split among; more than 1: ambiguous. */
  sharedBy: number;
}

export interface SiteOut extends Omit<CodeSite, 'shape' | 'selectorsUnknown'> {
  /** `watch` for a raw watch; an informer (`how`) makes both LISTs and WATCHes: its `verb` is `list`. */
  verb: 'list' | 'get' | 'watch';
  /** The sizing model's estimate for one call, for comparison with the measured figures. */
  model?: string;
  /** Measured requests attributed to this site (split evenly when several sites make one shape). */
  requests: number;
  seconds: number;
  perHour?: number;
  /** Latency of its worst group (by p99): what a caller waits for when this line runs. */
  p50?: number;
  p99?: number;
  bytes?: number;
  /** The best confidence among its groups. */
  confidence: Confidence;
  /** Some of its requests are shared with other sites that make the same shape. */
  shared: boolean;
  groups: { id: number; share: number; confidence: Confidence }[];
}

export interface AuditReport {
  /** The folder `sites[].path` is relative to: absolute, or relative to the report file's folder (`--output`). */
  codeRoot: string;
  logs: LogSummary[];
  window?: { from: string; to: string; hours: number };
  totals: { requests: number; seconds: number; groups: number; matchedGroups: number; sites: number };
  /** Ranked by measured seconds, then requests. */
  sites: SiteOut[];
  /** Every group, ranked by seconds, then requests. */
  groups: GroupOut[];
  /** The groups no code here makes: they come from elsewhere (kubectl, other programs, informers this code does not show). */
  unmatched: GroupOut[];
  /** Malformed or skipped input, with file and line. */
  problems: string[];
  notes: string[];
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

function groupOut(m: MatchedGroup, hours: number | undefined): GroupOut {
  const g: RequestGroup = m.group;
  const q = (x: number) => g.latency.quantile(x);
  return {
    id: g.id,
    shape: g.shape,
    text: shapeText(g.shape),
    requests: g.requests,
    ...(hours ? { perHour: g.requests / hours } : {}),
    seconds: g.seconds,
    ...(g.latency.count ? { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: g.latency.max } : {}),
    namespaces: g.namespaces.values.size,
    ...(g.namespaces.full ? { namespacesCapped: true } : {}),
    userAgents: [...g.userAgents].sort((a, b) => b[1] - a[1]).map(([userAgent, requests]) => ({ userAgent, requests })),
    codes: Object.fromEntries([...g.codes].sort((a, b) => a[0] - b[0]).map(([c, n]) => [String(c), n])),
    ...(g.bytesKnown ? { bytes: { total: g.bytes, requests: g.bytesKnown } } : {}),
    candidates: m.candidates.map((c) => ({ path: c.site.path, line: c.site.line, column: c.site.column, label: c.site.label, confidence: c.confidence, score: c.score, reasons: c.reasons })),
    sharedBy: m.sharedBy,
  };
}

export function buildAuditReport(
  codeRoot: string,
  logs: LogSummary[],
  grouped: AuditGroups,
  matched: MatchedGroup[],
  models: Map<CodeSite, string | undefined>,
  problems: string[],
  notes: string[],
): AuditReport {
  const hours = grouped.firstMs !== undefined && grouped.lastMs !== undefined && grouped.lastMs > grouped.firstMs ? (grouped.lastMs - grouped.firstMs) / 3_600_000 : undefined;
  const byRank = (a: { seconds: number; requests: number }, b: { seconds: number; requests: number }) => b.seconds - a.seconds || b.requests - a.requests;
  const sites = new Map<CodeSite, SiteOut>();
  for (const m of matched) {
    const best = m.candidates.slice(0, m.sharedBy);
    for (const c of best) {
      const share = 1 / m.sharedBy;
      const s = sites.get(c.site) ?? {
        path: c.site.path,
        line: c.site.line,
        column: c.site.column,
        function: c.site.function,
        label: c.site.label,
        callText: c.site.callText,
        verb: c.site.how === 'watch' ? 'watch' : c.site.shape.verb,
        ...(c.site.how ? { how: c.site.how } : {}),
        findings: c.site.findings,
        ...(models.get(c.site) ? { model: models.get(c.site) } : {}),
        requests: 0,
        seconds: 0,
        confidence: c.confidence,
        shared: false,
        groups: [],
      };
      sites.set(c.site, s);
      s.requests += m.group.requests * share;
      s.seconds += m.group.seconds * share;
      if (m.group.bytesKnown) s.bytes = (s.bytes ?? 0) + (m.group.bytes / m.group.bytesKnown) * m.group.requests * share;
      if (hours) s.perHour = s.requests / hours;
      if (CONFIDENCE_RANK[c.confidence] > CONFIDENCE_RANK[s.confidence]) s.confidence = c.confidence;
      if (m.sharedBy > 1) s.shared = true;
      s.groups.push({ id: m.group.id, share, confidence: c.confidence });
    }
  }
  const groups = matched.map((m) => groupOut(m, hours)).sort(byRank);
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const s of sites.values()) {
    const worst = s.groups.map((x) => byId.get(x.id)!).reduce<GroupOut | undefined>((a, g) => (g.p99 !== undefined && (a === undefined || g.p99 > a.p99!) ? g : a), undefined);
    if (worst) Object.assign(s, { p50: worst.p50, p99: worst.p99 });
  }
  const siteList = [...sites.values()].sort((a, b) => byRank(a, b) || (b.bytes ?? 0) - (a.bytes ?? 0) || a.path.localeCompare(b.path) || a.line - b.line);
  return {
    codeRoot,
    logs,
    ...(hours ? { window: { from: new Date(grouped.firstMs!).toISOString(), to: new Date(grouped.lastMs!).toISOString(), hours } } : {}),
    totals: {
      requests: groups.reduce((n, g) => n + g.requests, 0),
      seconds: groups.reduce((n, g) => n + g.seconds, 0),
      groups: groups.length,
      matchedGroups: groups.filter((g) => g.candidates.length).length,
      sites: siteList.length,
    },
    sites: siteList,
    groups,
    unmatched: groups.filter((g) => !g.candidates.length),
    problems,
    notes,
  };
}
