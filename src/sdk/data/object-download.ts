import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FlywheelError } from '../../core/errors.js';
import type { RestClient } from '../rest-client.js';

// A download that receives nothing for this long is given up (its total time is not limited).
const IDLE_MS = 60_000;

/** The object's bytes in memory, checked against its hash (for manifests). */
export async function fetchObject(rest: RestClient, hash: string, what: string): Promise<Buffer> {
  const { bytes } = await rest.requestBytes('GET', `/api/v1/objects/${hash}`, { headers: { accept: 'application/octet-stream' }, timeoutMs: 300_000 });
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const actual = createHash('sha256').update(buf).digest('hex');
  if (actual !== hash) throw corrupted(hash, what, actual);
  return buf;
}

export interface DownloadedFile {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
  mode: number;
}

/**
 * Streams object `hash` into `dst`: written to a temporary file beside it while hashed, then
 * (only when the bytes hash right) given `mode` and renamed over `dst`, which replaces a
 * symlink there instead of writing through it.
 */
export async function downloadObject(rest: RestClient, args: { hash: string; dst: string; mode: number; path: string }): Promise<DownloadedFile> {
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), IDLE_MS);
  const response = await rest.stream('GET', `/api/v1/objects/${args.hash}`, {
    headers: { accept: 'application/octet-stream' },
    timeoutMs: 0,
    signal: idle.signal,
  });
  const tmp = `${dirname(args.dst)}/.fw-tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const hasher = createHash('sha256');
  const fh = await open(tmp, 'wx', 0o600);
  let size = 0;
  try {
    try {
      if (response.body) {
        for await (const chunk of response.body) {
          clearTimeout(timer);
          timer = setTimeout(() => idle.abort(), IDLE_MS);
          hasher.update(chunk);
          size += chunk.byteLength;
          await fh.write(chunk);
        }
      }
    } catch (e) {
      if (idle.signal.aborted) {
        throw new FlywheelError('UNAVAILABLE', `the download of ${args.path} stalled (nothing received for ${IDLE_MS / 1000} s)`, { cause: e });
      }
      throw rest.readError(e);
    } finally {
      clearTimeout(timer);
      await fh.close();
    }
    const actual = hasher.digest('hex');
    if (actual !== args.hash) throw corrupted(args.hash, args.path, actual);
    await chmod(tmp, args.mode);
    await rename(tmp, args.dst);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const st = await lstat(args.dst, { bigint: true });
  return { size, mtimeNs: st.mtimeNs, ino: st.ino, mode: Number(st.mode) };
}

export const corrupted = (hash: string, path: string, actual: string): FlywheelError =>
  new FlywheelError('FAILED_PRECONDITION', `corrupted object ${hash} for ${path}: its bytes hash to ${actual}`);

/** Objects up to this size are fetched many to a request (`POST /api/v1/objects/fetch`). */
export const BATCH_FETCH_MAX_OBJECT = 1024 * 1024;
const BATCH_FETCH_MAX_COUNT = 5000;
const BATCH_FETCH_MAX_BYTES = 64 * 1024 * 1024;

/** Groups objects into fetch requests of at most 5,000 objects and 64 MiB. */
export function fetchBatches<T extends { size: number }>(items: T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= BATCH_FETCH_MAX_COUNT || bytes + item.size > BATCH_FETCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Many small objects in one response: records `<hash> <size>\n<bytes>` in the order asked.
 * Each object's bytes are checked against its hash before it is handed on; `what` names the
 * file a hash is for in a corruption error.
 */
export async function* fetchObjects(rest: RestClient, hashes: string[], what: (hash: string) => string): AsyncGenerator<{ hash: string; bytes: Buffer }> {
  const response = await rest.stream('POST', '/api/v1/objects/fetch', { body: { hashes }, timeoutMs: 0, headers: { accept: 'application/x-flywheel-objects' } });
  let buffer: Buffer = Buffer.alloc(0);
  let want: { hash: string; size: number } | undefined;
  let index = 0;
  const take = function* (): Generator<{ hash: string; bytes: Buffer }> {
    for (;;) {
      if (!want) {
        const nl = buffer.indexOf(0x0a);
        if (nl === -1) return;
        const [hash, size] = buffer.toString('latin1', 0, nl).split(' ');
        if (hash !== hashes[index]) throw new FlywheelError('INTERNAL', `the server sent object ${hash} where ${hashes[index]} was expected`);
        want = { hash, size: Number(size) };
        buffer = buffer.subarray(nl + 1);
      }
      if (buffer.length < want.size) return;
      const bytes = Buffer.from(buffer.subarray(0, want.size));
      buffer = buffer.subarray(want.size);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== want.hash) throw corrupted(want.hash, what(want.hash), actual);
      yield { hash: want.hash, bytes };
      want = undefined;
      index++;
    }
  };
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        const c = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        buffer = buffer.length === 0 ? c : Buffer.concat([buffer, c]);
        yield* take();
      }
    }
  } catch (e) {
    if (e instanceof FlywheelError) throw e;
    throw rest.readError(e);
  }
  if (index !== hashes.length) throw new FlywheelError('UNAVAILABLE', `the server's answer ended after ${index} of ${hashes.length} objects`);
}
