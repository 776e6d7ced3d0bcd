// The cost report: every LIST/GET a tree of Go code makes, and every informer's initial
// LIST (client-go factories and ListWatches), ranked by the bytes the
// apiserver processes per run, with per-file and per-program totals and, for a per-node
// agent, the start-up total across the cluster (seed 001 §4.3's table, computed instead
// of measured). Pure: built from engine inventories; the formats only print it.
import * as path from 'path';
import type { Inventory, InventoryFinding } from '../../engine/inventory';
import { measuredSiteFor, type MeasuredSite } from '../../measure/measured';
import { assumedVersions, costWeight, fmtBytes, fmtSeconds, grouped, headline, perCallNumbers, rankByCost, readSlo, servedFromText, type ClusterProfile, type CostWeight, type SloVerdict } from '../../sizing';

export interface ReportCall {
  path: string;
  line: number;
  column: number;
  /** Folder of the file: the program or package it belongs to. */
  program: string;
  function: string;
  /** `LIST pods`; `LIST pods (informer start)` for an informer's initial LIST. */
  label: string;
  /** The call is an informer's start (a factory's accessor, a ListWatch), priced as its initial LIST. */
  informer?: 'factory' | 'list-watch';
  callText: string;
  rules: string[];
  /** The findings on this call: rule, one-line message, and the rule's data (frequency, detail). */
  findings: InventoryFinding[];
  known: boolean;
  /** `etcd before 1.31; watch cache from 1.31`. */
  servedFrom: string;
  /** Where the headline estimate reads from: `etcd` when any of it comes from etcd. */
  source: 'etcd' | 'cache' | 'local' | 'unknown';
  /** The headline estimate (costliest version range) for one call. */
  perCall?: { bytesProcessed: number; etcdBytes: number; bytesReturned: number; returnedIsUpperBound: boolean; seconds: number; memoryBytes: number; apfSeats: number };
  times: number;
  timesKnown: boolean;
  timesReasons: string[];
  /** perCall × times. */
  perRun: { bytesProcessed: number; etcdBytes: number; seconds: number };
  headline: string;
  assumptions: string[];
  /** Loop factor only (times without the per-node multiplication). */
  loopTimes: number;
  /** What an audit log measured for this call (the config's `audit:` report), when it has it. */
  measured?: Omit<MeasuredSite, 'path' | 'line' | 'function' | 'callText'>;
  /** The read SLO's verdict on one request of this call, when the SLO covers it (built-in resource, known scope). */
  slo?: SloVerdict;
}

export interface ReportGroup {
  name: string;
  calls: number;
  bytesProcessed: number;
  etcdBytes: number;
}

export interface ReportProgram extends ReportGroup {
  /** `package main` in this folder. */
  isMain: boolean;
  packageName: string;
  /** `os.Getenv("NODE_NAME") at main.go:20`, or `profile.perNodeAgent`. */
  perNodeEvidence?: string;
  /** For a per-node agent: every call once (loops included) on every node. */
  startup?: { nodes: number; bytesProcessed: number; etcdBytes: number; calls: number };
}

export interface CostReport {
  profile: { name: string; nodes: number; kubernetesVersion?: string; etcdVersion?: string; versionAssumed?: boolean; etcdAssumed?: boolean; pods: number; perNodeAgent: boolean };
  /** Ranked: most bytes processed per run first; unknown costs last. */
  calls: ReportCall[];
  files: ReportGroup[];
  programs: ReportProgram[];
  totals: { calls: number; known: number; bytesProcessed: number; etcdBytes: number };
  notes: string[];
}

export interface FileInventory {
  /** As displayed (relative to the working directory, forward slashes). */
  path: string;
  inventory: Inventory;
  /** The sites of this file in the config's audit report. */
  measured?: MeasuredSite[];
}

export function buildCostReport(files: FileInventory[], profile: ClusterProfile, notes: string[] = []): CostReport {
  const weighed: { call: ReportCall; weight: CostWeight }[] = [];
  const programs = new Map<string, ReportProgram>();
  for (const { path: file, inventory, measured } of files) {
    const dir = path.posix.dirname(file);
    const prog = programs.get(dir) ?? { name: dir, calls: 0, bytesProcessed: 0, etcdBytes: 0, isMain: false, packageName: inventory.packageName ?? '?' };
    programs.set(dir, prog);
    if (inventory.packageName === 'main') {
      prog.isMain = true;
      prog.packageName = 'main';
    }
    if (inventory.perNode && !prog.perNodeEvidence) prog.perNodeEvidence = `${inventory.perNode.text} at ${path.posix.basename(file)}:${inventory.perNode.line + 1}`;
    for (const c of inventory.calls) {
      const cost = c.cost;
      if (!cost) continue;
      const head = cost.known ? cost.estimates[0] : undefined;
      const m = cost.multiplicity;
      const call: ReportCall = {
        path: file,
        line: c.range.start.line + 1,
        column: c.range.start.character + 1,
        program: dir,
        function: c.enclosingFunction,
        label: c.informer ? `${cost.label} (informer start)` : cost.label,
        ...(c.informer ? { informer: c.informer } : {}),
        callText: c.callText,
        rules: c.rules,
        findings: c.findings,
        known: cost.known,
        servedFrom: servedFromText(cost),
        source: !head ? 'unknown' : head.etcdBytes > 0 ? 'etcd' : head.path.first === 'local-cache' ? 'local' : 'cache',
        perCall: head ? perCallNumbers(head) : undefined,
        times: m.factor,
        timesKnown: m.known,
        timesReasons: m.reasons,
        loopTimes: m.factor / (m.perNode ?? 1),
        perRun: { bytesProcessed: cost.total.bytesProcessed, etcdBytes: cost.total.etcdBytes, seconds: cost.total.seconds },
        headline: headline(cost),
        assumptions: cost.assumptions,
      };
      const site = measured && measuredSiteFor(measured, { enclosingFunction: c.enclosingFunction, callText: c.callText, line: call.line });
      if (site) {
        const { path: _p, line: _l, function: _f, callText: _c, ...figures } = site;
        call.measured = figures;
      }
      const slo = readSlo(cost);
      if (slo) call.slo = slo;
      weighed.push({ call, weight: costWeight(cost) });
    }
  }
  if (profile.perNodeAgent) for (const p of programs.values()) p.perNodeEvidence ??= 'profile.perNodeAgent';
  // The one ranking every surface uses (sizing/rank.ts): per run, then per call, unknown last.
  const calls = rankByCost(weighed, (x) => x.weight, (a, b) => a.call.path.localeCompare(b.call.path) || a.call.line - b.call.line).map((x) => x.call);
  const fileTotals = new Map<string, ReportGroup>();
  for (const c of calls) {
    const f = fileTotals.get(c.path) ?? { name: c.path, calls: 0, bytesProcessed: 0, etcdBytes: 0 };
    fileTotals.set(c.path, f);
    f.calls++;
    f.bytesProcessed += c.perRun.bytesProcessed;
    f.etcdBytes += c.perRun.etcdBytes;
    const p = programs.get(c.program)!;
    p.calls++;
    p.bytesProcessed += c.perRun.bytesProcessed;
    p.etcdBytes += c.perRun.etcdBytes;
    if (p.perNodeEvidence && c.perCall) {
      p.startup ??= { nodes: profile.nodes, bytesProcessed: 0, etcdBytes: 0, calls: 0 };
      p.startup.calls++;
      p.startup.bytesProcessed += c.perCall.bytesProcessed * c.loopTimes * profile.nodes;
      p.startup.etcdBytes += c.perCall.etcdBytes * c.loopTimes * profile.nodes;
    }
  }
  const byBytes = (a: ReportGroup, b: ReportGroup) => b.bytesProcessed - a.bytesProcessed || a.name.localeCompare(b.name);
  const known = calls.filter((c) => c.known);
  return {
    profile: {
      name: profile.name,
      nodes: profile.nodes,
      kubernetesVersion: profile.kubernetesVersion,
      etcdVersion: profile.etcdVersion,
      ...(profile.versionAssumed ? { versionAssumed: true } : {}),
      ...(profile.etcdAssumed ? { etcdAssumed: true } : {}),
      pods: profile.resources.pods.count,
      perNodeAgent: profile.perNodeAgent,
    },
    calls,
    files: [...fileTotals.values()].sort(byBytes),
    programs: [...programs.values()].filter((p) => p.calls > 0).sort(byBytes),
    totals: {
      calls: calls.length,
      known: known.length,
      bytesProcessed: known.reduce((s, c) => s + c.perRun.bytesProcessed, 0),
      etcdBytes: known.reduce((s, c) => s + c.perRun.etcdBytes, 0),
    },
    notes,
  };
}

/**
 * `4k-nodes: 4,000 nodes, 100,000 pods, Kubernetes 1.30`; with no version configured
 * `…, Kubernetes 1.34 with etcd ≥ 3.5.13 (assumed: no version configured; …)`.
 */
export function profileLine(r: CostReport): string {
  const head = `${r.profile.name}: ${grouped(r.profile.nodes)} nodes, ${grouped(r.profile.pods)} pods, `;
  const assumed = assumedVersions(r.profile);
  if (assumed) return `${head}${assumed} (assumed: no version configured; set --kubernetes-version or profile.kubernetesVersion for an older cluster)`;
  const v = r.profile.kubernetesVersion ? `Kubernetes ${r.profile.kubernetesVersion}` : 'Kubernetes version unknown (both paths shown)';
  const e = r.profile.etcdVersion ? `, etcd ${r.profile.etcdVersion}` : '';
  return `${head}${v}${e}`;
}

/** `×4,000` or `×1+` for loops of unknown size. */
export function timesText(c: ReportCall): string {
  return `×${grouped(c.times)}${c.timesKnown ? '' : '+'}`;
}

/** The latency column: `41 s`, and when one request is over the read SLO `41 s, over the 30 s SLO` (`6.0 s a page` for pages). */
export function latencyText(c: ReportCall): string {
  if (!c.known) return '?';
  const s = fmtSeconds(c.perCall!.seconds);
  if (!c.slo?.over) return s;
  const page = c.slo.requestSeconds < c.perCall!.seconds * 0.99 ? `, ${c.slo.upperBound ? '≤' : ''}${fmtSeconds(c.slo.requestSeconds)} a page` : '';
  return `${s}${page}, over the ${fmtSeconds(c.slo.objectiveSeconds)} SLO`;
}

export function bytesText(n: number | undefined, upper = false): string {
  return n === undefined ? '?' : `${upper ? '≤' : ''}${fmtBytes(n)}`;
}
