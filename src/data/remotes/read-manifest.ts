import type { ManifestEntry } from '../../core/data-types.js';
import type { BlobStore } from '../../storage/index.js';
import { parseRemoteManifest } from './remote-manifest.js';

/** A manifest object's entries and its size in bytes, or `size: undefined` when the store lacks it. */
export async function readLocalManifest(store: BlobStore, hash: string): Promise<{ entries: ManifestEntry[]; size: number | undefined }> {
  const stream = await store.get(hash);
  if (!stream) return { entries: [], size: undefined };
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const bytes = Buffer.concat(parts);
  return { entries: parseRemoteManifest(bytes, `manifest ${hash}`), size: bytes.length };
}
