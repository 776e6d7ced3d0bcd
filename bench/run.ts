// `npm run bench`: kube-list-lint against ast-grep (the same rules, bench/ast-grep/) and
// ripgrep (touching every byte) on the same files, alternating, N cold processes each.
// BENCH_DIR=/path benchmarks a real tree; otherwise the synthetic corpus (bench/corpus.ts)
// is written to BENCH_CORPUS or bench/corpus/. BENCH_N sets the iterations (default 5).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { walk } from '../server/src/host/walk';
import { packageRoot } from '../server/src/host/grammarFiles';
import { writeCorpus } from './corpus';

const ROOT = packageRoot();

export interface Sample {
  wallMs: number;
  /** user + system CPU time: less sensitive than wall time to other load on the machine. */
  cpuMs: number;
  rssKb: number;
  code: number | null;
}

export interface Tool {
  name: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** One cold run; wall from our clock, peak RSS (all threads of the process) from GNU time. */
export function runOnce(t: Tool, stdoutFile = '/dev/null'): Sample {
  const rssFile = path.join(os.tmpdir(), `kll-bench-rss-${process.pid}`);
  const out = fs.openSync(stdoutFile, 'w');
  const [cmd, args] = TIME ? [TIME, ['-f', '%M %U %S', '-o', rssFile, t.cmd, ...t.args]] : [t.cmd, t.args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ...t.env }, maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  fs.closeSync(out);
  if (r.error) throw r.error;
  let rssKb = NaN;
  let cpuMs = NaN;
  if (TIME) {
    const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
    const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number);
    rssKb = rss;
    cpuMs = (user + sys) * 1000;
    fs.rmSync(rssFile, { force: true });
  }
  return { wallMs, cpuMs, rssKb, code: r.status };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The native ast-grep binary. Its platform package (`@ast-grep/cli-linux-x64-gnu`...) holds
 * it; `.bin/ast-grep` is a Node shim until @ast-grep/cli's postinstall replaces it, and timing
 * the shim would charge ast-grep a Node start-up.
 */
export function astGrepBin(): string | undefined {
  const scope = path.join(ROOT, 'node_modules', '@ast-grep');
  const native = fs.existsSync(scope) ? fs.readdirSync(scope).filter((d) => d.startsWith('cli-')).map((d) => path.join(scope, d, 'ast-grep')) : [];
  return [...native, path.join(ROOT, 'node_modules', '.bin', 'ast-grep')].find((p) => fs.existsSync(p));
}

function countFindings(file: string, kind: 'ours' | 'ast-grep'): Record<string, number> {
  const counts: Record<string, number> = {};
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const list: { rule?: string; ruleId?: string }[] = kind === 'ours' ? data.findings : data;
  for (const f of list) {
    const id = (kind === 'ours' ? f.rule : f.ruleId) ?? '?';
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${os.availableParallelism?.() ?? os.cpus().length} cores (${cpu}), ${mem} GiB, Node ${process.version}, load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;
}

async function main() {
  const n = Number(process.env.BENCH_N ?? 5);
  let dir: string;
  let label: string;
  if (process.env.BENCH_DIR) {
    dir = path.resolve(process.env.BENCH_DIR);
    label = path.basename(dir);
  } else {
    dir = path.resolve(process.env.BENCH_CORPUS ?? path.join(ROOT, 'bench', 'corpus'));
    const c = writeCorpus(dir);
    label = `synthetic corpus (seed 8, sha256 ${c.hash.slice(0, 12)})`;
  }
  // One file list for every tool: what `check --tests` would walk (vendor/ and testdata/ skipped).
  const files = walk([dir], { tests: true }).files;
  const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
  console.log(`${label}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB; ${n} iterations each, alternating`);

  const cli = path.join(ROOT, 'bin', 'kube-list-lint.js');
  // Cold: no persistent cache. The program pass (module index) is on, as by default.
  const ours: Tool = { name: 'kube-list-lint', cmd: process.execPath, args: [cli, 'check', '--no-cache', '--tests', '--format', 'json', '--fail-on', 'never', ...files] };
  const ours1: Tool = { ...ours, name: 'kube-list-lint (1 thread)', env: { KUBE_LIST_LINT_THREADS: '1' } };
  // Each file on its own (what `check` was before the program model): the index's cost is the ratio.
  const perFile: Tool = { ...ours, name: 'kube-list-lint --no-program', args: [cli, 'check', '--no-cache', '--no-program', '--tests', '--format', 'json', '--fail-on', 'never', ...files] };
  // Nothing changed since the last run: every analysis and summary from the persistent cache.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-bench-cache-'));
  const warm: Tool = { ...ours, name: 'kube-list-lint, warm cache', args: [cli, 'check', '--cache-dir', cacheDir, '--tests', '--format', 'json', '--fail-on', 'never', ...files] };
  const sg = astGrepBin();
  const tools: Tool[] = [ours, ours1, perFile, warm];
  if (sg) tools.push({ name: 'ast-grep (-j 2)', cmd: sg, args: ['scan', '-c', path.join(ROOT, 'bench', 'ast-grep', 'sgconfig.yml'), '-j', '2', '--json=compact', ...files] });
  else console.log('ast-grep not installed (npm ci installs @ast-grep/cli): skipped');
  tools.push({ name: 'rg -c', cmd: 'rg', args: ['-c', '--no-messages', '-e', 'k8s\\.io/', '-e', '\\.(List|Get)\\(', ...files] });
  const version: Tool = { name: 'kube-list-lint --version', cmd: process.execPath, args: [cli, '--version'] };
  // What no engine work can remove: read, prefilter and parse the same files (parse-floor.ts).
  tools.push({ name: 'floor: read + prefilter + parse only', cmd: process.execPath, args: [path.join(__dirname, 'parse-floor.bundle.js'), ...files] });

  // Findings of each tool, once, so the table says what the time bought.
  const oursJson = path.join(os.tmpdir(), `kll-bench-ours-${process.pid}.json`);
  runOnce(ours, oursJson);
  const found: Record<string, Record<string, number>> = { 'kube-list-lint': countFindings(oursJson, 'ours') };
  if (sg) {
    const sgJson = path.join(os.tmpdir(), `kll-bench-sg-${process.pid}.json`);
    runOnce(tools.find((t) => t.name === 'ast-grep (-j 2)')!, sgJson);
    found['ast-grep'] = countFindings(sgJson, 'ast-grep');
  }

  const samples = new Map<string, Sample[]>();
  for (const t of [...tools, version]) runOnce(t); // warm the page cache and binaries
  for (let i = 0; i < n; i++) {
    for (const t of [...tools, version]) {
      const s = runOnce(t);
      (samples.get(t.name) ?? samples.set(t.name, []).get(t.name)!).push(s);
      process.stdout.write(`  ${t.name}: ${s.wallMs.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU, ${(s.rssKb / 1024).toFixed(0)} MB\n`);
    }
  }

  const med = (name: string) => median(samples.get(name)!.map((s) => s.wallMs));
  const cpu = (name: string) => median(samples.get(name)!.map((s) => s.cpuMs));
  const rows = [...tools, version].map((t) => {
    const xs = samples.get(t.name)!;
    const w = xs.map((s) => s.wallMs);
    const rss = Math.max(...xs.map((s) => s.rssKb)) / 1024;
    return `| ${t.name} | ${med(t.name).toFixed(0)} | ${Math.min(...w).toFixed(0)}–${Math.max(...w).toFixed(0)} | ${cpu(t.name).toFixed(0)} | ${rss.toFixed(0)} |`;
  });
  const ratio = (a: string, b: string) => `${(med(a) / med(b)).toFixed(2)}× wall, ${(cpu(a) / cpu(b)).toFixed(2)}× CPU`;
  const floor = 'floor: read + prefilter + parse only';
  const ratios = [
    `- kube-list-lint / rg: ${ratio(ours.name, 'rg -c')} (target ≤ 10× wall); the floor / rg: ${ratio(floor, 'rg -c')}`,
    `- program model: kube-list-lint / --no-program: ${ratio(ours.name, perFile.name)} (target ≤ 1.1× wall)`,
    `- warm cache: ${med(warm.name).toFixed(0)} ms wall (target ≤ 250 ms on client-go); warm / rg: ${ratio(warm.name, 'rg -c')}`,
  ];
  if (sg) ratios.unshift(`- kube-list-lint / ast-grep: ${ratio(ours.name, 'ast-grep (-j 2)')} (target ≤ 0.5× wall); the floor / ast-grep: ${ratio(floor, 'ast-grep (-j 2)')}`);
  const md = [
    `# Benchmark results: ${label}`,
    '',
    `Generated by \`${process.env.BENCH_DIR ? `BENCH_DIR=${process.env.BENCH_DIR} ` : ''}npm run bench\` on ${new Date().toISOString().slice(0, 16)}Z. Machine: ${machine()}.`,
    `${files.length} files, ${(bytes / 1e6).toFixed(1)} MB; ${n} cold runs of each tool, alternating; wall time, CPU time (user+sys, all threads) and peak RSS of the process (all threads, from GNU time).`,
    '',
    '| tool | median wall ms | min–max wall ms | median CPU ms (user+sys) | peak RSS MB |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...ratios,
    '',
    `Findings: ${Object.entries(found)
      .map(([k, v]) => `${k}: ${Object.entries(v).map(([r, c]) => `${r} ${c}`).join(', ') || 'none'}`)
      .join('; ')}.`,
    '',
  ].join('\n');
  console.log('\n' + md);
  const out = process.env.BENCH_OUT ?? path.join(ROOT, 'bench', process.env.BENCH_DIR ? `results-${label}.md` : 'results.md');
  fs.writeFileSync(out, md);
  console.log(`wrote ${out}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
