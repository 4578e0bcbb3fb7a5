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
