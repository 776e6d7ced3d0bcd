// Each output format over a fixed fixture tree, against golden files (UPDATE_GOLDEN=1
// rewrites them: read the diff before committing). SARIF is also validated against the
// official SARIF 2.1.0 JSON schema shipped in @microsoft/jest-sarif.
import * as assert from 'assert';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { escapeXml } from '../server/src/cli/formats/checkstyle';
import { escapeData, escapeProperty } from '../server/src/cli/formats/github';
import { parseFormats } from '../server/src/cli/formats';
import { artifactLocation } from '../server/src/cli/formats/sarif';
import { packageRoot, packageVersion } from '../server/src/host/grammarFiles';
import { RULES } from '../server/src/engine/rules';
import { runCli } from './cli.test';
import { assertGolden } from './harness/golden';

const ROOT = packageRoot();
export const FIXTURE_REPO = path.join(ROOT, 'test', 'cli-fixtures', 'repo');
const GOLDEN = path.join(ROOT, 'test', 'golden-cli');

/** The version changes with every release; goldens carry a placeholder. */
function normalize(s: string): string {
  return s.split(JSON.stringify(packageVersion())).join('"<version>"');
}

/**
 * The golden SARIF keeps only the rule descriptors its results use, so adding a rule does
 * not churn it (another test checks that every rule is described).
 */
function onlyUsedRules(sarif: string): string {
  const doc = JSON.parse(sarif);
  const driver = doc.runs[0].tool.driver;
  const used = new Set(doc.runs[0].results.map((x: { ruleId: string }) => x.ruleId));
  driver.rules = driver.rules.filter((x: { id: string }) => used.has(x.id));
  // Each rule's help is its page, byte for byte; the golden names the page instead of
  // holding its text, so editing a page does not churn it.
  for (const r of driver.rules as { id: string; help?: { markdown?: string } }[]) {
    if (!r.help?.markdown) continue;
    assert.strictEqual(r.help.markdown, fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), 'utf8'), `${r.id} help is its page`);
    r.help.markdown = `<docs/rules/${r.id}.md>`;
  }
  return JSON.stringify(doc, null, 2) + '\n';
}

function golden(name: string, actual: string): void {
  assertGolden(GOLDEN, name, actual);
}

export function sarifValidator() {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', { paths: [ROOT] });
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  return (doc: unknown) => {
    const ok = validate(doc);
    return { ok, errors: ajv.errorsText(validate.errors) };
  };
}

describe('output formats (golden files over test/cli-fixtures/repo)', () => {
  for (const [format, ext] of [['text', 'txt'], ['json', 'json'], ['sarif', 'sarif'], ['github', 'txt'], ['checkstyle', 'xml'], ['codequality', 'json']]) {
    it(`--format ${format}`, () => {
      const r = runCli(['check', '--format', format, '.'], { cwd: FIXTURE_REPO });
      assert.strictEqual(r.code, 1, r.stderr);
      // No version configured: the assumption is said once, before the summary.
      assert.match(r.stderr, /^note: no Kubernetes version configured: costs assume Kubernetes 1\.34 [^\n]*\n4 findings in 2 of 3 files, 1 suppressed\n$/);
      golden(`${format}.${ext}`, normalize(format === 'sarif' ? onlyUsedRules(r.stdout) : r.stdout));
    });
  }

  it('SARIF output is valid against the SARIF 2.1.0 schema, with rules, levels, fixes and fingerprints', () => {
    const r = runCli(['check', '--format', 'sarif', '.'], { cwd: FIXTURE_REPO });
    const doc = JSON.parse(r.stdout);
    const v = sarifValidator()(doc);
    assert.ok(v.ok, v.errors);
    const run = doc.runs[0];
    assert.strictEqual(run.columnKind, 'utf16CodeUnits');
    assert.deepStrictEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), RULES.map((x) => x.meta.id));
    for (const rule of run.tool.driver.rules) {
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}\\.md$`));
      assert.ok(rule.shortDescription.text.length > 10);
    }
    const levels = run.results.map((x: { ruleId: string; level: string }) => `${x.ruleId}:${x.level}`);
    // KLL001 is information (note) on the default Kubernetes 1.34: the watch cache serves the LIST.
    // KLL003 is information: its Limit still applies when the watch cache does not serve.
    assert.deepStrictEqual(levels, ['KLL001:note', 'KLL003:note', 'KLL002:note', 'KLL004:warning']);
    const fps = run.results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['kubeListLint/v1']);
    assert.strictEqual(new Set(fps).size, fps.length);
    const kll001 = run.results[0];
    assert.deepStrictEqual(kll001.locations[0].physicalLocation.region, { startLine: 12, startColumn: 13, endLine: 14, endColumn: 4 });
    assert.ok(kll001.fixes[0].artifactChanges[0].replacements[0].insertedContent.text.includes('ResourceVersion: "0"'));
  });

  it('a SARIF file the schema rejects is caught (the validator is live)', () => {
    const r = runCli(['check', '--format', 'sarif', '.'], { cwd: FIXTURE_REPO });
    const doc = JSON.parse(r.stdout);
    doc.runs[0].results[0].level = 'warn';
    assert.strictEqual(sarifValidator()(doc).ok, false);
  });

  it('several formats in one run: one to stdout, the others to files, identical to single runs', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-fmt-'));
    const sarif = path.join(out, 'out.sarif');
    const cs = path.join(out, 'cs.xml');
    const r = runCli(['check', '--format', `sarif:${sarif}`, '--format', 'text', '--format', `checkstyle:${cs}`, '.'], { cwd: FIXTURE_REPO });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(r.stdout, runCli(['check', '.'], { cwd: FIXTURE_REPO }).stdout);
    assert.strictEqual(fs.readFileSync(sarif, 'utf8'), runCli(['check', '--format', 'sarif', '.'], { cwd: FIXTURE_REPO }).stdout);
    assert.strictEqual(fs.readFileSync(cs, 'utf8'), runCli(['check', '--format', 'checkstyle', '.'], { cwd: FIXTURE_REPO }).stdout);
  });

  it('text written to a file ends with the summary line', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-fmt-')), 'r.txt');
    runCli(['check', '--format', `text:${out}`, '.'], { cwd: FIXTURE_REPO });
    assert.match(fs.readFileSync(out, 'utf8'), /\n4 findings in 2 of 3 files, 1 suppressed\n$/);
  });

  it('rejects two formats on stdout, unknown formats, an unwritable file', () => {
    assert.throws(() => parseFormats(['text', 'json']), /at most one/);
    assert.throws(() => parseFormats(['sarif:a', 'json:a']), /same file/);
    assert.throws(() => parseFormats(['yaml']), /unknown --format yaml/);
    assert.deepStrictEqual(parseFormats([]), [{ format: 'text' }]);
    assert.deepStrictEqual(parseFormats(['sarif:-', 'text:t.txt']), [{ format: 'sarif' }, { format: 'text', file: 't.txt' }]);
    const r = runCli(['check', '--format', 'json', '--format', 'text', '.'], { cwd: FIXTURE_REPO });
    assert.strictEqual(r.code, 2);
    const w = runCli(['check', '--format', 'sarif:/nonexistent-dir/x.sarif', '.'], { cwd: FIXTURE_REPO });
    assert.strictEqual(w.code, 2);
    assert.match(w.stderr, /cannot write \/nonexistent-dir\/x\.sarif/);
  });

  it('github workflow commands escape %, CR, LF, and in properties : and ,', () => {
    assert.strictEqual(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.strictEqual(escapeProperty('dir,x/a:b.go'), 'dir%2Cx/a%3Ab.go');
  });

  it('SARIF URIs are percent-encoded; absolute paths become file: URIs', () => {
    assert.deepStrictEqual(artifactLocation('pkg/a b/x%y.go'), { uri: 'pkg/a%20b/x%25y.go', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(artifactLocation('/tmp/x.go'), { uri: 'file:///tmp/x.go' });
  });

  it('checkstyle escapes XML specials and drops characters XML cannot carry', () => {
    assert.strictEqual(escapeXml(`a<b & "c" 'd'>\n\u0001`), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;');
  });
});
