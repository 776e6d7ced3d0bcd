// Issue 9: the CLI against a tree that tries hard to break it. Every bad file gives a clear
// message or a clean skip, the exit code says so, and the rest of the tree is still linted.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../server/src/host/grammarFiles';

const BIN = path.join(packageRoot(), 'bin', 'kube-list-lint.js');
const GOOD = fs.readFileSync(path.join(packageRoot(), 'test/fixtures/rv/kll001.go'), 'utf8');

function run(args: string[], cwd: string, timeoutMs = 300_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kll-hostile-'));
}

/** The findings of the good file linted alone: what the canary must show whatever else is in the tree. */
let alone: string[] | undefined;
function canaryAlone(): string[] {
  if (alone) return alone;
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'good.go'), GOOD);
  alone = run(['check', '--fail-on', 'never', '.'], dir).stdout.split('\n').filter((l) => /^good\.go:\d+:\d+: /.test(l)).map((l) => l.slice('good.go'.length));
  assert.ok(alone.length >= 2, 'the canary has findings of its own');
  return alone;
}

/** The canary: a good file whose findings must survive whatever else is in the tree. */
function assertCanaryLinted(stdout: string, name = 'good.go') {
  const hits = stdout.split('\n').filter((l) => l.startsWith(name + ':') && /^:\d+:\d+: /.test(l.slice(name.length))).map((l) => l.slice(name.length));
  assert.deepStrictEqual(hits, canaryAlone(), `the good file was not fully linted:\n${stdout}`);
}

describe('CLI on hostile input', function () {
  this.timeout(600_000);

  it('a binary file, an empty file, invalid UTF-8 and a directory named x.go', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.go'), GOOD);
    fs.writeFileSync(path.join(dir, 'binary.go'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 255]));
    fs.writeFileSync(path.join(dir, 'empty.go'), '');
    fs.writeFileSync(path.join(dir, 'latin1.go'), Buffer.concat([Buffer.from(GOOD.replace('package rv', 'package rv // caf')), Buffer.from([0xe9, 0x0a])]));
    fs.mkdirSync(path.join(dir, 'x.go'));
    fs.writeFileSync(path.join(dir, 'x.go', 'inner.go'), 'package inner\n');
    const r = run(['check', '--fail-on', 'never', '.'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assertCanaryLinted(r.stdout);
    assert.match(r.stderr, /binary\.go: note: binary/);
    // Invalid UTF-8 is still linted (the findings are in ASCII code).
    assertCanaryLinted(r.stdout, 'latin1.go');
  });

  it('a symlink loop, a dangling link and a linked folder cycle: reported, the rest linted, exit 2', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.go'), GOOD);
    fs.symlinkSync('b.go', path.join(dir, 'a.go'));
    fs.symlinkSync('a.go', path.join(dir, 'b.go'));
    fs.symlinkSync('missing.go', path.join(dir, 'dangling.go'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    const r = run(['check', '--fail-on', 'never', '.'], dir);
    assert.strictEqual(r.code, 2, 'an unreadable .go file fails the run');
    assertCanaryLinted(r.stdout);
    assert.match(r.stderr, /a\.go: error: /);
    assert.match(r.stderr, /dangling\.go: error: /);
  });

  it('a named pipe called x.go is skipped, never read (reading would block forever)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.go'), GOOD);
    execFileSync('mkfifo', [path.join(dir, 'fifo.go')]);
    const walked = run(['check', '--fail-on', 'never', '.'], dir, 30_000);
    assert.strictEqual(walked.signal, null, 'the run hung on the pipe');
    assertCanaryLinted(walked.stdout);
    const named = run(['check', '--fail-on', 'never', 'fifo.go', 'good.go'], dir, 30_000);
    assert.strictEqual(named.signal, null, 'the run hung on the named pipe');
    assertCanaryLinted(named.stdout);
    assert.match(named.stderr, /fifo\.go: note: not a regular file/);
  });

  it('a 20 MB generated file is skipped with a note by default and linted when allowed', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.go'), GOOD);
    // deepcopy-style generated code, with one API call every 500 functions.
    const parts = [GOOD];
    let size = GOOD.length;
    let calls = 0;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      let chunk = `\n// DeepCopyInto copies the receiver into out.\nfunc (in *Thing${i}) DeepCopyInto(out *Thing${i}) {\n\t*out = *in\n\tif in.Labels != nil {\n\t\tout.Labels = make(map[string]string, len(in.Labels))\n\t\tfor k, v := range in.Labels {\n\t\t\tout.Labels[k] = v\n\t\t}\n\t}\n}\n`;
      if (i % 500 === 0) {
        chunk += `\nfunc list${i}(ctx context.Context, cs kubernetes.Interface) {\n\t_, _ = cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})\n}\n`;
        calls++;
      }
      parts.push(chunk);
      size += chunk.length;
    }
    fs.writeFileSync(path.join(dir, 'zz_generated.go'), parts.join(''));
    const r = run(['check', '--fail-on', 'never', '.'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assertCanaryLinted(r.stdout);
    assert.match(r.stderr, /zz_generated\.go: note: larger than/);
    const all = run(['check', '--fail-on', 'never', '--max-file-size', String(64 * 1024 * 1024), '--format', 'json', 'zz_generated.go'], dir);
    assert.strictEqual(all.code, 0, all.stderr);
    assert.strictEqual(JSON.parse(all.stdout).findings.length, calls + canaryAlone().length, 'every call in the big file was found');
  });

  it('paths with spaces and Unicode are linted and printed as they are', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'my dir', 'ünïcødé 目录'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'my dir', 'ünïcødé 目录', 'good file.go'), GOOD);
    const r = run(['check', '--fail-on', 'never', '.'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assertCanaryLinted(r.stdout, 'my dir/ünïcødé 目录/good file.go');
  });

  it('a config file that is not YAML is exit 2 with the file named, nothing half-printed', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.go'), GOOD);
    fs.writeFileSync(path.join(dir, '.kube-list-lint.yaml'), 'rules: [unclosed\n\t- : : :\n');
    const r = run(['check', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /\.kube-list-lint\.yaml/);
    assert.strictEqual(r.stdout, '');
  });
});
