// Compares output with a golden file; UPDATE_GOLDEN=1 rewrites it instead.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

export function assertGolden(dir: string, name: string, actual: string): void {
  const file = path.join(dir, name);
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `${file} is missing; run UPDATE_GOLDEN=1 npm test`);
  assert.strictEqual(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file`);
}
