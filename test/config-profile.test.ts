// The project config's cluster profile reaches the findings of `check`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './cli.test';
import { packageRoot } from '../server/src/host/grammarFiles';
import { libraryVersionsOfGoMod } from '../server/src/host/modules';
import { ProjectSettings } from '../server/src/lsp/projectConfig';
import type { ServerSettings } from '../server/src/lsp/settings';
import { pathToFileURL } from 'url';

const AGENT = fs.readFileSync(path.join(packageRoot(), 'examples', 'node-agent', 'main.go'), 'utf8');

function tree(config: string | undefined, goMod?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-profile-'));
  fs.writeFileSync(path.join(dir, 'main.go'), AGENT);
  if (config !== undefined) fs.writeFileSync(path.join(dir, '.kube-list-lint.yaml'), config);
  if (goMod !== undefined) fs.writeFileSync(path.join(dir, 'go.mod'), goMod);
  return dir;
}

const GO_MOD_130 = 'module example.com/agent\n\ngo 1.22\n\nrequire (\n\tk8s.io/api v0.30.2\n\tk8s.io/client-go v0.30.2 // indirect\n)\n';

function kll001(dir: string) {
  const r = runCli(['check', '--format', 'json', '--fail-on', 'never', '.'], { cwd: dir });
  assert.strictEqual(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).findings.find((f: { rule: string }) => f.rule === 'KLL001');
}

describe('project config: profile', () => {
  it('sizes the estimate with the configured preset and version', () => {
    const byDefault = kll001(tree(undefined));
    assert.match(byDefault.cost.headline, /at 1k-nodes \/ 1\.34 /);
    assert.strictEqual(byDefault.severity, 'information', 'the default 1.34 serves a consistent LIST from the watch cache');
    const big = kll001(tree('profile: 4k-nodes\n'));
    assert.match(big.cost.headline, /at 4k-nodes \/ 1\.34 /);
    const old = kll001(tree('profile:\n  preset: 4k-nodes\n  kubernetesVersion: "1.30"\n'));
    assert.match(old.cost.headline, /read from etcd, ≈[\d.]+ [KMG]B processed per call at 4k-nodes \/ 1\.30 /);
    assert.strictEqual(old.severity, 'warning');
    const new_ = kll001(tree('profile:\n  preset: 4k-nodes\n  kubernetesVersion: "1.33"\n'));
    assert.strictEqual(new_.severity, 'information', 'from 1.31 the watch cache serves a consistent LIST');
    const oldEtcd = kll001(tree('profile:\n  etcdVersion: "3.5.12"\n'));
    assert.strictEqual(oldEtcd.severity, 'warning', 'etcd without progress notifications: every version reads etcd');
  });

  it('an unknown preset is exit 2 naming the file and the key', () => {
    const r = runCli(['check', '.'], { cwd: tree('profile: 40k-nodes\n') });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /\.kube-list-lint\.yaml: profile: .*unknown profile preset "40k-nodes"/);
  });

  describe("go.mod: the client-go and controller-runtime versions, never the cluster's", () => {
    it('client-go v0.30 in go.mod: costs stay at the assumed 1.34 (the cluster version is the user\'s setting), KLL001 stays information', () => {
      const dir = tree(undefined, GO_MOD_130);
      const r = runCli(['check', '--format', 'json', '--fail-on', 'never', '.'], { cwd: dir });
      const doc = JSON.parse(r.stdout);
      const f = doc.findings.find((x: { rule: string }) => x.rule === 'KLL001');
      assert.strictEqual(f.severity, 'information');
      assert.deepStrictEqual([f.cost.kubernetesVersion, f.cost.kubernetesVersionFrom], ['1.34', undefined]);
      const notes = doc.notes.filter((n: { kind?: string }) => n.kind === 'sizing').map((n: { message: string }) => n.message);
      assert.ok(notes.some((m: string) => m.includes('Kubernetes 1.34 with etcd ≥ 3.5.13 (the oldest minor supported upstream')), notes.join('\n'));
    });
    it('a configured version is used as configured, whatever go.mod says', () => {
      const pinned = kll001(tree('profile:\n  kubernetesVersion: "1.30"\n', GO_MOD_130));
      assert.deepStrictEqual([pinned.severity, pinned.cost.kubernetesVersion], ['warning', '1.30']);
    });
    it("report's header says the assumed version; --kubernetes-version wins", () => {
      const dir = tree(undefined, GO_MOD_130);
      const head = (args: string[]) => runCli(['report', ...args, '.'], { cwd: dir }).stdout.split('\n')[0];
      assert.match(head([]), /Kubernetes 1\.34 with etcd ≥ 3\.5\.13 \(assumed: no version configured/);
      assert.match(head(['--kubernetes-version', '1.33']), /Kubernetes 1\.33$/);
    });
    it('a go.mod without client-go (or with an upstream pseudo-version) leaves the default 1.34', () => {
      for (const mod of ['module example.com/x\n', 'module example.com/x\nrequire k8s.io/client-go v0.0.0-20260724135943-6caf352f8c89\n']) {
        const f = kll001(tree(undefined, mod));
        assert.deepStrictEqual([f.cost.kubernetesVersion, f.cost.kubernetesVersionFrom], ['1.34', undefined], mod);
      }
    });
    it('go.mod parsing: require blocks and lines, replace with a version wins; pseudo-versions and comments say nothing', () => {
      assert.deepStrictEqual(libraryVersionsOfGoMod('module x\nrequire k8s.io/client-go v0.29.3 // indirect\n'), { clientGo: 'v0.29.3' });
      assert.strictEqual(libraryVersionsOfGoMod('module x\nrequire k8s.io/api v0.31.0\n'), undefined, 'no client-go: its version is unknown');
      assert.deepStrictEqual(libraryVersionsOfGoMod('module x\nrequire (\n\tk8s.io/api v0.31.0\n\tk8s.io/client-go v0.32.1\n\tsigs.k8s.io/controller-runtime v0.20.4\n)\n'), { clientGo: 'v0.32.1', controllerRuntime: 'v0.20.4' });
      assert.deepStrictEqual(libraryVersionsOfGoMod('module x\nrequire k8s.io/client-go v0.33.0\nreplace k8s.io/client-go => k8s.io/client-go v0.31.4\n'), { clientGo: 'v0.31.4' });
      assert.deepStrictEqual(libraryVersionsOfGoMod('module x\nrequire k8s.io/client-go v0.33.0\nreplace k8s.io/client-go => ../client-go\n'), { clientGo: 'v0.33.0' });
      assert.strictEqual(libraryVersionsOfGoMod('module x\nrequire k8s.io/client-go v0.0.0-20260724135943-6caf352f8c89\n'), undefined);
      assert.strictEqual(libraryVersionsOfGoMod('module x\n// require k8s.io/client-go v0.33.0\n'), undefined);
    });
    it('the language server reads the module\'s client-go version from go.mod; the cluster version stays the assumed or configured one', () => {
      const dir = tree(undefined, GO_MOD_130);
      const uri = pathToFileURL(path.join(dir, 'main.go')).href;
      const project = new ProjectSettings(() => undefined);
      const base = { enable: true, rules: {}, profile: '', kubernetesVersion: '' } as unknown as ServerSettings;
      const p = project.forUri(uri, base).engine.profile!;
      assert.deepStrictEqual([p.kubernetesVersion, p.versionAssumed, p.clientGoMinor], ['1.34', true, 30]);
      const pinned = project.forUri(uri, { ...base, kubernetesVersion: '1.33' }).engine.profile!;
      assert.deepStrictEqual([pinned.kubernetesVersion, pinned.clientGoMinor], ['1.33', 30]);
    });
  });
});

