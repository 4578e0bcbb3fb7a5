import { createHash } from 'node:crypto';
import { encodeManifest, parseManifest, sortManifestEntries } from '../../contracts/index.js';
import type { ManifestEntry } from '../../core/data-types.js';
import { FlywheelError, invalidArgument } from '../../core/index.js';
import type { ModelFileEntry } from '../../core/registry-types.js';
import { readVerified } from '../../data/index.js';
import type { BlobStore } from '../../storage/index.js';
import type { TrackingApi } from '../../tracking/index.js';

/** Files a model version may hold; a folder with more is not a model someone meant to register. */
export const MAX_MODEL_FILES = 10_000;
const FILE_MODE = 0o644;

/**
 * The files under `folder` (a proxy-root path of a run's artifacts), read into memory with
 * paths relative to it. A `folder` that is itself a file gives that one file under its
 * base name.
 */
export async function readArtifactFolder(tracking: TrackingApi, folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const info of await tracking.listArtifacts(dir)) {
      if (info.isDir) {
        pending.push(info.path);
        continue;
      }
      if (files.size >= MAX_MODEL_FILES) throw invalidArgument(`the model folder holds more than ${MAX_MODEL_FILES} files`);
      const bytes = await readArtifact(tracking, info.path);
      if (bytes) files.set(info.path.slice(folder.length + 1), bytes);
    }
  }
  if (files.size === 0) {
    const single = await readArtifact(tracking, folder);
    if (single) files.set(folder.slice(folder.lastIndexOf('/') + 1), single);
  }
  return files;
}

async function readArtifact(tracking: TrackingApi, path: string): Promise<Buffer | undefined> {
  const found = await tracking.getArtifact(path);
  if (!found) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of found.stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

/**
 * Stores the files (each by hash, so bytes already stored as artifacts are not copied again)
 * and their manifest (the data module's format), and returns the manifest's hash. The
 * version keeps its bytes through this manifest when the run is deleted.
 */
export async function storeSnapshot(blobs: BlobStore, files: ReadonlyMap<string, Buffer>): Promise<{ manifestHash: string; entries: ManifestEntry[] }> {
  const entries: ManifestEntry[] = [];
  for (const [path, bytes] of files) {
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (!(await blobs.has(hash))) await blobs.put(bytes, { expectedHash: hash });
    entries.push({ path, hash, size: bytes.length, mode: FILE_MODE });
  }
  const sorted = sortManifestEntries(entries);
  const manifest = Buffer.from(encodeManifest(sorted));
  const { hash } = await blobs.put(manifest);
  return { manifestHash: hash, entries: sorted };
}

export async function readSnapshotEntries(blobs: BlobStore, manifestHash: string): Promise<ManifestEntry[]> {
  const bytes = await readVerified(blobs, manifestHash, 'model manifest');
  if (!bytes) throw new FlywheelError('FAILED_PRECONDITION', `the model's manifest ${manifestHash} is missing from the store`);
  return parseManifest(bytes);
}

export function fileEntries(entries: ManifestEntry[]): ModelFileEntry[] {
  return entries.map((e) => ({ path: e.path, size: e.size, sha256: e.hash }));
}

/** One file's bytes, verified against its hash. */
export async function readSnapshotFile(blobs: BlobStore, entry: ManifestEntry): Promise<Buffer> {
  const bytes = await readVerified(blobs, entry.hash, `model file '${entry.path}'`);
  if (!bytes) throw new FlywheelError('FAILED_PRECONDITION', `the model file '${entry.path}' (${entry.hash}) is missing from the store`);
  return bytes;
}
