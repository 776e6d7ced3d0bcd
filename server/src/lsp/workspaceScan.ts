// Lints every Go file of the workspace folders from disk. Texts are read one at a time and
// dropped after analysis: only the findings' summaries stay, for the cost report. The loop
// yields to the event loop every few files so the server keeps answering during a scan.
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver';
import type { Engine } from '../engine/analyze';
import * as path from 'path';
import type { AnalysisResult, Finding } from '../engine/types';
import { applyProgram, buildProgram } from '../host/program';
import { textFacts, type TextFacts } from '../program/textFacts';
import type { CallCost } from '../sizing/estimate';
import { headline } from '../sizing/present';
import type { DocumentSettings } from './projectConfig';
import { lintFile } from '../host/files';
import { walkYielding } from '../host/walk';
import { toDiagnostics } from './diagnostics';

export interface FindingSummary {
  uri: string;
  rule: string;
  name: string;
  severity: Finding['severity'];
  line: number;
  character: number;
  message: string;
  callText: string;
  enclosingFunction: string;
  /** The sizing model's estimate (numbers for the report's table and chart), when sized. */
  cost?: CallCost;
  /** One line: `≈1.0 GB read from etcd, ≈2.0 GB processed per call at 4k-nodes / 1.30 (100k pods); ...`. */
  headline?: string;
  /** JSON bytes the apiserver processes for one call (the costliest version range), when known. */
  bytes?: number;
}

export interface ScanSummary {
  files: number;
  filesWithFindings: number;
  findings: number;
  /** Files that could not be read (path: reason). */
  problems: string[];
  cancelled: boolean;
}

export interface ScanProgress {
  report(done: number, total: number, message: string): void;
  isCancelled(): boolean;
}

export interface ScanDeps {
  engine: Engine;
  /** The settings for a file (project config + editor); unselected files are skipped. */
  settingsFor(uri: string): DocumentSettings;
  /** Open documents are the editor's: their in-memory text wins, the scan skips them. */
  isOpen(uri: string): boolean;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Called with each scanned file's findings (empty array when clean). */
  record(uri: string, findings: FindingSummary[]): void;
  progress: ScanProgress;
}

/** Files per event-loop turn: small enough to keep requests answered within a few ms. */
const FILES_PER_TURN = 4;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function summarize(uri: string, f: Finding): FindingSummary {
  return {
    uri,
    rule: f.rule,
    name: f.name,
    severity: f.severity,
    line: f.range.start.line,
    character: f.range.start.character,
    message: f.message,
    callText: f.callText,
    enclosingFunction: f.enclosingFunction,
    cost: f.cost,
    headline: f.cost ? headline(f.cost) : undefined,
    bytes: f.cost?.known ? f.cost.estimates[0]?.bytesProcessed : undefined,
  };
}

export async function scanWorkspace(folders: string[], deps: ScanDeps): Promise<ScanSummary> {
  // _test.go files are found too; the project config decides whether they are linted.
  const { files, problems } = await walkYielding(folders, { tests: true }, yieldToEventLoop);
  const summary: ScanSummary = { files: 0, filesWithFindings: 0, findings: 0, problems: problems.map((p) => `${p.path}: ${p.message}`), cancelled: false };
  const linted: { uri: string; path: string; ds: DocumentSettings; result: AnalysisResult; facts?: TextFacts }[] = [];
  for (let i = 0; i < files.length; i++) {
    if (deps.progress.isCancelled()) {
      summary.cancelled = true;
      break;
    }
    if (i % FILES_PER_TURN === 0) {
      await yieldToEventLoop();
      deps.progress.report(i, files.length, `${i}/${files.length} files`);
    }
    const uri = pathToFileURL(files[i]).toString();
    if (deps.isOpen(uri)) continue;
    const ds = deps.settingsFor(uri);
    if (!ds.selected) continue;
    const r = lintFile(deps.engine, files[i], { settings: ds.engine, maxBytes: ds.maxBytes });
    summary.files++;
    if (r.skipped) {
      if (r.skipped.error) summary.problems.push(`${files[i]}: ${r.skipped.reason}`);
      continue;
    }
    // What a skipped file's text says, read now while the scan has it (the program needs its imports and package).
    if (r.result) linted.push({ uri, path: files[i], ds, result: r.result, ...(r.result.skippedByPrefilter && r.text !== undefined ? { facts: textFacts(r.text) } : {}) });
  }
  // The program of what was scanned, as the CLI builds it: findings across files, roles, the findings worth showing.
  const program = summary.cancelled
    ? undefined
    : await buildProgram(linted.map((l) => ({ path: l.path, summary: l.result.summary, facts: l.facts, prefiltered: l.result.skippedByPrefilter })), deps.engine, { widen: true, covered: folders, pause: yieldToEventLoop });
  for (const [i, l] of linted.entries()) {
    if (i % FILES_PER_TURN === 0) await yieldToEventLoop();
    const slot = program?.byPath.get(path.resolve(l.path));
    // A file the prefilter skipped has nothing to show unless the program adds a finding to it
    // (its diagnostics are still published: empty, in place of an older scan's).
    const adds = !l.result.skippedByPrefilter || (!!program && !!slot && program.findingsIn(slot.id).length > 0);
    // What the rest of the module says (cache options, readers, callers' options): analysed again with it, as the CLI does.
    const module = program && slot && !l.result.skippedByPrefilter ? program.moduleContextFor(slot, program.textOf(slot), l.result) : undefined;
    if (program && slot && module) {
      const again = deps.engine.analyze(program.textOf(slot), { settings: l.ds.engine, module });
      if (!again.timedOut) l.result = again;
    }
    const result = program && slot && adds ? applyProgram(program, slot, l.result, program.textOf(slot), { rules: l.ds.engine.rules, tests: l.ds.tests, configured: l.ds.role, parse: () => deps.engine.analyze(program.textOf(slot), { settings: l.ds.engine, noPrefilter: true }) }) : l.result;
    const findings = result.findings;
    if (findings.length) summary.filesWithFindings++;
    summary.findings += findings.length;
    deps.record(l.uri, findings.map((f) => summarize(l.uri, f)));
    deps.publish(l.uri, toDiagnostics(findings, l.uri, (id) => {
      const p = program?.slots[id]?.path;
      return p ? pathToFileURL(p).toString() : undefined;
    }));
    // Texts were read for the program; a scan keeps only the findings' summaries.
    if (slot) slot.text = undefined;
  }
  deps.progress.report(files.length, files.length, `${summary.files} files`);
  return summary;
}
