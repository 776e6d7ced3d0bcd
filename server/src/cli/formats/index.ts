// The output formats by name, and `--format FORMAT[:FILE]` parsing.
import { UsageError } from '../args';
import type { RunReport } from '../report';
import { formatCheckstyle } from './checkstyle';
import { formatCodeQuality } from './codequality';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';

export interface FormatContext {
  version: string;
  /** The output goes to a file (text then carries its summary line too). */
  toFile: boolean;
}

export const FORMATS: Record<string, (r: RunReport, ctx: FormatContext) => string> = {
  text: (r, ctx) => formatText(r, { summary: ctx.toFile }),
  json: (r, ctx) => formatJson(r, ctx.version),
  sarif: (r, ctx) => formatSarif(r, ctx.version),
  github: (r) => formatGithub(r),
  checkstyle: (r) => formatCheckstyle(r),
  codequality: (r) => formatCodeQuality(r),
};

export interface OutputSpec {
  format: string;
  /** undefined: standard output. */
  file?: string;
}

/** `--format sarif:out.sarif --format text`: at most one format may go to standard output. */
export function parseFormats(values: string[]): OutputSpec[] {
  const specs = (values.length ? values : ['text']).map((v) => {
    const colon = v.indexOf(':');
    const format = colon < 0 ? v : v.slice(0, colon);
    const file = colon < 0 ? undefined : v.slice(colon + 1);
    if (!FORMATS[format]) throw new UsageError(`unknown --format ${format} (${Object.keys(FORMATS).join(', ')})`);
    if (file === '') throw new UsageError(`--format ${format}: needs a file name after the colon`);
    return file === undefined ? { format } : { format, file };
  });
  if (specs.filter((s) => s.file === undefined || s.file === '-').length > 1) throw new UsageError('at most one --format may write to standard output; give the others a file (FORMAT:FILE)');
  const files = specs.map((s) => s.file).filter((f) => f !== undefined && f !== '-');
  if (new Set(files).size !== files.length) throw new UsageError('two --format outputs name the same file');
  return specs.map((s) => (s.file === '-' ? { format: s.format } : s));
}
