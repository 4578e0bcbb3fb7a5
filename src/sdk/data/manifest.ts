import { createHash } from 'node:crypto';
import { encodeManifest, sortManifestEntries } from '../../contracts/manifest.js';
import type { ManifestEntry } from '../../core/data-types.js';

export interface BuiltManifest {
  bytes: Buffer;
  hash: string;
  /** The entries in manifest order. */
  entries: ManifestEntry[];
}

/**
 * The canonical manifest of a tree's files (the one codec in src/contracts/manifest.ts, with
 * the server's rules), with its hash: the same files always give the same hash, which is
 * what tells the server that an add changed nothing. `mode` is cut to the permission bits
 * (a stat's mode also holds the file type).
 */
export function buildManifest(files: readonly ManifestEntry[]): BuiltManifest {
  const entries = sortManifestEntries(files.map((f) => ({ path: f.path, hash: f.hash, size: f.size, mode: f.mode & 0o777 })));
  const encoded = encodeManifest(entries);
  const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex'), entries };
}
