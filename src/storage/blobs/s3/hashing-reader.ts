import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Reads a stream in parts of a requested size, hashing (sha256) every byte it hands out, so
 * an upload learns the content's name while it sends it and keeps at most one part in memory.
 */
export class HashingReader {
  private readonly source: AsyncIterator<unknown>;
  private readonly hasher: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private ended = false;
  private digest: string | undefined;
  /** Bytes read from the source so far. */
  size = 0;

  constructor(content: Readable | Buffer) {
    this.source = Buffer.isBuffer(content) ? once(content) : (content[Symbol.asyncIterator]() as AsyncIterator<unknown>);
  }

  /** The next `n` bytes; fewer only at the end of the stream, an empty buffer after it. */
  async read(n: number): Promise<Buffer> {
    while (this.pendingBytes < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
      this.hasher.update(chunk);
      this.size += chunk.length;
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const part = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return part;
  }

  /** Reads the stream to its end and answers the sha256 of all of it. */
  async finish(): Promise<string> {
    while ((await this.read(1 << 20)).length > 0);
    this.digest ??= this.hasher.digest('hex');
    return this.digest;
  }

  /** Stops reading early (an upload failed): releases the source, e.g. closes its file. */
  async abandon(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.source.return?.();
  }
}

async function* once(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}
