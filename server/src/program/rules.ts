// The rules that need the whole program: a loop or poll whose LIST is calls away, possibly
// in another file (KLL201, KLL202), and a client built on a path every event takes
// (KLL302). They read the index only; the per-file rules (server/src/engine/rules) keep
// what one file shows, and the host drops a program finding the file's own rules made.
import type { CallSite, ReadSite, Span } from '../engine/summary';
import { clip } from '../engine/findingData';
import type { FindingData, Severity } from '../engine/types';
import { fnKey, type FileId, type FnRef, type Frequency, type ProgramIndex, type Reach, type Step } from './index';

export interface ProgramRelated extends Span {
  file: FileId;
  message: string;
  /** Its place on the execution path, the finding's own location being 0 (RelatedLocation.step). */
  step?: number;
}

export interface ProgramFinding extends Span {
  file: FileId;
  rule: string;
  severity: Severity;
  /** One line, at most 120 characters (ARCHITECTURE.md, "Messages"). */
  message: string;
  /** The rule's part of `Finding.data`: the read calls away, how often, why. */
  data: Pick<FindingData, 'verb' | 'resource' | 'frequency' | 'detail'>;
  related: ProgramRelated[];
  /** `Recv.Method` or the function's name, as the engine's enclosingFunction. */
  enclosingFunction: string;
}

/** What the host knows of files that the index does not: their names and lines. */
export interface Locator {
  /** Short name for messages (`pods.go`). */
  name(file: FileId): string;
  /** One-based line of an offset. */
  line(file: FileId, offset: number): number;
}

function qualified(index: ProgramIndex, r: FnRef): string {
  const f = index.fn(r);
  return f.receiver ? `${f.receiver}.${f.name}` : f.name;
}

function where(loc: Locator, file: FileId, offset: number): string {
  return `${loc.name(file)}:${loc.line(file, offset)}`;
}

/** `apply → podsOf`: the functions a path goes through, after the first call. */
function chain(index: ProgramIndex, steps: Step[]): string {
  return clip(steps.map((s) => index.fn(s.callee).name).join(' → '), 40);
}

/** The calls after the first (which is the finding's own location), as steps 1, 2, ... */
function stepsRelated(index: ProgramIndex, loc: Locator, steps: Step[]): ProgramRelated[] {
  return steps.slice(1).map((s, i) => ({ file: s.caller.file, start: s.site.start, end: s.site.end, message: `${index.fn(s.caller).name} calls ${index.fn(s.callee).name} here`, step: i + 1 }));
}

/** The read at the end of `steps`: the path's last step. */
function readRelated(reach: Reach, what: string, steps: Step[]): ProgramRelated {
  return { file: reach.at.file, start: reach.read.start, end: reach.read.end, message: what, step: steps.length };
}

function label(r: ReadSite): string {
  return r.resource ?? 'objects';
}

/** KLL201 and KLL202 through calls: the loop or poll here, the read calls away. */
function loopsAndPolls(index: ProgramIndex, loc: Locator, out: ProgramFinding[]): void {
  for (const [ref, fn] of index.functions()) {
    for (const site of fn.calls) {
      if (site.errorBranch) continue;
      const callee = index.resolve(ref, site);
      if (!callee) continue;
      const first: Step = { caller: ref, site, callee };
      if (site.poll) {
        const r = index.reach(callee, 'KLL202', (x) => x.verb === 'list' && x.path === 'api');
        if (r) out.push(pollFinding(index, loc, ref, site, [first, ...r.steps], r));
        continue;
      }
      if (!site.loops.length || site.reference) continue;
      const r = index.reach(callee, 'KLL201', (x) => x.repeated);
      if (r) out.push(loopFinding(index, loc, ref, site, [first, ...r.steps], r));
    }
  }
}

function loopFinding(index: ProgramIndex, loc: Locator, ref: FnRef, site: CallSite, steps: Step[], r: Reach): ProgramFinding {
  const loop = site.loops[0];
  const local = r.read.path !== 'api';
  const verb = local ? 'walks the cached' : r.read.verb === 'list' ? 'lists' : 'gets';
  const times = site.loops.map((l) => `len(${l.over})`).reverse().join(' × ');
  const what = `${chain(index, steps)} ${verb} ${label(r.read)} (${where(loc, r.at.file, r.read.start)})`;
  return {
    file: ref.file,
    rule: 'KLL201',
    severity: r.read.verb === 'get' && !local ? 'information' : 'warning',
    start: site.start,
    end: site.end,
    enclosingFunction: qualified(index, ref),
    message: `${what}, called once per ${clip(loop.per, 24)}: one ${local ? 'store walk' : 'request'} per item`,
    data: {
      verb: r.read.verb,
      ...(r.read.resource ? { resource: r.read.resource } : {}),
      frequency: `once per ${loop.per}`,
      detail: `${times} ${local ? 'store walks' : 'requests'} where one would do: ${local ? 'list' : 'read'} once before the loop and pass the items (grouped by key) down.`,
    },
    related: [
      readRelated(r, `${index.fn(r.at).name} ${verb} ${label(r.read)} here`, steps),
      ...stepsRelated(index, loc, steps),
      // site.loops runs from the innermost loop out: the outermost is the path's first step.
      ...site.loops.map((l, i) => ({ file: ref.file, start: l.start, end: l.end, message: `loop per ${l.per} (range over ${l.over})`, step: -(i + 1) })),
    ],
  };
}

function pollFinding(index: ProgramIndex, loc: Locator, ref: FnRef, site: CallSite, steps: Step[], r: Reach): ProgramFinding {
  const poll = site.poll!;
  return {
    file: ref.file,
    rule: 'KLL202',
    severity: 'warning',
    start: site.start,
    end: site.end,
    enclosingFunction: qualified(index, ref),
    message: `${chain(index, steps)} lists ${label(r.read)} (${where(loc, r.at.file, r.read.start)}) inside ${poll.what}, every period`,
    data: {
      verb: 'list',
      ...(r.read.resource ? { resource: r.read.resource } : {}),
      frequency: `inside ${poll.what}`,
      detail: 'Every period re-reads the whole list; use an informer (list once, then watch) or a watch.',
    },
    related: [readRelated(r, `${index.fn(r.at).name} lists ${label(r.read)} here`, steps), ...stepsRelated(index, loc, steps), { file: ref.file, start: poll.start, end: poll.end, message: `polls here (${poll.what})`, step: -1 }],
  };
}

const EVERY: Record<Frequency['kind'], string> = {
  'per-reconcile': 'on every Reconcile',
  'per-request': 'on every request',
  'per-event': 'on every informer event',
  'per-item': 'once per item',
  'per-tick': 'on every poll',
};

/** KLL302 through calls: a constructor on the path of every reconcile, request or event. */
function clientsPerEvent(index: ProgramIndex, loc: Locator, freq: Map<string, Frequency>, out: ProgramFinding[]): void {
  for (const [ref, fn] of index.functions()) {
    const f = freq.get(fnKey(ref));
    if (!f || (f.kind !== 'per-reconcile' && f.kind !== 'per-request' && f.kind !== 'per-event')) continue;
    for (const c of fn.constructors) {
      if (!c.invariant) continue;
      const path = f.steps.length ? ` (${clip([index.fn(f.from).name, ...f.steps.map((s) => index.fn(s.callee).name)].join(' → '), 40)})` : '';
      out.push({
        file: ref.file,
        rule: 'KLL302',
        severity: 'warning',
        start: c.start,
        end: c.end,
        enclosingFunction: qualified(index, ref),
        message: `Builds a client with ${c.name} ${EVERY[f.kind]}${path}: build it once at start-up`,
        data: { frequency: EVERY[f.kind].replace(/^on /, ''), detail: 'Each client built from the same configuration has its own rate limiter and caches; build it once at start-up and reuse it.' },
        related: [
          // The entry point, then each call down to the constructor (the finding's own location, step 0).
          { file: f.from.file, start: index.fn(f.from).nameStart, end: index.fn(f.from).nameStart + index.fn(f.from).name.length, message: `${index.fn(f.from).name} runs ${EVERY[f.kind].replace(/^on every |^once /, 'once per ')}`, step: -(f.steps.length + 1) },
          ...f.steps.map((s, i) => ({ file: s.caller.file, start: s.site.start, end: s.site.end, message: `${index.fn(s.caller).name} calls ${index.fn(s.callee).name} here`, step: i - f.steps.length })),
        ],
      });
    }
  }
}

export function programFindings(index: ProgramIndex, loc: Locator, freq = index.frequencies()): ProgramFinding[] {
  const out: ProgramFinding[] = [];
  loopsAndPolls(index, loc, out);
  clientsPerEvent(index, loc, freq, out);
  return out;
}

/** Kinds with many objects: a GET of one per event adds up (issue: KLL002 only when hot). */
const MANY_OBJECTS = new Set(['pods', 'events', 'endpoints', 'endpointslices', 'secrets', 'configmaps', 'replicasets', 'jobs', 'leases']);

/**
 * Whether a single-key read runs hot: in a loop or poll where it is written, or in a
 * function that runs per item or per tick, or per reconcile, request or event on a kind with
 * many objects. Unknown (the read is not in the index) is cold: KLL002 stays silent.
 */
export function runsHot(index: ProgramIndex, freq: Map<string, Frequency>, file: FileId, start: number): boolean {
  const f = index.files.get(file);
  if (!f) return false;
  for (let i = 0; i < f.summary.functions.length; i++) {
    const fn = f.summary.functions[i];
    const read = fn.reads.find((r) => r.start === start);
    if (!read) continue;
    if (read.errorBranch) return false;
    if (read.inAnyLoop || read.poll) return true;
    const fr = freq.get(fnKey({ file, index: i }));
    if (!fr) return false;
    if (fr.kind === 'per-item' || fr.kind === 'per-tick') return true;
    return MANY_OBJECTS.has(read.resource ?? '');
  }
  return false;
}

/** Whether a read runs in a loop or poll at all (tool role: a one-shot read is intended). */
export function runsRepeatedly(index: ProgramIndex, freq: Map<string, Frequency>, file: FileId, start: number): boolean {
  const f = index.files.get(file);
  if (!f) return false;
  for (let i = 0; i < f.summary.functions.length; i++) {
    const read = f.summary.functions[i].reads.find((r) => r.start === start);
    if (!read) continue;
    if (read.inAnyLoop || read.poll) return true;
    const fr = freq.get(fnKey({ file, index: i }));
    return fr?.kind === 'per-item' || fr?.kind === 'per-tick';
  }
  return false;
}
