// The examples in README.md and docs/ run (issue 19, "Docs that run"): every YAML block that
// is a project config passes the config validator and the JSON schema, every preset a page
// names exists, every `kube-list-lint` command of a `sh` block runs on a copy of the bundled
// example, and the README's sample output is what the CLI prints. The VSIX size the README
// states is measured in test/vsix.test.ts.
import * as assert from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { AGENT_UA, auditEvent, METRICS, podList, VERSION_JSON } from './measure-fixtures';
import { parse as parseYaml } from 'yaml';
import { TOP_LEVEL_KEYS, validateConfig } from '../server/src/config/validate';
import { packageRoot } from '../server/src/host/grammarFiles';
import { PRESET_NAMES } from '../server/src/sizing/profile';
import { servingTable } from '../server/src/sizing/serving';
import { gateTable } from '../server/src/sizing/gates';
import { runCli } from './cli.test';

const ROOT = packageRoot();

export interface CodeBlock {
  file: string;
  line: number;
  lang: string;
  text: string;
}

/** The documentation pages: README.md, docs/*.md and docs/rules/*.md. */
function pages(): string[] {
  const docs = path.join(ROOT, 'docs');
  const md = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f));
  return [path.join(ROOT, 'README.md'), ...md(docs), ...md(path.join(docs, 'rules'))];
}

/** Fenced code blocks (``` at any indentation, as in list items), with their info string. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)));
    out.push({ file: path.relative(ROOT, file), line: i + 1, lang: open[2], text: body.join('\n') });
    i = j;
  }
  return out;
}

const blocks = pages().flatMap(codeBlocks);

/** A YAML block is a project config when a top-level key is one of the config's (CI workflows are not). */
function isConfig(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => (TOP_LEVEL_KEYS as readonly string[]).includes(k));
}

/** `kube-list-lint ARGS` (or `npx kube-list-lint ARGS`) lines of sh blocks, comments removed. */
function commands(): { block: CodeBlock; args: string[] }[] {
  const out: { block: CodeBlock; args: string[] }[] = [];
  for (const b of blocks.filter((x) => x.lang === 'sh')) {
    for (const raw of b.text.split('\n')) {
      for (const part of raw.replace(/\s#.*$/, '').split('&&')) {
        const m = /^\s*(?:npx\s+)?kube-list-lint\s+(.*)$/.exec(part);
        if (m) out.push({ block: b, args: m[1].trim().split(/\s+/) });
      }
    }
  }
  return out;
}

describe('docs: the examples in README.md and docs/ run', function () {
  this.timeout(120_000);

  it('finds the examples to check', () => {
    assert.ok(blocks.some((b) => b.file === path.join('docs', 'config.md') && b.lang === 'yaml'));
    assert.ok(commands().length >= 8, `${commands().length} commands`);
  });

  describe('every project config in a YAML block passes the validator and the schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'kube-list-lint.schema.json'), 'utf8'));
    const valid = new Ajv({ allErrors: true, strict: true }).compile(schema);
    for (const b of blocks.filter((x) => x.lang === 'yaml' || x.lang === 'yml')) {
      const value = parseYaml(b.text) as unknown;
      if (!isConfig(value)) continue;
      it(`${b.file}:${b.line}`, () => {
        assert.deepStrictEqual(validateConfig(value), [], `${b.file}:${b.line}`);
        assert.ok(valid(value), `${b.file}:${b.line}: ${JSON.stringify(valid.errors)}`);
      });
    }
  });

  it('every preset a page names (`profile: NAME`, `preset: NAME`, `--profile NAME`) exists', () => {
    const bad: string[] = [];
    for (const file of pages()) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\bprofile:[ \t]*|\bpreset:[ \t]*|--profile[ =])([a-z0-9][\w-]*)/g)) {
        if (!PRESET_NAMES.includes(m[1])) bad.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    assert.deepStrictEqual(bad, [], `presets are ${PRESET_NAMES.join(', ')}`);
  });

  describe('every kube-list-lint command of a sh block runs on the bundled example', () => {
    let tmp: string;
    before(() => {
      // A copy: --fix and --update-baseline write. examples/ at the root, as in the repo.
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-docs-'));
      fs.cpSync(path.join(ROOT, 'examples'), path.join(tmp, 'examples'), { recursive: true });
      // The files the measuring commands read, as kubectl and --audit-log-path write them.
      fs.writeFileSync(path.join(tmp, 'metrics.txt'), METRICS);
      fs.writeFileSync(path.join(tmp, 'version.json'), VERSION_JSON);
      fs.writeFileSync(path.join(tmp, 'pods.json'), podList(3));
      const log = [0, 1, 2].map((i) => auditEvent({ verb: 'list', uri: '/api/v1/pods?limit=500', ua: AGENT_UA, ref: { resource: 'pods' }, at: i * 60, seconds: 0.2 })).join('\n') + '\n';
      fs.writeFileSync(path.join(tmp, 'audit.log'), log);
      fs.mkdirSync(path.join(tmp, 'audit'));
      fs.writeFileSync(path.join(tmp, 'audit', 'audit.log'), log);
      fs.writeFileSync(path.join(tmp, 'audit-2025-06-01.log.gz'), zlib.gzipSync(log));
      for (const d of ['cmd', 'pkg']) fs.mkdirSync(path.join(tmp, d));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const { block, args } of commands()) {
      const shown = `kube-list-lint ${args.join(' ')}`;
      // A synopsis (`[PATH...]`) or the language server (it waits for a client) is not a command to run.
      if (args.some((a) => a.includes('[')) || args[0] === 'lsp') continue;
      it(`${block.file}:${block.line}: ${shown}`, () => {
        const r = runCli(args, { cwd: tmp });
        assert.ok(r.code === 0 || r.code === 1, `${shown} exited ${r.code}:\n${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\berror:/, r.stderr);
      });
    }
  });

  it("the README's first command prints what the README says: three findings, exit 0, and its sample output", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.match(readme, /The first command prints three findings and exits 0/);
    const r = runCli(['check', 'examples/'], { cwd: ROOT });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /^3 findings in 1 file$/m);
    const sample = blocks.find((b) => b.file === 'README.md' && b.lang === '' && b.text.startsWith('$ kube-list-lint check examples/'));
    assert.ok(sample, 'the README shows a sample run');
    const printed = r.stdout + r.stderr;
    for (const line of sample.text.split('\n').slice(1)) {
      if (line === '...' || line.startsWith('note: ')) continue; // elided; the note is shortened
      assert.ok(printed.includes(line), `the README's sample line is not printed:\n${line}\n--- printed:\n${printed}`);
    }
  });
});

/** Why `doc` does not hold `rendered` verbatim (its header row locates it), or undefined. */
function tableMismatch(doc: string, rendered: string): string | undefined {
  const at = doc.indexOf(rendered.split('\n')[0]);
  if (at < 0) return 'no table with this header';
  const got = doc.slice(at, at + rendered.length).split('\n');
  const row = rendered.split('\n').findIndex((l, i) => l !== got[i]);
  return row < 0 ? undefined : `row ${row} differs:\n  docs:  ${got[row]}\n  model: ${rendered.split('\n')[row]}`;
}

describe("docs/sizing.md's tables are the sizing model's", () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'sizing.md'), 'utf8');
  it('the serving table is servingTable(): one row per request shape, one column per version range', () => {
    const t = servingTable();
    assert.strictEqual(tableMismatch(doc, t), undefined, `paste servingTable() (server/src/sizing/serving.ts):\n${t}`);
  });
  it('the gate table is gateTable(): every gate with its version and source', () => {
    const t = gateTable();
    assert.strictEqual(tableMismatch(doc, t), undefined, `paste gateTable() (server/src/sizing/gates.ts):\n${t}`);
  });
  it('one cell that disagrees with the model is found', () => {
    const t = servingTable();
    const wrong = doc.replace('| LIST RV="" | etcd | watch cache ¹ |', '| LIST RV="" | etcd | etcd |');
    assert.notStrictEqual(wrong, doc);
    assert.match(tableMismatch(wrong, t) ?? '', /row 2 differs/);
  });
});
