// `kube-list-lint audit [--format text|markdown|json|html] [--code DIR] LOG... [DIR...]`:
// the read requests of Kubernetes audit logs, grouped by shape and matched to the call sites
// of the code that can make them (docs/measure.md). Logs are streamed: memory grows with
// the number of request shapes, not with the log.
import * as fs from 'fs';
import * as path from 'path';
import { AUDIT_REPORT_FILE } from '../config/load';
import { packageVersion } from '../host/grammarFiles';
import { AuditGroups, eventFromHeadAndTail, readRequestOf } from '../measure/audit';
import { matchGroups, type CodeSite } from '../measure/match';
import { fmtBytes, grouped, headline } from '../sizing';
import { flag, has, UsageError, type Parsed } from './args';
import { targetConfig, writeConfigKey } from './configWrite';
import { formatAuditHtml, formatAuditJson, formatAuditMarkdown, formatAuditText } from './audit/format';
import { buildAuditReport, type AuditReport, type LogSummary } from './audit/model';
import { maxLineBytes, readLines } from './audit/read';
import { INVENTORY_FLAGS, inventories } from './inventories';
import { EXIT_OK, type Io } from './io';
import { displayPath } from './report';
import { emit, reportFormat, type ReportFormat } from './reportCommand';

export const AUDIT_FLAGS = {
  ...INVENTORY_FLAGS,
  format: { value: true },
  output: { value: true },
  code: { value: true, repeat: true },
  'max-line-bytes': { value: true },
  write: {},
};

const slash = (p: string) => p.split(path.sep).join('/');

/** Problems printed per log; the rest are counted. */
const MAX_PROBLEMS = 20;

/** Positional arguments: a folder or a `.go` file is code, anything else a log. */
function splitArgs(p: Parsed): { logs: string[]; code: string[] } {
  const logs: string[] = [];
  const code = [...(p.flags.get('code') ?? [])];
  for (const a of p.positionals) {
    let dir = false;
    try {
      dir = fs.statSync(a).isDirectory();
    } catch (e) {
      throw new UsageError(`cannot read ${a}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e)}`);
    }
    if (dir || a.endsWith('.go')) code.push(a);
    else logs.push(a);
  }
  return { logs, code: code.length ? code : ['.'] };
}

async function readLog(file: string, maxLine: number, groups: AuditGroups, problems: string[]): Promise<LogSummary> {
  const name = displayPath(file);
  const skipped: Record<string, number> = {};
  let reads = 0;
  let reported = 0;
  const problem = (line: number, message: string) => {
    skipped.malformed = (skipped.malformed ?? 0) + 1;
    if (reported++ < MAX_PROBLEMS) problems.push(`${name}:${line}: ${message}`);
  };
  const take = (event: unknown, line: number, bytes?: number) => {
    const r = readRequestOf(event, bytes);
    if (typeof r === 'string') {
      skipped[r] = (skipped[r] ?? 0) + 1;
      if (r === 'not-an-event' || r === 'incomplete') problem(line, r === 'not-an-event' ? 'not an audit.k8s.io/v1 Event, skipped' : 'an Event without requestURI or verb, skipped');
      return;
    }
    reads++;
    groups.add(r);
  };
  // Cheap filters before decoding: most of a log is writes and other stages.
  const VERB = /"verb":"([a-z]+)"/;
  const STAGE = /"stage":"([A-Za-z]+)"/;
  const { lines, bytes } = await readLines(
    file,
    maxLine,
    (text, line) => {
      const verb = VERB.exec(text)?.[1];
      if (verb && verb !== 'list' && verb !== 'get' && verb !== 'watch') {
        skipped['not-a-read'] = (skipped['not-a-read'] ?? 0) + 1;
        return;
      }
      const stage = STAGE.exec(text)?.[1];
      if (stage && stage !== 'ResponseComplete') {
        skipped.stage = (skipped.stage ?? 0) + 1;
        return;
      }
      let event: unknown;
      try {
        event = JSON.parse(text);
      } catch (e) {
        return problem(line, `malformed JSON (${(e as Error).message.split('\n')[0].slice(0, 80)}), skipped`);
      }
      take(event, line);
    },
    (head, tail, size, line) => {
      skipped['too-long'] = (skipped['too-long'] ?? 0) + 1;
      if (reported++ < MAX_PROBLEMS) problems.push(`${name}:${line}: ${fmtBytes(size)}, longer than --max-line-bytes: its fields read from its head and tail, the line's size taken as the response's`);
      take(eventFromHeadAndTail(head, tail), line, size);
    },
  );
  if (reported > MAX_PROBLEMS) problems.push(`${name}: ${grouped(reported - MAX_PROBLEMS)} more problems not shown`);
  return { path: name, lines, bytes, reads, skipped };
}

export async function auditCommand(p: Parsed, io: Io, cwd = process.cwd()): Promise<number> {
  const write = has(p, 'write');
  if (write && flag(p, 'format') !== undefined && flag(p, 'format') !== 'json') throw new UsageError('--write writes the JSON report the editor reads: --format json or none');
  const format = write ? 'json' : reportFormat(p);
  const maxLine = maxLineBytes(p);
  const { logs, code } = splitArgs(p);
  if (!logs.length) throw new UsageError('audit needs at least one log file (audit.k8s.io/v1 Event JSON lines, plain or gzip)');

  const groups = new AuditGroups();
  const problems: string[] = [];
  const summaries: LogSummary[] = [];
  for (const log of logs) {
    try {
      summaries.push(await readLog(log, maxLine, groups, problems));
    } catch (e) {
      // A truncated gzip stream or an I/O error: what was read so far still counts.
      problems.push(`${displayPath(log)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}: read up to the error`);
    }
  }

  const { files, notes } = await inventories(code, p);
  // Paths relative to --code when there is one folder, else to the working directory.
  const root = code.length === 1 && fs.statSync(code[0]).isDirectory() ? path.resolve(code[0]) : undefined;
  const rel = (display: string) => (root ? slash(path.relative(root, path.resolve(display))) : display);
  const sites: CodeSite[] = [];
  const models = new Map<CodeSite, string | undefined>();
  for (const f of files) {
    for (const c of f.inventory.calls) {
      const site: CodeSite = {
        path: rel(f.path),
        line: c.range.start.line + 1,
        column: c.range.start.character + 1,
        function: c.enclosingFunction,
        label: c.cost?.label ?? `${c.verb.toUpperCase()} ${c.shape.resource ?? '?'}`,
        callText: c.callText,
        shape: c.shape,
        findings: c.findings,
      };
      sites.push(site);
      models.set(site, c.cost ? headline(c.cost) : undefined);
    }
    for (const w of f.inventory.watches) {
      const what = w.shape.resource ?? '?';
      sites.push({
        path: rel(f.path),
        line: w.range.start.line + 1,
        column: w.range.start.character + 1,
        function: w.enclosingFunction,
        label: w.how === 'watch' ? `WATCH ${what}` : w.how === 'informer' ? `informer of ${what} (LIST + WATCH)` : `${w.how === 'cache' ? 'cached read' : 'controller watch'} of ${what}: the manager's informer (LIST + WATCH)`,
        callText: w.callText,
        shape: w.shape,
        findings: w.findings,
        how: w.how === 'watch' ? 'watch' : 'informer',
        ...(w.selectorsUnknown ? { selectorsUnknown: true } : {}),
      });
    }
  }
  const matched = matchGroups(groups.groups.values(), sites);
  const unmatchedWatches = matched.filter((m) => m.group.shape.verb === 'watch' && !m.candidates.length).length;
  if (unmatchedWatches) notes.push(`${unmatchedWatches} watch shapes match no raw Watch call, informer or controller-runtime cached read here`);
  // --write: the report beside the config (or at --output), and `audit:` in the config naming it.
  const config = write ? targetConfig(flag(p, 'config'), cwd) : undefined;
  const output = flag(p, 'output') ?? (config ? path.join(path.dirname(config), AUDIT_REPORT_FILE) : undefined);
  // Site paths are relative to the code root; a written report names it relative to itself.
  const codeRoot = root ?? path.resolve(cwd);
  const report = buildAuditReport(output ? slash(path.relative(path.dirname(path.resolve(output)), codeRoot)) || '.' : codeRoot, summaries, groups, matched, models, problems, notes);
  const formats: Record<ReportFormat, (r: AuditReport) => string> = {
    json: (r) => formatAuditJson(r, packageVersion()),
    markdown: formatAuditMarkdown,
    html: (r) => formatAuditHtml(r, packageVersion()),
    text: formatAuditText,
  };
  const exit = emit(formats[format](report), output, io, `${report.totals.requests} requests, ${report.totals.sites} call sites`);
  if (config && output && exit === EXIT_OK) {
    writeConfigKey(config, 'audit', slash(path.relative(path.dirname(path.resolve(config)), path.resolve(output))), 'measured by kube-list-lint audit: hover and CodeLens show it; docs/measure.md');
    io.err(`set audit: in ${displayPath(config)}\n`);
  }
  return exit;
}
