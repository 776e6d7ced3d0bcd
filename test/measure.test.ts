// `profile import` and `audit` end to end through the CLI: recorded inputs written from the
// upstream formats (test/measure-fixtures.ts), real processes, real files. No network.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseMetrics } from '../server/src/measure/prometheus';
import { LatencyHistogram, normalSelector, selectorShape } from '../server/src/measure/audit';
import { measuredMarkdown, measuredPhrase, measuredReportOf, measuredSiteFor, type MeasuredSite } from '../server/src/measure/measured';
import { matchSite } from '../server/src/measure/match';
import type { AuditShape } from '../server/src/measure/audit';
import { createEngine } from '../server/src/host/grammarFiles';
import { runCli } from './cli.test';
import { tmpTree } from './harness/tmpTree';
import { auditEvent, auditLog, bigListEvent, CODE, CONFIGMAP, METRICS, METRICS_1_29, podItems, podList, sizedAuditLog, VERSION_JSON, WIDGETS } from './measure-fixtures';

describe('profile import', () => {
  it('prints a profile measured from /metrics: counts per resource, version from build info, provenance, unknowns said', () => {
    const dir = tmpTree({ 'metrics.txt': METRICS });
    const r = runCli(['profile', 'import', '--metrics', 'metrics.txt', '--name', 'prod-eu1'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    // The malformed sample is reported with its line; the rest is used.
    assert.match(r.stderr, /metrics\.txt:10: expected , or \} after label resource, skipped/);
    assert.match(r.stderr, /secrets: the apiserver reported -1 objects/);
    assert.match(r.stderr, /counted but no size and no default \(give --objects or --audit for them\): deployments \(310\), leases|counted but no size and no default \(give --objects or --audit for them\): deployments \(310\), widgets \(77\)/);
    assert.match(r.stderr, /not in the files, small's values kept: .*services/);
    const out = r.stdout;
    assert.match(out, /^# measured by kube-list-lint profile import from metrics\.txt/);
    assert.match(out, /name: prod-eu1\n  preset: small\n  kubernetesVersion: "1\.34"\n  nodes: 40\n  namespaces: 48\n/);
    assert.match(out, /pods:\n {6}count: 1210\n {6}source: "count: apiserver_resource_objects, metrics\.txt \(\d{4}-\d\d-\d\dT[\d:]+Z, v1\.34\.1\)"/);
    // The apiserver's own size estimate (storage bytes), converted to JSON: 3,194,880 / 3,120 / 0.5.
    assert.match(out, /configmaps:\n {6}count: 3120\n {6}avgBytes: 2048\n/);
    assert.match(out, /serverVersion: v1\.34\.1/);
    // leases only in the older metric: still counted.
    assert.match(out, /leases:\n {6}count: 95\n {6}source: "count: apiserver_storage_objects/);
  });

  it('reads apiserver_storage_objects on older clusters, the server version from kubectl version, sizes from kubectl get -o json', () => {
    const dir = tmpTree({ 'metrics.txt': METRICS_1_29, 'version.json': VERSION_JSON, 'pods.json': podList(20) });
    const r = runCli(['profile', 'import', '--metrics', 'metrics.txt', '--version', 'version.json', '--objects', 'pods.json'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    // 2,100 nodes: nearer 4k-nodes than 1k-nodes by ratio.
    assert.match(r.stdout, /name: imported\n  preset: 4k-nodes\n  kubernetesVersion: "1\.29"\n  nodes: 2100\n  namespaces: 130\n/);
    const size = /pods:\n {6}count: 52000\n {6}avgBytes: (\d+)\n {6}source: "count: apiserver_storage_objects, metrics\.txt \([^)]*v1\.29\.8-eks-a737599\); avgBytes: 20 pods in pods\.json \([^)]*\) \(without managedFields/.exec(r.stdout);
    assert.ok(size, r.stdout);
    // Compact JSON per pod, not kubectl's pretty-printed bytes.
    const compact = JSON.parse(podList(20)).items.map((p: unknown) => Buffer.byteLength(JSON.stringify(p)));
    assert.strictEqual(Number(size[1]), Math.round(compact.reduce((a: number, b: number) => a + b, 0) / 20));
    assert.match(r.stderr, /ingresses \(12\)/, 'a resource with no default and no size is said, not written');
  });

  it('--write sets the profile in the nearest config, keeping its other keys and comments; check and report use it', () => {
    const dir = tmpTree({ 'metrics.txt': METRICS_1_29, 'version.json': VERSION_JSON, '.kube-list-lint.yaml': '# team settings\nrules:\n  KLL002: off # noisy here\nprofile: small\n', ...CODE });
    const r = runCli(['profile', 'import', '--metrics', '../metrics.txt', '--version', '../version.json', '--name', 'prod', '--write'], { cwd: path.join(dir, 'cmd') });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote profile prod \(3 resources\) to \.\.\/\.kube-list-lint\.yaml|wrote profile prod \(3 resources\) to .*\.kube-list-lint\.yaml/);
    const text = fs.readFileSync(path.join(dir, '.kube-list-lint.yaml'), 'utf8');
    assert.match(text, /^# team settings\nrules:\n  KLL002: off # noisy here\nprofile:\n  # measured by kube-list-lint profile import/);
    assert.ok(!text.includes('profile: small'));
    const report = runCli(['report', '--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(report.code, 0, report.stderr);
    const doc = JSON.parse(report.stdout);
    assert.deepStrictEqual([doc.profile.name, doc.profile.nodes, doc.profile.pods, doc.profile.kubernetesVersion], ['prod', 2100, 52000, '1.29']);
    const check = runCli(['check', '--format', 'json', '--fail-on', 'never', '.'], { cwd: dir });
    const pods = JSON.parse(check.stdout).findings.find((f: { path: string }) => f.path.includes('node-agent'));
    assert.match(pods.cost.headline, /at prod \/ 1\.29 \(52k pods\)/);
  });

  it('writes a new config file when there is none, and refuses input with nothing measured', () => {
    const dir = tmpTree({ 'metrics.txt': METRICS_1_29, 'empty.txt': '# HELP process_cpu_seconds_total x\nprocess_cpu_seconds_total 12.5\n' });
    assert.strictEqual(runCli(['profile', 'import', '--metrics', 'metrics.txt', '--write'], { cwd: dir }).code, 0);
    assert.match(fs.readFileSync(path.join(dir, '.kube-list-lint.yaml'), 'utf8'), /^profile:\n  # measured/);
    const none = runCli(['profile', 'import', '--metrics', 'empty.txt'], { cwd: dir });
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /no apiserver_resource_objects, apiserver_storage_objects, etcd_object_counts samples/);
    assert.strictEqual(runCli(['profile', 'import'], { cwd: dir }).code, 2);
    assert.strictEqual(runCli(['profile', 'import', '--metrics', 'nope.txt'], { cwd: dir }).code, 2);
  });

  it('--audit: object sizes per resource from response bodies, each object once at its latest size, managedFields included', () => {
    const dir = tmpTree({ 'metrics.txt': METRICS, 'audit.log': sizedAuditLog() });
    const r = runCli(['profile', 'import', '--metrics', 'metrics.txt', '--audit', 'audit.log'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const bytes = (o: object) => Buffer.byteLength(JSON.stringify(o));
    const mean = (os: object[]) => Math.round(os.reduce((n: number, o) => n + bytes(o), 0) / os.length);
    // 30 distinct pods: 0..9 and 20..29 as first listed, 10..19 at their second, larger size.
    const pods = mean([...podItems(0, 10, 1500), ...podItems(10, 20, 1600), ...podItems(20, 30, 1500)]);
    assert.ok(pods > mean(podItems(0, 20, 1500)), 'the grown pods count at their latest size');
    assert.match(r.stdout, new RegExp(`pods:\\n {6}count: 1210\\n {6}avgBytes: ${pods}\\n {6}source: "count: apiserver_resource_objects, [^;]*; avgBytes: 30 pods in 2 responses in audit\\.log \\(\\d{4}-[^)]*\\)"`));
    // The GET's body: the audit's size wins over the apiserver's estimate (2048 from the metrics);
    // the failed GET's Status and the update's body are not configmaps' sizes.
    assert.match(r.stdout, new RegExp(`configmaps:\\n {6}count: 3120\\n {6}avgBytes: ${bytes(CONFIGMAP)}\\n {6}source: "count: [^;]*; avgBytes: 1 configmaps in 1 responses in audit\\.log`));
    // A custom resource the preset has no size for: counted by the metrics, sized by the audit, now written.
    assert.match(r.stdout, new RegExp(`widgets:\\n {6}count: 77\\n {6}avgBytes: ${mean(WIDGETS)}\\n`));
    assert.doesNotMatch(r.stderr, /widgets \(77\)/);
    assert.match(r.stdout, /files:\n {6}- metrics\.txt\n {6}- audit\.log\n/);
    assert.match(r.stderr, /audit\.log:4: malformed JSON \(.*\), skipped/);

    // A log at level Metadata has no bodies: said, and nothing is sized from it.
    const whole = sizedAuditLog().split('\n').filter((l) => l.endsWith('}'));
    const meta = whole.map((l) => JSON.stringify({ ...JSON.parse(l), level: 'Metadata', responseObject: undefined })).join('\n');
    fs.writeFileSync(path.join(dir, 'meta.log'), meta + '\n');
    const m = runCli(['profile', 'import', '--metrics', 'metrics.txt', '--audit', 'meta.log'], { cwd: dir });
    assert.strictEqual(m.code, 0, m.stderr);
    assert.match(m.stderr, /note: meta\.log: no LIST or GET response bodies \(5 reads logged at level Metadata: sizes need level RequestResponse\): no sizes/);
    assert.match(m.stdout, /configmaps:\n {6}count: 3120\n {6}avgBytes: 2048\n/);

    // A response longer than --max-line-bytes is not decoded: said, not measured.
    const l = runCli(['profile', 'import', '--metrics', 'metrics.txt', '--audit', 'audit.log', '--max-line-bytes', '20000'], { cwd: dir });
    assert.match(l.stderr, /audit\.log: 2 responses longer than --max-line-bytes \(20,000\) not measured/);
    assert.doesNotMatch(l.stdout, /pods in 2 responses/);
  });

  it('parses the exposition format: escapes, exponents, timestamps, malformed lines with their numbers', () => {
    const m = parseMetrics('# TYPE a gauge\na{l="x\\"y\\\\z\\n",m="1"} 1.5e+03 1700000000000\nb +Inf\nc{l="x"} abc\nd{l=x} 1\n');
    assert.deepStrictEqual(m.samples.map((s) => [s.name, s.labels, s.value, s.line]), [
      ['a', { l: 'x"y\\z\n', m: '1' }, 1500, 2],
      ['b', {}, Infinity, 3],
    ]);
    assert.deepStrictEqual(m.problems.map((p) => p.line), [4, 5]);
  });
});

function auditTree(extra: Record<string, string> = {}): string {
  return tmpTree({ ...CODE, ...extra });
}

describe('audit', () => {
  it('groups reads by shape and ranks the call sites that make them by measured seconds (JSON)', () => {
    const dir = auditTree({ 'logs/audit.log': auditLog() });
    const r = runCli(['audit', '--format', 'json', '--code', '.', 'logs/audit.log'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.strictEqual(doc.kind, 'audit-report');
    assert.deepStrictEqual(
      doc.sites.map((s: { path: string; line: number; requests: number; confidence: string; shared: boolean }) => [s.path, s.line, s.requests, s.confidence, s.shared]),
      [
        ['cmd/node-agent/main.go', 13, 120, 'high', false],
        ['cmd/controller/main.go', 11, 10, 'high', false],
        ['cmd/controller/main.go', 12, 10, 'high', false],
        ['pkg/sync/sync.go', 15, 2, 'medium', true],
        ['pkg/sync/sync.go', 19, 2, 'medium', true],
        // The informer's LIST (0.03 s) and WATCH; the agents' watches of their Node (a watch's seconds are not summed).
        ['cmd/controller/informers.go', 12, 2, 'high', false],
        ['cmd/node-agent/watch.go', 11, 40, 'high', false],
      ],
    );
    const informer = doc.sites.find((s: { how?: string }) => s.how === 'informer');
    assert.strictEqual(informer.label, 'informer of configmaps (LIST + WATCH)');
    assert.strictEqual(informer.callText, 'f.Core().V1().ConfigMaps()');
    assert.deepStrictEqual(
      informer.groups.map((x: { id: number }) => doc.groups.find((g: { id: number }) => g.id === x.id).text).sort(),
      ['LIST configmaps, in a namespace, RV "0", limit', 'WATCH configmaps, in a namespace, RV exact'],
    );
    const watch = doc.sites.find((s: { how?: string }) => s.how === 'watch');
    assert.deepStrictEqual([watch.verb, watch.label, watch.function], ['watch', 'WATCH nodes', 'watchNode']);
    const agent = doc.sites[0];
    // Site paths are relative to the code root, named in the report (absolute: it went to stdout).
    assert.strictEqual(doc.codeRoot, fs.realpathSync(dir));
    assert.strictEqual(agent.verb, 'list');
    // The site's latency is its group's: 0.2 s .. 1.1 s.
    assert.ok(agent.p99 >= 1.1 && agent.p99 <= 1.1 * 1.05 && agent.p50 >= 0.6 && agent.p50 <= 0.7 * 1.05, JSON.stringify(agent));
    // 3 rounds × 40 nodes, 0.2 s .. 1.1 s each.
    // 3 rounds × 40 nodes at 0.2 s .. 1.1 s, each 333 µs longer (the timestamps' microseconds).
    assert.ok(Math.abs(agent.seconds - (3 * 4 * (0.2 + 0.3 + 0.4 + 0.5 + 0.6 + 0.7 + 0.8 + 0.9 + 1.0 + 1.1) + 120 * 0.000333)) < 1e-6, String(agent.seconds));
    assert.deepStrictEqual(agent.findings.map((f: { rule: string }) => f.rule), ['KLL001']);
    assert.match(agent.model, /per call/);
    const g = doc.groups.find((x: { shape: { userAgent: string } }) => x.shape.userAgent === 'node-agent');
    assert.strictEqual(g.text, 'LIST pods, cluster-wide, fieldSelector spec.nodeName=*, RV unset');
    assert.ok(g.p50 >= 0.6 && g.p50 <= 0.7 * 1.05 && g.p99 >= 1.1 && g.p99 <= 1.1 * 1.05 + 1e-9, JSON.stringify(g));
    assert.strictEqual(g.requests, 120, 'RequestReceived events are not counted again');
    // The batch job's backend configmaps: no folder names it; Prune and Audit both send
    // exactly that selector (ambiguous: they share it), Refresh may (its selector is a parameter).
    const job = doc.groups.find((x: { shape: { userAgent: string } }) => x.shape.userAgent === 'batch-job');
    assert.strictEqual(job.sharedBy, 2);
    assert.deepStrictEqual(job.candidates.map((c: { path: string; line: number; confidence: string }) => [c.path, c.line, c.confidence]), [
      ['pkg/sync/sync.go', 15, 'medium'],
      ['pkg/sync/sync.go', 19, 'medium'],
      ['pkg/sync/sync.go', 11, 'low'],
    ]);
    // The controller's own shape: its folder and its selector rank it first; Refresh is listed below it.
    const ctl = doc.groups.find((x: { shape: { userAgent: string; resource: string; verb: string } }) => x.shape.userAgent === 'controller' && x.shape.resource === 'configmaps' && x.shape.verb === 'list');
    assert.deepStrictEqual(ctl.candidates.map((c: { path: string; line: number; confidence: string }) => [c.path, c.line, c.confidence]), [
      ['cmd/controller/main.go', 11, 'high'],
      ['pkg/sync/sync.go', 11, 'low'],
    ]);
    assert.strictEqual(ctl.sharedBy, 1);
    // What no code here makes: kubectl's paged pod list and the custom resource.
    assert.deepStrictEqual(doc.unmatched.map((u: { text: string; shape: { userAgent: string } }) => `${u.shape.userAgent}: ${u.text}`).sort(), [
      'kubectl: LIST pods, cluster-wide, RV unset, limit',
      'kubectl: LIST widgets.example.com, cluster-wide, RV unset, limit',
    ]);
    assert.strictEqual(doc.window.from, '2025-06-02T09:00:00.000Z');
    assert.ok(Math.abs(doc.window.hours - 2790 / 3600) < 1e-6);
    assert.strictEqual(doc.logs[0].skipped['not-a-read'], 10);
    assert.strictEqual(doc.logs[0].skipped.stage, 120);
    assert.strictEqual(doc.logs[0].skipped['non-resource'], 1);
    assert.deepStrictEqual(doc.problems, []);
  });

  it('text output names each site with its measured figures, ambiguity and the unmatched requests; gzip reads the same', () => {
    const log = auditLog();
    const dir = auditTree({ 'audit.log': log, 'audit.log.gz': zlib.gzipSync(log).toString('latin1') });
    // tmpTree writes text: write the gzip bytes again as bytes.
    fs.writeFileSync(path.join(dir, 'audit.log.gz'), zlib.gzipSync(log));
    const r = runCli(['audit', 'audit.log', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^audit: 189 read requests/);
    assert.match(r.stdout, / {2}1\. cmd\/node-agent\/main\.go:13:9 LIST pods in podsOnNode \[high\]\n {5}measured: 155 LISTs\/hour, p99 1\.1 s, p50 0\.\d\d s, 78 s in all\n {5}model: .*\n {5}KLL001: /);
    assert.match(r.stdout, /3 call sites can make this shape; the best 2 rank equal and share its requests evenly:/);
    // A watch is held open: its seconds are not summed and it has no latency.
    assert.match(r.stdout, / {2}7\. cmd\/node-agent\/watch\.go:11:10 WATCH nodes in watchNode \[high\]\n {5}measured: 52 WATCHes\/hour, held open: no latency\n/);
    assert.match(r.stdout, /#9 WATCH nodes, cluster-wide, fieldSelector metadata\.name=\*, RV unset; user agent node-agent: 40 requests \(52\/hour\), held open: no latency, 0 s\n/);
    assert.match(r.stdout, /Requests no code here makes:\n(.*\n)*.*kubectl\/v1\.31\.2 .*: 2 requests/);
    const gz = runCli(['audit', '--format', 'json', 'audit.log.gz', '.'], { cwd: dir });
    const plain = runCli(['audit', '--format', 'json', 'audit.log', '.'], { cwd: dir });
    const strip = (s: string) => {
      const d = JSON.parse(s);
      delete d.logs;
      return d;
    };
    assert.deepStrictEqual(strip(gz.stdout), strip(plain.stdout));
    for (const format of ['markdown', 'html']) {
      const x = runCli(['audit', '--format', format, 'audit.log', '.'], { cwd: dir });
      assert.strictEqual(x.code, 0, x.stderr);
      assert.match(x.stdout, /cmd\/node-agent\/main\.go:13/);
    }
  });

  it('reports malformed lines with their numbers and goes on: truncated JSON, another API version, an event without a verb', () => {
    const dir = auditTree({ 'audit.log': auditLog(true) });
    const r = runCli(['audit', '--format', 'json', 'audit.log', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.strictEqual(doc.problems.length, 3, doc.problems.join('\n'));
    assert.match(doc.problems[0], /^audit\.log:6: malformed JSON \(.*\), skipped$/);
    assert.match(doc.problems[1], /^audit\.log:10: not an audit\.k8s\.io\/v1 Event, skipped$/);
    assert.match(doc.problems[2], /^audit\.log:13: an Event without requestURI or verb, skipped$/);
    assert.strictEqual(doc.sites[0].requests, 120, 'the rest of the log is read');
    assert.strictEqual(doc.logs[0].skipped.malformed, 3);
  });

  it('a line longer than --max-line-bytes is not decoded: its request is counted from its head and tail, with its size', () => {
    const big = bigListEvent(400);
    assert.ok(big.length > 600_000);
    const dir = auditTree({ 'audit.log': auditLog() + big + '\n' });
    const r = runCli(['audit', '--format', 'json', '--max-line-bytes', '65536', 'audit.log', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.strictEqual(doc.problems.length, 1);
    assert.match(doc.problems[0], /^audit\.log:\d+: [\d.]+ [KM]B, longer than --max-line-bytes: its fields read from its head and tail/);
    const kubectl = doc.groups.find((g: { shape: { userAgent: string; resource: string } }) => g.shape.userAgent === 'kubectl' && g.shape.resource === 'pods');
    assert.strictEqual(kubectl.requests, 3);
    assert.strictEqual(kubectl.bytes.requests, 1);
    assert.strictEqual(kubectl.bytes.total, Buffer.byteLength(big));
    assert.ok(kubectl.max >= 3.5 && kubectl.max < 3.6);
    // Decoded whole (under the default limit), the response's own size is measured.
    const whole = JSON.parse(runCli(['audit', '--format', 'json', 'audit.log', '.'], { cwd: dir }).stdout);
    const w = whole.groups.find((g: { shape: { userAgent: string; resource: string } }) => g.shape.userAgent === 'kubectl' && g.shape.resource === 'pods');
    assert.strictEqual(w.bytes.total, Buffer.byteLength(JSON.stringify(JSON.parse(big).responseObject)));
  });

  it('--write puts the JSON beside the config and names it there; --output elsewhere is named relative to the config', () => {
    const dir = auditTree({ 'audit.log': auditLog(), '.kube-list-lint.yaml': 'tests: false\n' });
    const r = runCli(['audit', '--write', '../audit.log'], { cwd: path.join(dir, 'cmd') });
    assert.strictEqual(r.code, 0, r.stderr);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'kube-list-lint-audit.json'), 'utf8'));
    // The code is `.` (cmd/), written relative to the report's folder.
    assert.strictEqual(doc.codeRoot, 'cmd');
    assert.deepStrictEqual(doc.sites.map((s: { path: string }) => s.path).slice(0, 2), ['node-agent/main.go', 'controller/main.go']);
    assert.match(fs.readFileSync(path.join(dir, '.kube-list-lint.yaml'), 'utf8'), /^tests: false\naudit: kube-list-lint-audit\.json # measured by kube-list-lint audit/);
    // `report` shows the measured figures next to the model's, for the calls the audit matched
    // (pkg/ was not in the audited code: no figures). The configmaps informer is ranked as its
    // initial LIST and carries its informer's measured LIST + WATCH.
    const rep = runCli(['report', '--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(rep.code, 0, rep.stderr);
    const measured = JSON.parse(rep.stdout).calls.map((c: { path: string; line: number; measured?: { requests: number; perHour: number } }) => [c.path, c.line, c.measured?.requests, c.measured && Math.round(c.measured.perHour)]);
    assert.deepStrictEqual(measured.sort(), [
      ['cmd/controller/informers.go', 12, 2, 3],
      ['cmd/controller/main.go', 11, 10, 13],
      ['cmd/controller/main.go', 12, 10, 13],
      ['cmd/node-agent/main.go', 13, 120, 155],
      ['pkg/sync/sync.go', 11, undefined, undefined],
      ['pkg/sync/sync.go', 15, undefined, undefined],
      ['pkg/sync/sync.go', 19, undefined, undefined],
    ]);
    const text = runCli(['report', '.'], { cwd: dir }).stdout;
    assert.match(text, /measured +call\n/);
    assert.match(text, /155 LISTs\/hour, p99 1\.1 s +cmd\/node-agent\/main\.go:13 LIST pods/);
    assert.match(runCli(['report', '--format', 'markdown', '.'], { cwd: dir }).stdout, /\| measured \| rules \|\n[^]*\| 155 LISTs\/hour, p99 1\.1 s \| KLL001 \|/);
    assert.match(runCli(['report', '--format', 'html', '.'], { cwd: dir }).stdout, /<div class="why">measured: 155 LISTs\/hour, p99 1\.1 s<\/div>/);
    const o = runCli(['audit', '--write', '--output', 'out/a.json', '--code', '.', 'audit.log'], { cwd: dir });
    assert.strictEqual(o.code, 2, 'out/ does not exist: ' + o.stderr);
    fs.mkdirSync(path.join(dir, 'out'));
    const o2 = runCli(['audit', '--write', '--output', 'out/a.json', '--code', '.', 'audit.log'], { cwd: dir });
    assert.strictEqual(o2.code, 0, o2.stderr);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'a.json'), 'utf8')).codeRoot, '..');
    assert.match(fs.readFileSync(path.join(dir, '.kube-list-lint.yaml'), 'utf8'), /\naudit: out\/a\.json #/);
    assert.strictEqual(runCli(['audit', '--write', '--format', 'text', 'audit.log'], { cwd: dir }).code, 2);
  });

  it('measured sites for the editor: a report is checked; a call is found by function and text, the nearest when repeated', () => {
    assert.match(String(measuredReportOf({ kind: 'cost-report' })), /kind: audit-report/);
    assert.match(String(measuredReportOf({ kind: 'audit-report', schemaVersion: 1, sites: [{ path: 'a.go' }] })), /^sites\[0\]: expected path, line/);
    const site = (line: number, fn = 'f') => ({ path: 'a.go', line, function: fn, callText: 'cs.CoreV1().Pods("").List(ctx, opts)', verb: 'list', requests: line, seconds: 1, confidence: 'high' });
    const r = measuredReportOf({ kind: 'audit-report', schemaVersion: 1, codeRoot: '.', logs: [{ path: 'audit.log' }], sites: [site(10), site(30), site(12, 'g')] });
    assert.ok(typeof r !== 'string');
    const at = (line: number, fn = 'f', callText = 'cs.CoreV1().Pods("").List(ctx, opts)') => measuredSiteFor(r.sites, { enclosingFunction: fn, callText, line })?.line;
    assert.deepStrictEqual([at(11), at(25), at(12, 'g'), at(12, 'h'), at(10, 'f', 'cs.CoreV1().Pods(ns).List(ctx, opts)')], [10, 30, 12, undefined, undefined]);
    assert.strictEqual(measuredPhrase({ verb: 'get', requests: 7 }), 'measured: 7 GETs');
    const watch = measuredMarkdown({ ...site(5), verb: 'watch', how: 'watch', label: 'WATCH pods', seconds: 0, perHour: 52 } as MeasuredSite, { logs: ['audit.log'] }, 'r.json');
    assert.match(watch, /\| requests \| 52 WATCHes\/hour \(5 in the log\) \|\n\| latency \| held open: none \|\n\nMatched/);
    assert.strictEqual(measuredPhrase({ verb: 'list', requests: 5000, perHour: 1840.4, p99: 4.2 }), 'measured: 1,840 LISTs/hour, p99 4.2 s');
  });

  it('the inventory lists informers of any kind and raw watches, with the request each makes', async () => {
    const engine = await createEngine();
    const go = `package main

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

func run(ctx context.Context, cs kubernetes.Interface, ns string, tweak informers.TweakListOptionsFunc) {
	all := informers.NewSharedInformerFactory(cs, 0)
	all.Apps().V1().Deployments().Informer()
	all.Core().V1().Nodes().Lister()
	one := informers.NewFilteredSharedInformerFactory(cs, 0, "shop", nil)
	one.Networking().V1().Ingresses().Informer()
	one.Core().V1().Nodes().Informer()
	some := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns), informers.WithTweakListOptions(tweak))
	some.Batch().V1().Jobs().Informer()
	_ = cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "configmaps", metav1.NamespaceAll, fields.Everything())
	w, _ := cs.CoreV1().Secrets(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: "0", LabelSelector: "app=web"})
	_ = w
}
`;
    const inv = engine.inventory(go, { settings: { rules: {} } });
    assert.deepStrictEqual(
      inv.watches.map((w) => [w.how, w.callText, w.shape.resource, w.shape.scope, w.shape.rv, w.shape.labelSelectorText ?? '', !!w.selectorsUnknown]),
      [
        ['informer', 'all.Apps().V1().Deployments()', 'deployments', 'all', 'zero', '', false],
        ['informer', 'all.Core().V1().Nodes()', 'nodes', 'cluster-scoped', 'zero', '', false],
        ['informer', 'one.Networking().V1().Ingresses()', 'ingresses', 'namespaced', 'zero', '', false],
        // A namespaced factory's Node informer still watches every node.
        ['informer', 'one.Core().V1().Nodes()', 'nodes', 'cluster-scoped', 'zero', '', false],
        // The namespace is a parameter and a tweak sets selectors: neither is visible.
        ['informer', 'some.Batch().V1().Jobs()', 'jobs', 'unknown', 'zero', '', true],
        ['informer', 'cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "configmaps", metav1.NamespaceAll, fields.Everything())', 'configmaps', 'all', 'zero', '', false],
        ['watch', 'cs.CoreV1().Secrets(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: "0", LabelSelector: "app=web"})', 'secrets', 'namespaced', 'zero', 'app=web', false],
      ],
    );
    // The informer matches its reflector's LIST (RV "0") and any WATCH; a paged LIST or a continue is not its.
    const site = { path: 'cmd/x/main.go', line: 1, column: 1, function: 'run', label: 'informer', callText: '', findings: [], how: 'informer' as const, shape: inv.watches[0].shape };
    const shape = (over: Partial<AuditShape>): AuditShape => ({ verb: 'list', group: 'apps', resource: 'deployments', scope: 'cluster', rv: 'zero', rvm: '', limit: true, continue: false, fieldSelector: '', labelSelector: '', userAgent: 'x', ...over });
    assert.ok(matchSite(shape({}), site));
    assert.ok(matchSite(shape({ verb: 'watch', rv: 'exact', limit: false }), site));
    assert.ok(matchSite(shape({ verb: 'watch', rv: 'unset', rvm: 'NotOlderThan' }), site), 'a streaming list (sendInitialEvents) is a watch too');
    assert.strictEqual(matchSite(shape({ rv: 'unset' }), site), undefined);
    assert.strictEqual(matchSite(shape({ continue: true }), site), undefined);
    assert.strictEqual(matchSite(shape({ verb: 'watch', scope: 'namespaced' }), site), undefined);
    assert.strictEqual(matchSite(shape({ verb: 'watch', labelSelector: 'app=web' }), site), undefined);
    assert.strictEqual(matchSite(shape({ verb: 'get' }), site), undefined);
  });

  it("controller-runtime cached reads and For/Owns are candidates for the manager's informer requests, with low confidence", () => {
    const MANAGER_UA = 'manager/v0.0.0 (linux/amd64) kubernetes/$Format';
    const code = `package main

import (
	"context"

	core "k8s.io/api/core/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Reconciler reads through the manager's client: its cache.
type Reconciler struct {
	client.Client
}

func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var pods core.PodList
	err := r.List(ctx, &pods, client.InNamespace(req.Namespace))
	return ctrl.Result{}, err
}

func (r *Reconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).For(&core.Pod{}).Owns(&core.Secret{}).Complete(r)
}

func main() {}
`;
    const log = [
      auditEvent({ verb: 'list', uri: '/api/v1/pods?limit=500&resourceVersion=0', ua: MANAGER_UA, ref: { resource: 'pods' }, at: 0, seconds: 0.3 }),
      auditEvent({ verb: 'watch', uri: '/api/v1/pods?allowWatchBookmarks=true&resourceVersion=52011&timeoutSeconds=541&watch=true', ua: MANAGER_UA, ref: { resource: 'pods' }, at: 1, seconds: 541 }),
      auditEvent({ verb: 'watch', uri: '/api/v1/secrets?allowWatchBookmarks=true&resourceVersion=52011&watch=true', ua: MANAGER_UA, ref: { resource: 'secrets' }, at: 2, seconds: 541 }),
    ].join('\n');
    const dir = tmpTree({ 'cmd/manager/main.go': code, 'audit.log': log + '\n' });
    const r = runCli(['audit', '--format', 'json', 'audit.log', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    // The pods informer: started by the cached read or by For, which rank equal and share it;
    // the secrets informer: Owns.
    assert.deepStrictEqual(
      doc.sites.map((s: { path: string; line: number; label: string; requests: number; confidence: string; shared: boolean }) => [s.path, s.line, s.label, s.requests, s.confidence, s.shared]),
      [
        ['cmd/manager/main.go', 18, "cached read of pods: the manager's informer (LIST + WATCH)", 1, 'low', true],
        ['cmd/manager/main.go', 23, "controller watch of pods: the manager's informer (LIST + WATCH)", 1, 'low', true],
        ['cmd/manager/main.go', 23, "controller watch of secrets: the manager's informer (LIST + WATCH)", 1, 'low', false],
      ],
    );
    // Where the cache's namespaces and selectors are set is not at the read: both said.
    const c = doc.groups.find((g: { shape: { verb: string } }) => g.shape.verb === 'watch').candidates[0];
    assert.deepStrictEqual(c.reasons, ['user agent manager names this folder', 'namespace: not visible in the code', 'selectors set where the code does not show', "the informer's watch"]);
    assert.deepStrictEqual(doc.unmatched, []);
  });

  it('usage errors: no log, unknown format, a missing file', () => {
    const dir = auditTree();
    assert.strictEqual(runCli(['audit', '.'], { cwd: dir }).code, 2);
    assert.strictEqual(runCli(['audit', '--format', 'xml', 'x.log'], { cwd: dir }).code, 2);
    assert.match(runCli(['audit', 'missing.log'], { cwd: dir }).stderr, /cannot read missing\.log: no such file/);
  });

  it('selector shapes elide values; latency percentiles are within 5%', () => {
    assert.strictEqual(selectorShape('spec.nodeName=node-1,status.phase!=Failed'), 'spec.nodeName=*,status.phase!=*');
    assert.strictEqual(selectorShape('env in (a,b),!canary,app==web'), '!canary,app=*,env in (*)');
    assert.strictEqual(normalSelector('tier = backend, env in ( a, b )'), 'env in (a,b),tier=backend');
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.add(i / 100);
    for (const [q, exact] of [[0.5, 5], [0.9, 9], [0.99, 9.9]]) {
      const got = h.quantile(q)!;
      assert.ok(got >= exact && got <= exact * 1.05, `${q}: ${got}`);
    }
  });
});
