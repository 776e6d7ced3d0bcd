// The floor under `kube-list-lint check`: a cold process that does only what no version of
// the CLI can skip. It reads every file, applies the CLI's byte prefilter, and parses each
// file that passes with the grammar the engine uses, on every core (main thread plus
// workers taking files from one shared counter, as cli/parallel.ts does). No facts, no
// rules, no output. run.ts times it like the other tools: when this row alone is over a
// target, no engine work can bring the CLI under it.
// Run: `npm run build && node out/bench/parse-floor.bundle.js FILE...` (bundled like dist/cli.js).
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { mayContainFindings } from '../server/src/engine/analyze';
import { GoParser } from '../server/src/engine/parser';
import { packageRoot } from '../server/src/host/grammarFiles';
import { decodeUtf8, DEFAULT_MAX_BYTES, readBytes } from '../server/src/host/files';
import { MIN_FILES_FOR_WORKERS, threadCount } from '../server/src/cli/parallel';

interface Input {
  files: string[];
  next: SharedArrayBuffer;
}

async function drain({ files, next }: Input): Promise<{ parsed: number; bytes: number }> {
  const counter = new Int32Array(next);
  const dir = path.join(packageRoot(), 'grammars');
  let parser: GoParser | undefined;
  let parsed = 0;
  let bytes = 0;
  for (let i = Atomics.add(counter, 0, 1); i < files.length; i = Atomics.add(counter, 0, 1)) {
    const buf = readBytes(files[i], DEFAULT_MAX_BYTES);
    if (!Buffer.isBuffer(buf) || !mayContainFindings(buf)) continue;
    parser ??= await GoParser.create({ runtime: fs.readFileSync(path.join(dir, 'tree-sitter.wasm')), go: fs.readFileSync(path.join(dir, 'tree-sitter-go.wasm')) });
    const text = decodeUtf8(buf).text;
    parser.parse(text).delete();
    parsed++;
    bytes += buf.length;
  }
  return { parsed, bytes };
}

async function main(files: string[]): Promise<void> {
  const input: Input = { files, next: new SharedArrayBuffer(4) };
  const workers = files.length >= MIN_FILES_FOR_WORKERS ? threadCount() - 1 : 0;
  const pending: Promise<{ parsed: number; bytes: number }>[] = [];
  for (let k = 0; k < workers; k++) {
    const w = new Worker(__filename, { workerData: input });
    pending.push(new Promise((resolve, reject) => w.once('message', resolve).once('error', reject)));
  }
  const all = [await drain(input), ...(await Promise.all(pending))];
  const parsed = all.reduce((n, r) => n + r.parsed, 0);
  const bytes = all.reduce((n, r) => n + r.bytes, 0);
  console.log(JSON.stringify({ files: files.length, parsed, bytes, threads: all.length }));
}

if (!isMainThread && parentPort) {
  void drain(workerData as Input).then((r) => parentPort!.postMessage(r));
} else if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
