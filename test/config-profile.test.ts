// The project config's cluster profile reaches the findings of `check`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './cli.test';
import { packageRoot } from '../server/src/host/grammarFiles';

const AGENT = fs.readFileSync(path.join(packageRoot(), 'examples', 'node-agent', 'main.go'), 'utf8');

function tree(config: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-profile-'));
  fs.writeFileSync(path.join(dir, 'main.go'), AGENT);
  if (config !== undefined) fs.writeFileSync(path.join(dir, '.kube-list-lint.yaml'), config);
  return dir;
}

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
});
