// The project config: validation messages, the JSON schema agreeing with the validator,
// discovery (nearest wins), globs, and the CLI's exit 2 on a broken config.
import * as assert from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { globToRegExp } from '../server/src/config/glob';
import { ConfigError, ConfigResolver, configSelects, parseConfigText, settingsFromConfig } from '../server/src/config/load';
import { validateConfig } from '../server/src/config/validate';
import { RULES } from '../server/src/engine/rules';
import { packageRoot } from '../server/src/host/grammarFiles';
import { findingLines, runCli } from './cli.test';
import { tmpTree } from './harness/tmpTree';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schemas', 'kube-list-lint.schema.json'), 'utf8'));


const VALID: unknown[] = [
  {},
  { rules: { KLL001: 'error', 'get-bypasses-watch-cache': 'off', KLL003: 'hint', KLL004: 'information' } },
  { include: ['pkg/**'], exclude: ['**/zz_generated*.go', 'legacy/'], tests: true },
  { profile: 'large' },
  { profile: { preset: 'large', kubernetesVersion: '1.30', etcdVersion: '3.5.12', nodes: 5000, namespaces: 0, perNodeAgent: true } },
  { profile: { resources: { pods: { count: 150000, avgBytes: 2048 }, configmaps: {} } } },
  { maxFileSize: 1048576, timeoutMs: 2000 },
  { audit: 'kube-list-lint-audit.json' },
  {
    profile: {
      name: 'prod',
      preset: '1k-nodes',
      resources: { pods: { count: 30512, avgBytes: 19876, source: 'count: apiserver_resource_objects, metrics.txt' } },
      measured: { at: '2025-06-02T09:00:00Z', serverVersion: 'v1.30.4', files: ['metrics.txt'], notes: ['not in the files: services'] },
    },
  },
];

const INVALID: [unknown, string][] = [
  [[], ': expected a mapping of settings, got a list'],
  ['rules', ': expected a mapping of settings, got "rules"'],
  [{ rules: { KLL001: 'warn' } }, 'rules.KLL001: expected one of error, warning, information, hint, off, got "warn"'],
  [{ rules: { KLL999: 'error' } }, 'rules.KLL999: expected a rule id or name'],
  [{ rules: { kll001: 'error' } }, 'rules.kll001: expected a rule id or name'],
  [{ rules: ['KLL001'] }, 'rules: expected a mapping of rule id or name to a severity, got a list'],
  [{ rule: {} }, 'rule: expected one of the keys rules, include, exclude, tests, roles, profile, maxFileSize, timeoutMs, audit, got unknown key'],
  [{ audit: '' }, 'audit: expected the path of an `audit --format json` report, got ""'],
  [{ audit: ['a.json'] }, 'audit: expected the path of an `audit --format json` report, got a list'],
  [{ tests: 'yes' }, 'tests: expected a boolean (true or false), got "yes"'],
  [{ roles: ['test'] }, 'roles: expected a mapping of product, test, generated, tool to globs, got a list'],
  [{ roles: { testing: ['x'] } }, 'roles.testing: expected one of the keys product, test, generated, tool, got unknown key'],
  [{ roles: { tool: 'cmd/**' } }, 'roles.tool: expected a list of glob strings, got "cmd/**"'],
  [{ include: 'pkg/**' }, 'include: expected a list of glob strings, got "pkg/**"'],
  [{ exclude: ['a', 3] }, 'exclude[1]: expected a non-empty string, got 3'],
  [{ maxFileSize: -1 }, 'maxFileSize: expected a positive whole number, got -1'],
  [{ timeoutMs: 1.5 }, 'timeoutMs: expected a positive whole number, got 1.5'],
  [{ profile: 42 }, 'profile: expected a preset name or a profile mapping, got 42'],
  [{ profile: { nodes: '5000' } }, 'profile.nodes: expected a whole number >= 0, got "5000"'],
  [{ profile: { nodez: 1 } }, 'profile.nodez: expected one of the keys name, preset,'],
  [{ profile: { perNodeAgent: 1 } }, 'profile.perNodeAgent: expected a boolean'],
  [{ profile: { resources: { pods: { count: 1, size: 2 } } } }, 'profile.resources.pods.size: expected one of the keys count, avgBytes'],
  [{ profile: { resources: { pods: 5 } } }, 'profile.resources.pods: expected a mapping with count and/or avgBytes, got 5'],
  [{ profile: { kubernetesVersion: 1.3 } }, 'profile.kubernetesVersion: expected a non-empty string, got 1.3'],
  [{ profile: { measured: { files: 'metrics.txt' } } }, 'profile.measured.files: expected a list of strings, got "metrics.txt"'],
  [{ profile: { measured: { when: 'now' } } }, 'profile.measured.when: expected one of the keys at, serverVersion, files, notes'],
  [{ profile: { resources: { pods: { source: '' } } } }, 'profile.resources.pods.source: expected a non-empty string'],
];

describe('project config', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const schemaValid = ajv.compile(SCHEMA);

  it('accepts valid configs, and the JSON schema agrees', () => {
    for (const c of VALID) {
      assert.deepStrictEqual(validateConfig(c), [], JSON.stringify(c));
      assert.ok(schemaValid(c), `${JSON.stringify(c)}: ${ajv.errorsText(schemaValid.errors)}`);
    }
  });

  it('rejects invalid configs with the key path and what was expected, and the JSON schema agrees', () => {
    for (const [c, want] of INVALID) {
      const issues = validateConfig(c);
      assert.ok(issues.length > 0, JSON.stringify(c));
      const line = `${issues[0].keyPath}: ${issues[0].message}`;
      assert.ok(line.startsWith(want), `${JSON.stringify(c)}: got ${line}`);
      assert.strictEqual(schemaValid(c), false, `schema accepted ${JSON.stringify(c)}`);
    }
  });

  it('the schema lists every rule id and name', () => {
    const names = SCHEMA.properties.rules.propertyNames.enum as string[];
    assert.deepStrictEqual([...names].sort(), RULES.flatMap((r) => [r.meta.id, r.meta.name]).sort());
  });

  it('naming one rule twice (id and name) is an error', () => {
    const issues = validateConfig({ rules: { KLL001: 'off', 'list-bypasses-watch-cache': 'error' } });
    assert.strictEqual(issues.length, 1);
    assert.match(issues[0].message, /expected each rule once/);
  });

  it('maps rule names to ids in engine settings', () => {
    assert.deepStrictEqual(settingsFromConfig({ rules: { 'get-bypasses-watch-cache': 'off', KLL001: 'error' } }), { rules: { KLL002: 'off', KLL001: 'error' } });
    assert.deepStrictEqual(settingsFromConfig(undefined), { rules: {} });
  });

  it('parses YAML and JSON, and reports syntax errors and duplicate keys', () => {
    assert.deepStrictEqual(parseConfigText('# only a comment\n', 'c.yaml'), {});
    assert.deepStrictEqual(parseConfigText('rules:\n  KLL002: off\n', 'c.yaml'), { rules: { KLL002: 'off' } });
    assert.deepStrictEqual(parseConfigText('\uFEFF{"tests": true}', 'c.json'), { tests: true });
    assert.throws(() => parseConfigText('rules: [\n', 'c.yaml'), (e: ConfigError) => /^c\.yaml: expected valid YAML, got .*line \d+/.test(e.message));
    assert.throws(() => parseConfigText('tests: true\ntests: false\n', 'c.yaml'), (e: ConfigError) => /expected valid YAML/.test(e.message));
    assert.throws(() => parseConfigText('{"tests": }', 'c.json'), (e: ConfigError) => /^c\.json: expected valid JSON/.test(e.message));
    assert.throws(() => parseConfigText('tests: 1\n', 'c.yaml'), (e: ConfigError) => e.message === 'c.yaml: tests: expected a boolean (true or false), got 1');
  });

  it('globs: unanchored names match at any depth, folders match what is inside', () => {
    const m = (g: string, p: string) => globToRegExp(g).test(p);
    assert.ok(m('zz_generated*.go', 'pkg/api/zz_generated.deepcopy.go'));
    assert.ok(m('*.go', 'a.go'));
    assert.ok(!m('*.go', 'a.gox'));
    assert.ok(m('pkg/legacy', 'pkg/legacy/x/y.go'));
    assert.ok(m('pkg/legacy/', 'pkg/legacy/y.go'));
    assert.ok(!m('pkg/legacy', 'other/pkg/legacy/y.go'));
    assert.ok(m('**/legacy/*.go', 'a/b/legacy/y.go'));
    assert.ok(m('**/legacy/*.go', 'legacy/y.go'));
    assert.ok(!m('pkg/*.go', 'pkg/a/b.go'));
    assert.ok(m('pkg/**/*.go', 'pkg/a/b.go'));
    assert.ok(m('cmd/{a,b}/*.go', 'cmd/b/main.go'));
    assert.ok(!m('cmd/{a,b}/*.go', 'cmd/c/main.go'));
    assert.ok(m('x[0-9].go', 'x7.go'));
    assert.ok(m('./pkg/*.go', 'pkg/a.go'));
  });

  it('discovery: the nearest config above a file wins, cached per folder', () => {
    const dir = tmpTree({
      '.kube-list-lint.yaml': 'rules:\n  KLL001: error\n',
      'a/.kube-list-lint.json': '{"rules": {"KLL001": "off"}}',
      'a/b/x.go': '',
      'c/y.go': '',
    });
    const r = new ConfigResolver();
    assert.strictEqual(r.forFile(path.join(dir, 'a/b/x.go'))?.path, path.join(dir, 'a/.kube-list-lint.json'));
    assert.strictEqual(r.forFile(path.join(dir, 'c/y.go'))?.path, path.join(dir, '.kube-list-lint.yaml'));
    // Cached: deleting the file does not change the answer until clear().
    fs.rmSync(path.join(dir, 'a/.kube-list-lint.json'));
    assert.strictEqual(r.forFile(path.join(dir, 'a/b/x.go'))?.path, path.join(dir, 'a/.kube-list-lint.json'));
    r.clear();
    assert.strictEqual(r.forFile(path.join(dir, 'a/b/x.go'))?.path, path.join(dir, '.kube-list-lint.yaml'));
    // --config overrides discovery.
    const explicit = new ConfigResolver(path.join(dir, '.kube-list-lint.yaml'));
    assert.strictEqual(explicit.forFile('/elsewhere/z.go')?.path, path.join(dir, '.kube-list-lint.yaml'));
  });

  it('two config files in one folder is an error', () => {
    const dir = tmpTree({ '.kube-list-lint.yaml': '{}\n', '.kube-list-lint.json': '{}', 'x.go': '' });
    assert.throws(() => new ConfigResolver().forFile(path.join(dir, 'x.go')), /expected one config file per folder/);
  });

  it('include/exclude are relative to the config folder', () => {
    const dir = tmpTree({ 'sub/.kube-list-lint.yaml': 'include: ["pkg/**"]\nexclude: ["pkg/gen"]\n' });
    const cfg = new ConfigResolver().forFile(path.join(dir, 'sub/x.go'));
    assert.ok(configSelects(cfg, path.join(dir, 'sub/pkg/a.go')));
    assert.ok(!configSelects(cfg, path.join(dir, 'sub/pkg/gen/a.go')));
    assert.ok(!configSelects(cfg, path.join(dir, 'sub/cmd/a.go')));
  });
});

const BAD = `package x

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func f(ctx context.Context, cs kubernetes.Interface) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	_, _ = cs.CoreV1().Pods("").Get(ctx, "p", metav1.GetOptions{})
}
`;

describe('CLI with a project config', () => {
  it('a broken config is exit 2 with one line: file: keyPath: expected ...', () => {
    const cases: [string, string, RegExp][] = [
      ['.kube-list-lint.yaml', 'rules:\n  KLL001: warn\n', /^\.kube-list-lint\.yaml: rules\.KLL001: expected one of error, warning, information, hint, off, got "warn"\n$/],
      ['.kube-list-lint.yaml', 'rulez: {}\n', /^\.kube-list-lint\.yaml: rulez: expected one of the keys .*, got unknown key\n$/],
      ['.kube-list-lint.yaml', 'rules: [\n', /^\.kube-list-lint\.yaml: expected valid YAML, got .*\n$/],
      ['.kube-list-lint.json', '{"tests": "yes"}', /^\.kube-list-lint\.json: tests: expected a boolean \(true or false\), got "yes"\n$/],
    ];
    for (const [name, text, want] of cases) {
      const dir = tmpTree({ [name]: text, 'a.go': BAD });
      const r = runCli(['check', '.'], { cwd: dir });
      assert.strictEqual(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, want);
      assert.strictEqual(r.stdout, '');
    }
  });

  it('rules, tests and exclude from the nearest config apply', () => {
    const dir = tmpTree({
      '.kube-list-lint.yaml': 'rules:\n  get-bypasses-watch-cache: off\n  KLL001: error\ntests: true\nexclude: ["gen/"]\n',
      'a.go': BAD,
      'a_test.go': BAD,
      'gen/g.go': BAD,
      'quiet/.kube-list-lint.yml': 'rules:\n  KLL001: off\n  KLL002: off\n',
      'quiet/q.go': BAD,
    });
    const r = runCli(['check', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(
      findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['a.go:11:9: error KLL001', 'a_test.go:11:9: error KLL001'],
    );
    // A file named on the command line is linted even if excluded.
    assert.match(runCli(['check', 'gen/g.go'], { cwd: dir }).stdout, /^gen\/g\.go:11:9: error KLL001/);
  });

  it('--config FILE overrides discovery; a missing one is exit 2', () => {
    const dir = tmpTree({ '.kube-list-lint.yaml': 'rules:\n  KLL001: off\n', 'other.yaml': 'rules:\n  KLL002: off\n', 'a.go': BAD });
    const r = runCli(['check', '--config', 'other.yaml', '.'], { cwd: dir });
    assert.match(r.stdout, /KLL001/);
    assert.doesNotMatch(r.stdout, /KLL002/);
    const missing = runCli(['check', '--config', 'nope.yaml', '.'], { cwd: dir });
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /^nope\.yaml: expected a readable config file, got no such file\n$/);
  });

  it('maxFileSize from the config skips larger files with a note', () => {
    const dir = tmpTree({ '.kube-list-lint.json': '{"maxFileSize": 100}', 'a.go': BAD });
    const r = runCli(['check', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /a\.go: note: larger than 100 bytes/);
  });
});
