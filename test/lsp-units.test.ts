// The LSP server's pure pieces: settings validation, code-action kind matching, the
// suppression edit, diagnostics conversion, lens text. No process, no connection.
import * as assert from 'assert';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { applyEdits } from '../server/src/engine/applyFixes';
import { LineIndex } from '../server/src/engine/lines';
import type { Finding } from '../server/src/engine/types';
import { ignoreEdit, kindRequested } from '../server/src/lsp/codeActions';
import { lensTitle } from '../server/src/lsp/codeLens';
import { toDiagnostic } from '../server/src/lsp/diagnostics';
import { renderHover } from '../server/src/lsp/hover';
import { AnalysisTiming, FAST_ANALYSIS_MS, TYPING_DEBOUNCE_MS, typingDelay } from '../server/src/lsp/scheduling';
import { DEFAULT_SERVER_SETTINGS, normalizeSettings } from '../server/src/lsp/settings';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'KLL001',
    name: 'list-bypasses-watch-cache',
    severity: 'warning',
    start: 10,
    end: 20,
    range: { start: { line: 1, character: 1 }, end: { line: 1, character: 11 } },
    message: 'LIST of pods without ResourceVersion: a consistent read',
    data: { verb: 'list', resource: 'pods', request: 'LIST pods', detail: 'Read from etcd before 1.31.' },
    fixes: [],
    related: [],
    enclosingFunction: 'f',
    callText: 'cs.CoreV1().Pods("").List(ctx, opts)',
    ...over,
  };
}

describe('LSP units', () => {
  it('typing: a fast document is analysed at once, a slow or unmeasured one after the debounce', () => {
    assert.strictEqual(typingDelay(undefined), TYPING_DEBOUNCE_MS);
    assert.strictEqual(typingDelay(3), 0);
    assert.strictEqual(typingDelay(FAST_ANALYSIS_MS), 0);
    assert.strictEqual(typingDelay(FAST_ANALYSIS_MS + 1), TYPING_DEBOUNCE_MS);
  });

  it('typing: neither a cold first analysis nor one slow spike switches to the debounce; staying slow does', () => {
    const t = new AnalysisTiming();
    assert.strictEqual(t.ms, undefined);
    t.record(400); // cold: JIT and the grammar's tier-up
    assert.strictEqual(typingDelay(t.ms), TYPING_DEBOUNCE_MS);
    t.record(20); // the next one is fast: no waiting from here
    assert.strictEqual(typingDelay(t.ms), 0);
    for (let i = 0; i < 20; i++) t.record(20);
    t.record(300); // one garbage collection
    assert.strictEqual(typingDelay(t.ms), 0);
    t.record(20);
    assert.strictEqual(typingDelay(t.ms), 0);
    t.record(120); // the document became slow to analyse
    t.record(120);
    assert.strictEqual(typingDelay(t.ms), TYPING_DEBOUNCE_MS);
  });

  it('settings: defaults, rule names mapped to ids, bad values reported and ignored', () => {
    assert.deepStrictEqual(normalizeSettings(undefined), {
      settings: { enable: true, rules: {}, run: 'onType', codeLens: true, profile: '', kubernetesVersion: '' },
      problems: [],
    });
    const { settings, problems } = normalizeSettings({
      enable: 'yes',
      run: 'sometimes',
      codeLens: false,
      kubernetesVersion: 'latest',
      profile: ' large ',
      rules: { 'get-bypasses-watch-cache': 'off', KLL001: 'error', KLL999: 'off', KLL003: 'warn' },
    });
    assert.deepStrictEqual(settings, { enable: true, rules: { KLL002: 'off', KLL001: 'error' }, run: 'onType', codeLens: false, profile: 'large', kubernetesVersion: '' });
    assert.deepStrictEqual(problems, [
      'kubeListLint.enable must be true or false',
      'kubeListLint.run must be "onType" or "onSave"',
      'kubeListLint.kubernetesVersion "latest" is not a version like 1.30; ignored',
      'kubeListLint.rules: no rule KLL999',
      'kubeListLint.rules.KLL003 must be one of error, warning, information, hint, off',
    ]);
    assert.strictEqual(normalizeSettings({ kubernetesVersion: 'v1.30.2' }).settings.kubernetesVersion, 'v1.30.2');
    // Neovim sends an empty Lua table as `[]`: no settings, no warning (issue 19).
    assert.deepStrictEqual(normalizeSettings([]), { settings: DEFAULT_SERVER_SETTINGS, problems: [] });
    assert.deepStrictEqual(normalizeSettings({ rules: [] }), { settings: DEFAULT_SERVER_SETTINGS, problems: [] });
    assert.deepStrictEqual(normalizeSettings(['x']).problems, ['kubeListLint settings are not an object; using defaults']);
  });

  it('code-action kinds match by prefix, never by exact string only', () => {
    assert.ok(kindRequested(undefined, 'quickfix'));
    assert.ok(kindRequested(['source.fixAll'], 'source.fixAll.kube-list-lint'));
    assert.ok(kindRequested(['source'], 'source.fixAll.kube-list-lint'));
    assert.ok(kindRequested(['source.fixAll.kube-list-lint'], 'source.fixAll.kube-list-lint'));
    assert.ok(!kindRequested(['source.fixAll.eslint'], 'source.fixAll.kube-list-lint'));
    assert.ok(!kindRequested(['source.fix'], 'source.fixAll.kube-list-lint'));
    assert.ok(!kindRequested(['quickfix'], 'source.fixAll.kube-list-lint'));
  });

  it('ignore edit: new indented line above, CRLF kept; joins an ignore comment already there', () => {
    const text = 'func f() {\r\n\t\tx := cs.List()\r\n}\r\n';
    const lines = new LineIndex(text);
    const f = finding({ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 16 } } });
    const once = applyEdits(text, [ignoreEdit(lines, f)!]);
    assert.strictEqual(once, 'func f() {\r\n\t\t//kube-list-lint:ignore KLL001 TODO: reason\r\n\t\tx := cs.List()\r\n}\r\n');

    const withOther = 'func f() {\n\t//kube-list-lint:ignore KLL002 cached elsewhere\n\tx := cs.List()\n}\n';
    const f2 = finding({ range: { start: { line: 2, character: 6 }, end: { line: 2, character: 15 } } });
    const joined = applyEdits(withOther, [ignoreEdit(new LineIndex(withOther), f2)!]);
    assert.strictEqual(joined, 'func f() {\n\t//kube-list-lint:ignore KLL002,KLL001 cached elsewhere\n\tx := cs.List()\n}\n');
    // Already named: nothing to add.
    assert.strictEqual(ignoreEdit(new LineIndex(joined), f2), undefined);
  });

  it('diagnostic: code, link, source, severity, relatedInformation from Finding.related', () => {
    const d = toDiagnostic(
      finding({
        severity: 'information',
        related: [{ start: 0, end: 3, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, message: 'the enclosing loop' }],
      }),
      'file:///a.go',
    );
    assert.strictEqual(d.code, 'KLL001');
    assert.strictEqual(d.severity, DiagnosticSeverity.Information);
    assert.strictEqual(d.source, 'kube-list-lint');
    assert.strictEqual(d.codeDescription?.href, 'https://github.com/kube-list-lint/kube-list-lint/blob/main/docs/rules/KLL001.md');
    assert.deepStrictEqual(d.relatedInformation, [
      { location: { uri: 'file:///a.go', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } }, message: 'the enclosing loop' },
    ]);
    assert.strictEqual(toDiagnostic(finding(), 'file:///a.go').relatedInformation, undefined);
  });

  it('lens and hover text are derived from the finding; enrichers add to them', () => {
    // From `data`, never from the message.
    assert.strictEqual(lensTitle(finding({ message: 'GET of a node' })), 'KLL001 · LIST pods · etcd before 1.31');
    assert.strictEqual(lensTitle(finding({ data: { request: 'LIST pods', paginated: true } })), 'KLL001 · LIST pods · pages from etcd before 1.31');
    assert.strictEqual(lensTitle(finding({ data: { request: 'LIST pods', servedFrom: 'watch cache' } })), 'KLL001 · LIST pods · watch cache');
    assert.strictEqual(lensTitle(finding({ rule: 'KLL302', name: 'client-in-loop', data: { frequency: 'every Reconcile' } })), 'KLL302 · every Reconcile');
    assert.strictEqual(lensTitle(finding(), () => 'LIST pods · etcd · ≈2.0 GB'), 'KLL001 · LIST pods · etcd · ≈2.0 GB');
    assert.strictEqual(lensTitle(finding(), () => undefined), 'KLL001 · LIST pods · etcd before 1.31');
    const h = renderHover([finding()], 15, () => [{ title: 'Cost', markdown: '| nodes | bytes |' }]);
    assert.ok(h && h.markdown.includes('#### Cost\n\n| nodes | bytes |'), h?.markdown);
    assert.ok(h.markdown.includes('#### Why\n\n_LIST pods_\n\nRead from etcd before 1.31.'), h.markdown);
    // Cost first, and not the message the editor shows above the hover.
    assert.ok(h.markdown.indexOf('#### Cost') < h.markdown.indexOf('#### Why'), h.markdown);
    assert.ok(!h.markdown.includes(finding().message), h.markdown);
    assert.strictEqual(renderHover([finding()], 25), undefined);
    // A request over the read SLO says so on the data line, from `data.slo`.
    const slo = renderHover([finding({ data: { request: 'LIST pods', slo: { scope: 'cluster', objectiveSeconds: 30, requestSeconds: 44 } } })], 15);
    assert.ok(slo?.markdown.includes('_LIST pods · **≈44 s per request, over the read SLO (p99 ≤ 30 s cluster-wide)**_'), slo?.markdown);
  });
});
