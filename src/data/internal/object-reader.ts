import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ManifestEntry } from '../../core/data-types.js';
import { FlywheelError } from '../../core/index.js';
import type { BlobStore } from '../../storage/index.js';

/** A stored object that no longer hashes to its name: the store's disk is damaged. */
export function corrupted(hash: string, actual: string, what = 'object'): FlywheelError {
  return new FlywheelError('INTERNAL', `stored ${what} ${hash} is corrupted: its bytes hash to ${actual}`);
}

/** Reads an object whole and checks its hash; undefined when absent. For manifests and profiles, which are small. */
export async function readVerified(blobs: BlobStore, hash: string, what = 'object'): Promise<Buffer | undefined> {
  const stream = await blobs.get(hash);
  if (!stream) return undefined;
  const parts: Buffer[] = [];
  const hasher = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hasher.update(chunk);
    parts.push(chunk);
  }
  const actual = hasher.digest('hex');
  if (actual !== hash) throw corrupted(hash, actual, what);
  return Buffer.concat(parts);
}

/**
 * Files of a version on the local disk, for tools that read paths (DuckDB): a loose
 * object's own file where the store is on this disk, else a verified copy in a scratch folder,
 * named by the dataset path. `release` removes the copies.
 */
export async function materialize(
  blobs: BlobStore,
  entries: ManifestEntry[],
  scratch: string,
): Promise<{ files: { path: string; localPath: string; size: number }[]; release: () => Promise<void> }> {
  const files: { path: string; localPath: string; size: number }[] = [];
  for (const e of entries) {
    const loose = await blobs.localPath?.(e.hash);
    if (loose) {
      files.push({ path: e.path, localPath: loose, size: e.size });
      continue;
    }
    const bytes = await readVerified(blobs, e.hash);
    if (!bytes) throw new FlywheelError('FAILED_PRECONDITION', `object ${e.hash} of '${e.path}' is missing from the store`);
    const local = join(scratch, e.path);
    await mkdir(dirname(local), { recursive: true });
    await writeFile(local, bytes);
    files.push({ path: e.path, localPath: local, size: e.size });
  }
  return { files, release: () => rm(scratch, { recursive: true, force: true }) };
}
