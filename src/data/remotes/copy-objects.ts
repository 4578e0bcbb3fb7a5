import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isFlywheelError } from '../../core/index.js';
import type { BlobStore } from '../../storage/index.js';
import { forEachLimited } from './for-each-limited.js';

export interface TransferProgress {
  objects: number;
  bytes: number;
  totalObjects: number;
  totalBytes: number;
}

export interface ObjectToCopy {
  hash: string;
  /** The size a manifest gives it; undefined when unknown (a manifest object itself). */
  size?: number;
}

/** An object that could not be copied because of the object itself: absent at the source, or its bytes are not its name. */
export interface ObjectFailure {
  hash: string;
  message: string;
}

export interface CopyResult {
  objects: number;
  bytes: number;
  failures: ObjectFailure[];
}

/**
 * Objects up to this size are read into memory, checked, and stored in batches (`putMany`):
 * the file store then writes one pack and one fsync for a batch instead of one per file,
 * which is what makes pulling 100k small files fast.
 */
const SMALL_OBJECT = 1024 * 1024;
const BATCH_OBJECTS = 256;
const BATCH_BYTES = 16 * 1024 * 1024;

/**
 * The hashes `store` lacks, in one question (`BlobStore.missing`): the file store answers
 * from its pack index without a promise per hash, S3 with its own parallel HEADs.
 */
export async function findMissing(store: BlobStore, hashes: Iterable<string>): Promise<string[]> {
  return store.missing([...hashes]);
}

/**
 * Copies objects from one store to another, several at once, each verified on arrival
 * against its hash (large ones by `put`'s `expectedHash`, small ones here before `putMany`).
 * A bad object is reported in `failures` and the others go on; any other error (a store
 * unreachable) stops the copy and is thrown once what was running has settled. Objects
 * land whole or not at all, so copying again later moves only what is still missing.
 */
export async function copyObjects(options: {
  from: BlobStore;
  to: BlobStore;
  objects: ObjectToCopy[];
  concurrency: number;
  onProgress?: (progress: TransferProgress) => void;
}): Promise<CopyResult> {
  const { from, to, objects } = options;
  const totalObjects = objects.length;
  const totalBytes = objects.reduce((n, o) => n + (o.size ?? 0), 0);
  const failures: ObjectFailure[] = [];
  let copied = 0;
  let bytes = 0;
  const report = () => options.onProgress?.({ objects: copied, bytes, totalObjects, totalBytes });
  let batch: { hash: string; bytes: Buffer }[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const records = batch;
    batch = [];
    batchBytes = 0;
    if (records.length === 0) return;
    await to.putMany(records);
    copied += records.length;
    bytes += records.reduce((n, r) => n + r.bytes.length, 0);
    report();
  };

  report();
  try {
    await forEachLimited(objects, options.concurrency, async ({ hash, size }) => {
      const source = await from.get(hash);
      if (!source) {
        failures.push({ hash, message: 'is absent from the source' });
        return;
      }
      if (size !== undefined && size <= SMALL_OBJECT) {
        const body = await readAtMost(source, size);
        const actual = body && createHash('sha256').update(body).digest('hex');
        if (actual !== hash) {
          failures.push({ hash, message: body ? `its bytes hash to ${actual}` : `has more than the ${size} bytes its manifest gives` });
          return;
        }
        batch.push({ hash, bytes: body! });
        batchBytes += body!.length;
        if (batch.length >= BATCH_OBJECTS || batchBytes >= BATCH_BYTES) await flush();
        return;
      }
      try {
        const info = await to.put(source, { expectedHash: hash });
        copied += 1;
        bytes += info.size;
        report();
      } catch (e) {
        source.destroy();
        // A store refuses bytes that do not match their name with INVALID_ARGUMENT.
        if (isFlywheelError(e) && e.code === 'INVALID_ARGUMENT') failures.push({ hash, message: e.message });
        else throw e;
      }
    });
  } catch (e) {
    // Keep what was already read and checked, so a re-run has less to do.
    await flush().catch(() => undefined);
    throw e;
  }
  await flush();
  return { objects: copied, bytes, failures };
}

/** The stream's bytes, or undefined (and the stream destroyed) once it gives more than `limit`. */
async function readAtMost(stream: Readable, limit: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    length += buf.length;
    if (length > limit) {
      stream.destroy();
      return undefined;
    }
    parts.push(buf);
  }
  return Buffer.concat(parts);
}
