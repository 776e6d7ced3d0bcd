// Tests that need a program this machine does not have (gofmt, git, nvim, Chromium) are
// pending, with the reason in their title, so `npm test` on a fresh machine ends green and
// says what it did not run and how to run it. Under CI (`.ci/run` installs everything, and
// sets CI) a missing program is a failure instead of a pending test.
import * as assert from 'assert';
import { spawnSync } from 'child_process';

/** Whether `cmd args` runs (exit status ignored: `gofmt` with no input exits 0, `git --version` too). */
export function hasProgram(cmd: string, args: string[] = ['--version']): boolean {
  return !spawnSync(cmd, args, { input: '', stdio: ['pipe', 'ignore', 'ignore'] }).error;
}

/** Why a test cannot run here, or undefined: `gofmt not found (Debian: apt-get install golang-go; .ci/run does)`. */
export function missingProgram(cmd: string, debianPackage: string, args?: string[]): string | undefined {
  return hasProgram(cmd, args) ? undefined : `${cmd} not found (Debian: apt-get install ${debianPackage}; .ci/run does)`;
}

/** The title a test that cannot run here gets: `TITLE (pending: REASON)`. */
export function pendingTitle(title: string, reason: string): string {
  return `${title} (pending: ${reason})`;
}

/**
 * `it(title, fn)` when nothing is missing; else a pending test whose title says why, or under
 * CI a failing one. `missing` is a list of reasons (undefined entries: present).
 */
export function itNeeds(missing: (string | undefined)[], title: string, fn: Mocha.Func): Mocha.Test {
  const reasons = missing.filter((r): r is string => !!r);
  if (!reasons.length) return it(title, fn);
  if (process.env.CI) return it(title, () => assert.fail(`${reasons.join('; ')}, and CI is set: .ci/run must install it`));
  return it(pendingTitle(title, reasons.join('; ')));
}
