import type { Readable } from 'node:stream';
import { FlywheelError, invalidArgument, notFound } from '../../core/index.js';
import type { BlobStore } from '../../storage/index.js';

const HEADER = /^([0-9a-f]{64}) (\d{1,15})$/;
const MAX_HEADER = 100;

/**
 * Reads an `application/x-flywheel-objects` body: records `<hash> <size>\n<size bytes>`
 * back to back. Hashes are checked by the store. The whole body is at most `maxBytes`.
 */
export async function readObjectRecords(body: Readable, maxBytes: number): Promise<{ hash: string; bytes: Buffer }[]> {
  const records: { hash: string; bytes: Buffer }[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let total = 0;
  let want: { hash: string; size: number } | undefined;
  const take = (): boolean => {
    if (!want) {
      const nl = buffer.indexOf(0x0a);
      if (nl === -1) {
        if (buffer.length > MAX_HEADER) throw invalidArgument('object record header is not "<sha256> <size>\\n"');
        return false;
      }
      const m = HEADER.exec(buffer.toString('latin1', 0, nl));
      if (!m) throw invalidArgument(`object record ${records.length + 1}: header is not "<sha256> <size>\\n"`);
      want = { hash: m[1]!, size: Number(m[2]) };
      buffer = buffer.subarray(nl + 1);
    }
    if (buffer.length < want.size) return false;
    // A copy: the record outlives the chunk it came in.
    records.push({ hash: want.hash, bytes: Buffer.from(buffer.subarray(0, want.size)) });
    buffer = buffer.subarray(want.size);
    want = undefined;
    return true;
  };
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new FlywheelError('PAYLOAD_TOO_LARGE', `a batch may hold at most ${maxBytes} bytes; send large files with PUT /api/v1/objects/:hash`);
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (take());
  }
  if (want || buffer.length > 0) throw invalidArgument('the batch ends inside an object record');
  return records;
}

/**
 * Writes objects as `<hash> <size>\n<bytes>` records (what the batch upload reads), in the
 * order asked: one response for many small files instead of a request each.
 */
export async function* objectRecords(data: { blobs: BlobStore }, hashes: string[]): AsyncGenerator<Buffer> {
  for (const hash of hashes) {
    const size = await data.blobs.sizeOf(hash);
    const stream = size === undefined ? undefined : await data.blobs.get(hash);
    if (!stream || size === undefined) throw notFound(`Object ${hash} disappeared while being sent.`);
    yield Buffer.from(`${hash} ${size}\n`);
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  }
}
