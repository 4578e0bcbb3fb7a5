import { MANIFEST_FORMAT, type ManifestEntry } from '../../core/data-types.js';
import { invalidArgument } from '../../core/index.js';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Reads manifest bytes (MANIFEST_FORMAT) only as far as a transfer needs: which objects, of
 * what size. Path rules and ordering are the service's to check when it records a version
 * (src/data/internal/manifest-codec.ts); a follow-up may merge the two parsers.
 */
export function parseRemoteManifest(bytes: Buffer, where: string): ManifestEntry[] {
  let doc: { format?: unknown; files?: unknown };
  try {
    doc = JSON.parse(bytes.toString('utf8')) as typeof doc;
  } catch {
    throw invalidArgument(`${where} is not a manifest: not JSON`);
  }
  if (!doc || typeof doc !== 'object' || doc.format !== MANIFEST_FORMAT || !Array.isArray(doc.files)) {
    throw invalidArgument(`${where} is not a manifest: not {"format":"${MANIFEST_FORMAT}","files":[...]}`);
  }
  return doc.files.map((f: unknown, i) => {
    const [path, hash, size, mode] = Array.isArray(f) ? (f as unknown[]) : [];
    if (
      typeof path !== 'string' ||
      typeof hash !== 'string' ||
      !HASH.test(hash) ||
      typeof size !== 'number' ||
      !Number.isSafeInteger(size) ||
      size < 0 ||
      typeof mode !== 'number' ||
      !Number.isInteger(mode)
    ) {
      throw invalidArgument(`${where} is not a manifest: files[${i}] is not [path, hash, size, mode]`);
    }
    return { path, hash, size, mode };
  });
}
