import type { BlobCollector } from '../../storage/index.js';

/**
 * Objects younger than this are never collected: an `add` uploads its objects before it
 * records the version that refers to them, and gc must not take them in between.
 */
export const GC_GRACE_MS = 60 * 60 * 1000;

export interface GcResult {
  objects: number;
  bytes: number;
  dryRun: boolean;
}

/**
 * Removes blobs nothing refers to: loose files, and packs that are mostly garbage (see
 * BlobCollector.collectPacks). `referenced` is every hash a dataset version, manifest,
 * profile or artifact uses.
 */
export async function collectGarbage(blobs: BlobCollector, referenced: Set<string>, options: { dryRun: boolean; now?: number; graceMs?: number }): Promise<GcResult> {
  const spareAfter = (options.now ?? Date.now()) - (options.graceMs ?? GC_GRACE_MS);
  let objects = 0;
  let bytes = 0;
  for await (const blob of blobs.looseBlobs()) {
    if (referenced.has(blob.hash) || blob.mtimeMs > spareAfter) continue;
    objects++;
    bytes += blob.size;
    if (!options.dryRun) await blobs.delete(blob.hash);
  }
  const packed = await blobs.collectPacks((h) => referenced.has(h), { spareAfter, dryRun: options.dryRun });
  return { objects: objects + packed.objects, bytes: bytes + packed.bytes, dryRun: options.dryRun };
}
