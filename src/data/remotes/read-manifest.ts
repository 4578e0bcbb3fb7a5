import { parseManifest } from '../../contracts/index.js';
import type { ManifestEntry } from '../../core/data-types.js';
import { FlywheelError } from '../../core/index.js';
import type { BlobStore } from '../../storage/index.js';

/** A manifest object's entries and its size in bytes, or `size: undefined` when the store lacks it. */
export async function readLocalManifest(store: BlobStore, hash: string): Promise<{ entries: ManifestEntry[]; size: number | undefined }> {
  const stream = await store.get(hash);
  if (!stream) return { entries: [], size: undefined };
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const bytes = Buffer.concat(parts);
  try {
    // The one codec's rules, as when the version was recorded: a transfer copies only what a server would accept.
    return { entries: parseManifest(bytes), size: bytes.length };
  } catch (e) {
    if (!(e instanceof FlywheelError)) throw e;
    throw new FlywheelError(e.code, `manifest ${hash}: ${e.message}`, { cause: e, issues: e.issues });
  }
}
