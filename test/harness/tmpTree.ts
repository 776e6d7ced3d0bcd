// A fresh temporary folder holding `files` (relative path -> text), for tests that run on disk.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function tmpTree(files: Record<string, string>, prefix = 'kll-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
