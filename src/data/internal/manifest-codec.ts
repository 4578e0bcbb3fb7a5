import { MANIFEST_FORMAT, type ManifestEntry } from '../../core/data-types.js';
import { invalidArgument, type ValidationIssue } from '../../core/index.js';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Why a path may not be in a manifest: a checkout writes it under the target folder, so it
 * must stay there. Undefined when it is fine.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'has a drive letter';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  }
  return undefined;
}

/** Parses and checks manifest bytes (src/core/data-types.ts MANIFEST_FORMAT); throws INVALID_ARGUMENT listing the problems. */
export function parseManifest(bytes: Buffer): ManifestEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw invalidArgument(`the manifest is not JSON: ${(e as Error).message}`);
  }
  const d = doc as { format?: unknown; files?: unknown };
  if (!d || typeof d !== 'object' || d.format !== MANIFEST_FORMAT || !Array.isArray(d.files)) {
    throw invalidArgument(`the manifest must be {"format":"${MANIFEST_FORMAT}","files":[[path,hash,size,mode],...]}`);
  }
  const issues: ValidationIssue[] = [];
  const entries: ManifestEntry[] = [];
  let previous: Buffer | undefined;
  for (const [i, f] of (d.files as unknown[]).entries()) {
    if (issues.length >= 20) break;
    if (!Array.isArray(f) || f.length !== 4) {
      issues.push({ path: `files[${i}]`, message: 'must be [path, hash, size, mode]' });
      continue;
    }
    const [path, hash, size, mode] = f as unknown[];
    if (typeof path !== 'string') {
      issues.push({ path: `files[${i}]`, message: 'path must be a string' });
      continue;
    }
    const unsafe = unsafePathReason(path);
    if (unsafe) issues.push({ path: `files[${i}]`, message: `path '${path}' ${unsafe}` });
    if (typeof hash !== 'string' || !HASH.test(hash)) issues.push({ path: `files[${i}]`, message: `'${path}': hash must be 64 lowercase hex` });
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) issues.push({ path: `files[${i}]`, message: `'${path}': size must be a non-negative integer` });
    if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777) issues.push({ path: `files[${i}]`, message: `'${path}': mode must be permission bits (0-0777)` });
    // Sorted and unique: the canonical form, which also makes duplicates adjacent.
    const key = Buffer.from(path, 'utf8');
    if (previous && Buffer.compare(previous, key) >= 0) {
      issues.push({ path: `files[${i}]`, message: Buffer.compare(previous, key) === 0 ? `'${path}' is listed twice` : `'${path}' is out of order (files are sorted by path)` });
    }
    previous = key;
    entries.push({ path, hash: hash as string, size: size as number, mode: mode as number });
  }
  if (issues.length > 0) throw invalidArgument(`invalid manifest: ${issues.slice(0, 5).map((x) => x.message).join('; ')}`, issues);
  return entries;
}

/** The canonical bytes of a manifest (what parseManifest reads back). Entries must be sorted. */
export function encodeManifest(entries: ManifestEntry[]): Buffer {
  return Buffer.from(JSON.stringify({ format: MANIFEST_FORMAT, files: entries.map((e) => [e.path, e.hash, e.size, e.mode]) }), 'utf8');
}

/** Sorts entries by path, UTF-8 bytewise (the manifest's order). */
export function sortEntries(entries: ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
