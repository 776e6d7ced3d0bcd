// `kube-list-lint report [PATH...]`: every LIST/GET the code makes, what it costs at the
// profile's cluster size, ranked; text, markdown, json or html, to stdout or --output.
import * as fs from 'fs';
import { packageVersion } from '../host/grammarFiles';
import { flag, UsageError, type Parsed } from './args';
import { EXIT_ERROR, EXIT_OK, type Io } from './io';
import { INVENTORY_FLAGS, inventories } from './inventories';
import { formatReportHtml } from './report/html';
import { formatReportJson } from './report/json';
import { formatReportMarkdown } from './report/markdown';
import { buildCostReport } from './report/model';
import { formatReportText } from './report/text';

export const REPORT_FLAGS = {
  ...INVENTORY_FLAGS,
  format: { value: true },
  output: { value: true },
};

const FORMATS = ['text', 'markdown', 'json', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** --format (default text), checked. */
export function reportFormat(p: Parsed): ReportFormat {
  const format = (flag(p, 'format') ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${format} (${FORMATS.join(', ')})`);
  return format;
}

export async function reportCommand(p: Parsed, io: Io): Promise<number> {
  const format = reportFormat(p);
  const { files, profile, notes } = await inventories(p.positionals.length ? p.positionals : ['.'], p, { measured: true });
  const report = buildCostReport(files, profile, notes);
  const formats: Record<ReportFormat, () => string> = {
    json: () => formatReportJson(report, packageVersion()),
    markdown: () => formatReportMarkdown(report),
    html: () => formatReportHtml(report, packageVersion()),
    text: () => formatReportText(report),
  };
  return emit(formats[format](), flag(p, 'output'), io, `${report.totals.calls} calls`);
}

/** Prints `text`, or writes it to `output` and says so with `what` on standard error. */
export function emit(text: string, output: string | undefined, io: Io, what: string): number {
  if (!output) {
    io.out(text);
    return EXIT_OK;
  }
  try {
    fs.writeFileSync(output, text);
  } catch (e) {
    io.err(`kube-list-lint: cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return EXIT_ERROR;
  }
  io.err(`wrote ${output} (${what})\n`);
  return EXIT_OK;
}
