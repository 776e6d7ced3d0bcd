// Runs every fixture under test/fixtures through the engine: each `// want` must be found,
// nothing else may be, and fixes must reproduce the .golden file.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../server/src/engine/analyze';
import { createEngine, packageRoot } from '../server/src/host/grammarFiles';
import { checkFixture, fixtureFiles } from './harness/analysistest';
import { itNeeds, missingProgram, pendingTitle } from './harness/needs';
import { resolveProfile, type ClusterProfile } from '../server/src/sizing';

/**
 * `// fixture-profile: kubernetesVersion=1.30` in a fixture: analyse it on that version (KLL001
 * offers its RV "0" fix everywhere only before 1.31; fixtures that test the fix's edits say so).
 */
function fixtureSettings(file: string) {
  const m = /^\/\/ fixture-profile: kubernetesVersion=(\S+)$/m.exec(fs.readFileSync(file, 'utf8'));
  return m ? { rules: {}, profile: resolveProfile({ kubernetesVersion: m[1] }) as ClusterProfile } : undefined;
}

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures');


describe('fixtures (analysistest style)', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine();
  });

  const files = fixtureFiles(FIXTURES);
  it('has fixtures to run', () => assert.ok(files.length >= 8, `only ${files.length} fixtures`));

  for (const file of files) {
    it(path.relative(FIXTURES, file), () => {
      const { problems } = checkFixture(engine, file, fixtureSettings(file));
      assert.deepStrictEqual(problems, []);
    });
  }

  describe('golden files are what gofmt would write', () => {
    const noGofmt = missingProgram('gofmt', 'golang-go', []);
    for (const file of files) {
      const golden = file + '.golden';
      if (!fs.existsSync(golden)) continue;
      itNeeds([noGofmt], path.relative(FIXTURES, golden), function () {
        // Only meaningful when the input itself is gofmt-clean (not the syntax-error fixtures).
        let clean: boolean;
        try {
          clean = execFileSync('gofmt', ['-l', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '';
        } catch {
          clean = false; // gofmt exits non-zero on a syntax error
        }
        if (!clean) {
          this.test!.title = pendingTitle(this.test!.title, 'the fixture itself is not gofmt-clean (a syntax-error fixture)');
          this.skip();
        }
        const tmp = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'kll-')), 'x.go');
        fs.copyFileSync(golden, tmp);
        const out = execFileSync('gofmt', ['-d', tmp], { encoding: 'utf8' });
        assert.strictEqual(out, '', `gofmt would change ${golden}:\n${out}`);
      });
    }
  });
});
