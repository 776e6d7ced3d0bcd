// Kubernetes audit events (audit.k8s.io/v1 Event, one JSON object per line as written by
// --audit-log-path) -> the read requests they record, grouped by request shape. Pure: the
// CLI streams the lines in; memory is bounded by the number of shapes, not of events.

export type AuditVerb = 'list' | 'get' | 'watch';

/** What a read asked for, as far as it decides its cost and which code can make it. */
export interface AuditShape {
  verb: AuditVerb;
  /** `` for the core group. */
  group: string;
  resource: string;
  subresource?: string;
  /** A namespace in the request, or cluster-wide (all namespaces, or a cluster-scoped resource). */
  scope: 'namespaced' | 'cluster';
  /** The resourceVersion parameter: absent or empty, `0`, or a number. */
  rv: 'unset' | 'zero' | 'exact';
  /** resourceVersionMatch, `` when absent. */
  rvm: string;
  limit: boolean;
  /** A continue token: a page after the first. */
  continue: boolean;
  /** Field selector with values elided (`spec.nodeName=*`), `` when none. */
  fieldSelector: string;
  /** Label selector as sent, terms sorted (`app=web`), `` when none: code sets them as constants. */
  labelSelector: string;
  /** The user agent's program (`node-agent` of `node-agent/v0.1 (linux/amd64) kubernetes/abc`). */
  userAgent: string;
}

export interface ReadRequest {
  shape: AuditShape;
  namespace?: string;
  /** The full user agent. */
  userAgent: string;
  code?: number;
  /** requestReceivedTimestamp -> stageTimestamp of the ResponseComplete event, in seconds. */
  seconds?: number;
  /** requestReceivedTimestamp, ms since the epoch. */
  receivedMs?: number;
  /** JSON bytes of the response, when the log has it (level RequestResponse, or an over-long line). */
  bytes?: number;
}

/** Why an event is not a read request this command counts. */
export type Skip =
  /** Not `{kind: Event, apiVersion: audit.k8s.io/v1}`. */
  | 'not-an-event'
  /** A stage other than ResponseComplete (each request is counted once, when it completes). */
  | 'stage'
  /** create, update, patch, delete, ...: not a read. */
  | 'not-a-read'
  /** /healthz, /metrics, /version, discovery: no objectRef. */
  | 'non-resource'
  /** An event missing requestURI or verb. */
  | 'incomplete';

const READ_VERBS = new Set(['list', 'get', 'watch']);

/** `2024-06-01T10:00:00.123456Z` -> ms since the epoch, keeping microseconds (Date.parse drops them). */
export function timestampMs(ts: unknown): number | undefined {
  if (typeof ts !== 'string') return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const whole = Date.parse(m[1] + m[3]);
  return Number.isNaN(whole) ? undefined : whole + (m[2] ? Number(m[2]) * 1000 : 0);
}

/** `node-agent/v0.1 (linux/amd64) kubernetes/abc` -> `node-agent`. */
export function userAgentProgram(ua: string): string {
  const first = ua.trim().split(/[\s/]/)[0];
  return first || '(none)';
}

/** Splits a selector on the commas between terms (not inside `in (a,b)`). */
function selectorTerms(sel: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of sel) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += c;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter(Boolean);
}

/** `app = web,tier in (a, b)` -> `app=web,tier in (a,b)`: one spelling of a label selector, terms sorted. */
export function normalSelector(sel: string | null | undefined): string {
  if (!sel) return '';
  return selectorTerms(sel)
    .map((t) => t.replace(/\s*(==|!=|=)\s*/, (_, op: string) => (op === '==' ? '=' : op)).replace(/\s*,\s*/g, ',').replace(/\(\s*/, '(').replace(/\s*\)/, ')'))
    .sort()
    .join(',');
}

/** `spec.nodeName=node-17,status.phase!=Failed` -> `spec.nodeName=*,status.phase!=*`: the shape, not the values. */
export function selectorShape(sel: string | null): string {
  if (!sel) return '';
  return selectorTerms(sel)
    .map((t) => {
      const set = /^(\S+)\s+(in|notin)\s*\(/.exec(t);
      if (set) return `${set[1]} ${set[2]} (*)`;
      const op = /^([^=!<>\s]+)\s*(==|=|!=|<|>)/.exec(t);
      return op ? `${op[1]}${op[2] === '==' ? '=' : op[2]}*` : t;
    })
    .sort()
    .join(',');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** One decoded audit event -> the read request it records, or why it is skipped. */
export function readRequestOf(e: unknown, bytes?: number): ReadRequest | Skip {
  const ev = e as Record<string, unknown> | null;
  if (!ev || typeof ev !== 'object' || ev.kind !== 'Event' || ev.apiVersion !== 'audit.k8s.io/v1') return 'not-an-event';
  if (ev.stage !== 'ResponseComplete') return 'stage';
  const verb = str(ev.verb);
  const uri = str(ev.requestURI);
  if (!verb || !uri) return 'incomplete';
  if (!READ_VERBS.has(verb)) return 'not-a-read';
  const ref = ev.objectRef as Record<string, unknown> | undefined;
  const resource = str(ref?.resource);
  if (!ref || !resource) return 'non-resource';
  const q = new URLSearchParams(uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '');
  const rv = q.get('resourceVersion') ?? '';
  const namespace = str(ref.namespace);
  const ua = str(ev.userAgent) ?? '';
  const received = timestampMs(ev.requestReceivedTimestamp);
  const done = timestampMs(ev.stageTimestamp);
  const status = ev.responseStatus as { code?: unknown } | undefined;
  let size = bytes;
  if (size === undefined && ev.responseObject !== undefined) size = Buffer.byteLength(JSON.stringify(ev.responseObject));
  const subresource = str(ref.subresource);
  return {
    shape: {
      verb: verb as AuditVerb,
      group: str(ref.apiGroup) ?? '',
      resource,
      ...(subresource ? { subresource } : {}),
      scope: namespace ? 'namespaced' : 'cluster',
      rv: rv === '' ? 'unset' : rv === '0' ? 'zero' : 'exact',
      rvm: q.get('resourceVersionMatch') ?? '',
      limit: (q.get('limit') ?? '') !== '' && q.get('limit') !== '0',
      continue: (q.get('continue') ?? '') !== '',
      fieldSelector: selectorShape(q.get('fieldSelector')),
      labelSelector: normalSelector(q.get('labelSelector')),
      userAgent: userAgentProgram(ua),
    },
    ...(namespace ? { namespace } : {}),
    userAgent: ua,
    ...(typeof status?.code === 'number' ? { code: status.code } : {}),
    ...(received !== undefined && done !== undefined && done >= received ? { seconds: (done - received) / 1000 } : {}),
    ...(received !== undefined ? { receivedMs: received } : {}),
    ...(size !== undefined ? { bytes: size } : {}),
  };
}

/** A stable key of a shape: requests with equal keys are one group. */
export function shapeKey(s: AuditShape): string {
  return [s.verb, s.group, s.resource, s.subresource ?? '', s.scope, s.rv, s.rvm, s.limit, s.continue, s.fieldSelector, s.labelSelector, s.userAgent].join('\u0000');
}

/** `LIST pods (all namespaces) fieldSelector=spec.nodeName=* RV unset limit`: a shape in one line. */
export function shapeText(s: AuditShape): string {
  const what = `${s.verb.toUpperCase()} ${s.resource}${s.subresource ? '/' + s.subresource : ''}${s.group ? '.' + s.group : ''}`;
  const parts = [what, s.scope === 'namespaced' ? 'in a namespace' : 'cluster-wide'];
  if (s.fieldSelector) parts.push(`fieldSelector ${s.fieldSelector}`);
  if (s.labelSelector) parts.push(`labelSelector ${s.labelSelector}`);
  parts.push(s.rv === 'unset' ? 'RV unset' : s.rv === 'zero' ? 'RV "0"' : 'RV exact');
  if (s.rvm) parts.push(`RVM ${s.rvm}`);
  if (s.limit) parts.push('limit');
  if (s.continue) parts.push('continue');
  return parts.join(', ');
}

/**
 * Latency percentiles in bounded memory: buckets 5% wide from 0.1 ms to over an hour, so a
 * percentile is within 5% of the exact one (docs/measure.md).
 */
export class LatencyHistogram {
  private static readonly MIN = 1e-4;
  private static readonly RATIO = 1.05;
  private readonly counts = new Map<number, number>();
  count = 0;
  max = 0;

  add(seconds: number): void {
    const i = seconds <= LatencyHistogram.MIN ? 0 : Math.ceil(Math.log(seconds / LatencyHistogram.MIN) / Math.log(LatencyHistogram.RATIO));
    this.counts.set(i, (this.counts.get(i) ?? 0) + 1);
    this.count++;
    if (seconds > this.max) this.max = seconds;
  }

  /** The q-quantile (0.99 for p99), as its bucket's upper bound, never above the maximum seen. */
  quantile(q: number): number | undefined {
    if (!this.count) return undefined;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (const i of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(i)!;
      if (seen >= rank) return Math.min(this.max, LatencyHistogram.MIN * LatencyHistogram.RATIO ** i);
    }
    return this.max;
  }
}

/** A bounded set: counts distinct values up to `cap`, then says "at least cap". */
class CappedSet {
  readonly values = new Set<string>();
  constructor(private readonly cap: number) {}
  add(v: string): void {
    if (this.values.size < this.cap) this.values.add(v);
  }
  get full(): boolean {
    return this.values.size >= this.cap;
  }
}

export interface RequestGroup {
  id: number;
  shape: AuditShape;
  requests: number;
  /** Sum of the requests' latencies (watches: 0, they are open for minutes by design). */
  seconds: number;
  latency: LatencyHistogram;
  namespaces: CappedSet;
  /** Full user agents, with counts (at most 5 kept). */
  userAgents: Map<string, number>;
  codes: Map<number, number>;
  /** Response bytes and how many requests they are known for. */
  bytes: number;
  bytesKnown: number;
}

/** Groups read requests by shape, in memory proportional to the number of shapes. */
export class AuditGroups {
  readonly groups = new Map<string, RequestGroup>();
  firstMs?: number;
  lastMs?: number;

  add(r: ReadRequest): void {
    const key = shapeKey(r.shape);
    let g = this.groups.get(key);
    if (!g) {
      g = { id: this.groups.size + 1, shape: r.shape, requests: 0, seconds: 0, latency: new LatencyHistogram(), namespaces: new CappedSet(1000), userAgents: new Map(), codes: new Map(), bytes: 0, bytesKnown: 0 };
      this.groups.set(key, g);
    }
    g.requests++;
    if (r.seconds !== undefined && r.shape.verb !== 'watch') {
      g.seconds += r.seconds;
      g.latency.add(r.seconds);
    }
    if (r.namespace) g.namespaces.add(r.namespace);
    if (g.userAgents.has(r.userAgent) || g.userAgents.size < 5) g.userAgents.set(r.userAgent, (g.userAgents.get(r.userAgent) ?? 0) + 1);
    if (r.code !== undefined) g.codes.set(r.code, (g.codes.get(r.code) ?? 0) + 1);
    if (r.bytes !== undefined) {
      g.bytes += r.bytes;
      g.bytesKnown++;
    }
    if (r.receivedMs !== undefined) {
      if (this.firstMs === undefined || r.receivedMs < this.firstMs) this.firstMs = r.receivedMs;
      if (this.lastMs === undefined || r.receivedMs > this.lastMs) this.lastMs = r.receivedMs;
    }
  }
}

/**
 * The fields of an event whose line is too long to decode (a RequestResponse event with a
 * whole LIST in it), from the line's head and tail: the fields before the request and
 * response objects are in the head, the timestamps after them in the tail.
 */
export function eventFromHeadAndTail(head: string, tail: string): Record<string, unknown> {
  const strField = (text: string, name: string) => {
    const m = new RegExp(`"${name}":"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
    return m ? (JSON.parse(`"${m[1]}"`) as string) : undefined;
  };
  const obj = (text: string, name: string) => {
    const m = new RegExp(`"${name}":(\\{[^{}]*\\})`).exec(text);
    if (!m) return undefined;
    try {
      return JSON.parse(m[1]) as unknown;
    } catch {
      return undefined;
    }
  };
  const code = /"responseStatus":\{[^{}]*?"code":(\d+)/.exec(head) ?? /"responseStatus":\{"metadata":\{[^{}]*\},[^{}]*?"code":(\d+)/.exec(head);
  return {
    kind: strField(head, 'kind') ?? 'Event',
    apiVersion: strField(head, 'apiVersion') ?? strField(tail, 'apiVersion'),
    stage: strField(head, 'stage'),
    verb: strField(head, 'verb'),
    requestURI: strField(head, 'requestURI'),
    userAgent: strField(head, 'userAgent'),
    objectRef: obj(head, 'objectRef'),
    ...(code ? { responseStatus: { code: Number(code[1]) } } : {}),
    requestReceivedTimestamp: strField(tail, 'requestReceivedTimestamp'),
    stageTimestamp: strField(tail, 'stageTimestamp'),
  };
}
