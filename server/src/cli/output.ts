// Writes the run's report in each requested format: one to standard output, the others to
// files. Notes and the summary line always go to standard error, so no format is polluted.
import * as fs from 'fs';
import { FORMATS, type OutputSpec } from './formats';
import { sizingNoteLine, summaryLine } from './formats/text';
import type { Io } from './io';
import { runSizingNotes, type RunReport } from './report';

/** Returns false when a file could not be written (the run then exits 2). */
export function writeOutputs(report: RunReport, specs: OutputSpec[], version: string, io: Io): boolean {
  let ok = true;
  for (const s of specs) {
    const text = FORMATS[s.format](report, { version, toFile: s.file !== undefined });
    if (s.file === undefined) {
      io.out(text);
      continue;
    }
    try {
      fs.writeFileSync(s.file, text);
    } catch (e) {
      io.err(`kube-list-lint: cannot write ${s.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      ok = false;
    }
  }
  for (const n of report.notes) io.err(`${n.kind === 'program' ? '' : `${n.path}: `}${n.error ? 'error' : 'note'}: ${n.message}\n`);
  for (const m of runSizingNotes(report)) io.err(sizingNoteLine(m) + '\n');
  io.err(summaryLine(report) + '\n');
  return ok;
}
