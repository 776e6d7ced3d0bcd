// stdio transport with a frame sanitizer in front of vscode-jsonrpc's reader. A header
// block without a usable Content-Length makes that reader report an error and then wait
// for the next chunk, leaving a valid message already buffered unanswered. Dropping bad
// frames here, before the reader, keeps the server answering the next valid request.
import { Transform, type TransformCallback } from 'stream';
import { format } from 'util';
import { createConnection, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';

const HEADER_END = Buffer.from('\r\n\r\n');
/** A header block longer than this is not a header: drop it rather than buffer forever. */
const MAX_HEADER_BYTES = 8192;

export class FrameSanitizer extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  /** Body bytes still expected for the frame being read, or -1 while reading headers. */
  private need = -1;

  constructor(private readonly onDrop: (why: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.need < 0) {
        const end = this.buf.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buf.length > MAX_HEADER_BYTES) {
            this.onDrop(`${this.buf.length} bytes without a header terminator`);
            this.buf = Buffer.alloc(0);
          }
          break;
        }
        const header = this.buf.subarray(0, end).toString('latin1');
        this.buf = this.buf.subarray(end + HEADER_END.length);
        const m = /(?:^|\r\n)content-length:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(header);
        if (!m) {
          this.onDrop(`a frame header without a valid Content-Length: ${JSON.stringify(header.slice(0, 80))}`);
          continue;
        }
        this.need = Number(m[1]);
      }
      if (this.buf.length < this.need) break;
      // Re-framed with only the length: the other headers are optional and were the suspect part.
      this.push(Buffer.concat([Buffer.from(`Content-Length: ${this.need}\r\n\r\n`, 'ascii'), this.buf.subarray(0, this.need)]));
      this.buf = this.buf.subarray(this.need);
      this.need = -1;
    }
    cb();
  }
}

/** A connection over this process's stdin/stdout; console output is redirected to the client's log. */
export function stdioConnection(shutdownReceived: () => boolean): Connection {
  let connection: Connection | undefined;
  const input = new FrameSanitizer((why) => connection?.console.error(`dropped malformed input: ${why}`));
  process.stdin.pipe(input);
  connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(process.stdout));
  const c = connection;
  // stdout is the protocol: a stray console.log from any dependency would corrupt it.
  console.log = (...a: unknown[]) => c.console.log(format(...a));
  console.info = (...a: unknown[]) => c.console.info(format(...a));
  console.warn = (...a: unknown[]) => c.console.warn(format(...a));
  console.error = (...a: unknown[]) => c.console.error(format(...a));
  // The client went away without `exit`: nothing more can arrive.
  const gone = () => process.exit(shutdownReceived() ? 0 : 1);
  process.stdin.on('end', gone);
  process.stdin.on('close', gone);
  return c;
}
