import { createHash } from 'node:crypto';
import { invalidArgument, type ValidationIssue } from '../../core/errors.js';
import { MANIFEST_FORMAT, type ManifestEntry } from '../../core/data-types.js';

/**
 * The canonical manifest (MANIFEST_FORMAT in src/core/data-types.ts): the same set of files
 * always gives the same bytes, hence the same manifest hash, which is what tells the server
 * that an add changed nothing.
 */

const HASH = /^[0-9a-f]{64}$/;

export interface BuiltManifest {
  bytes: Buffer;
  hash: string;
  /** The entries in manifest order. */
  entries: ManifestEntry[];
}

/**
 * `{"format":"flywheel.manifest/1","files":[[path,hash,size,mode],...]}`, sorted by the
 * paths' UTF-8 bytes, no whitespace, mode = permission bits only.
 */
export function buildManifest(entries: readonly ManifestEntry[]): BuiltManifest {
  const issues = entries.flatMap((e) => pathIssues(e.path).map((message) => ({ path: e.path, message })));
  if (issues.length > 0) throw invalidArgument(`${issues.length} file path(s) cannot go in a manifest: ${issues[0]!.path}: ${issues[0]!.message}`, issues.slice(0, 20));
  const sorted = sortByPathBytes(entries.map((e) => ({ ...e, mode: e.mode & 0o777 })));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) throw invalidArgument(`the path '${sorted[i]!.path}' is in the manifest twice`);
  }
  const text = JSON.stringify({ format: MANIFEST_FORMAT, files: sorted.map((e) => [e.path, e.hash, e.size, e.mode]) });
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex'), entries: sorted };
}

/**
 * Sorts by UTF-8 bytes. JS string order (UTF-16 code units) agrees with UTF-8 byte order
 * except where a surrogate pair meets a character at U+E000 or above, so the cheap string
 * comparison is used unless some path has a surrogate; then Buffers are compared.
 */
export function sortByPathBytes<T extends { path: string }>(entries: T[]): T[] {
  if (!entries.some((e) => /[\uD800-\uDFFF]/.test(e.path))) {
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  const keyed = entries.map((e) => ({ e, key: Buffer.from(e.path, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((k) => k.e);
}

/** Why `path` may not be a manifest path (empty when it may): relative, '/'-separated, no way out. */
export function pathIssues(path: string): string[] {
  if (typeof path !== 'string' || path === '') return ['the path is empty'];
  const issues: string[] = [];
  if (path.startsWith('/')) issues.push('the path is absolute');
  if (path.includes('\\')) issues.push('the path has a backslash');
  if (path.includes('\0')) issues.push('the path has a NUL character');
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) issues.push("the path has a '..' segment");
  if (segments.some((s) => s === '.')) issues.push("the path has a '.' segment");
  if (!path.startsWith('/') && segments.some((s) => s === '')) issues.push('the path has an empty segment');
  return issues;
}

/**
 * Reads and checks a manifest: its format, every entry's shape, every path (see pathIssues),
 * no duplicates, and no path that is both a file and a folder. Throws INVALID_ARGUMENT with
 * the issues; never trusts a manifest from elsewhere before a checkout writes anything.
 */
export function parseManifest(bytes: Uint8Array | string): ManifestEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (e) {
    throw invalidArgument(`the manifest is not JSON: ${(e as Error).message}`);
  }
  const d = doc as { format?: unknown; files?: unknown } | null;
  if (d === null || typeof d !== 'object' || d.format !== MANIFEST_FORMAT || !Array.isArray(d.files)) {
    throw invalidArgument(`the manifest is not a ${MANIFEST_FORMAT} document`);
  }
  const issues: ValidationIssue[] = [];
  const entries: ManifestEntry[] = [];
  const seen = new Set<string>();
  d.files.forEach((row: unknown, i: number) => {
    const where = `files[${i}]`;
    if (!Array.isArray(row) || row.length !== 4) return void issues.push({ path: where, message: 'expected [path, hash, size, mode]' });
    const [path, hash, size, mode] = row as unknown[];
    if (typeof path !== 'string') return void issues.push({ path: where, message: 'the path is not a string' });
    for (const message of pathIssues(path)) issues.push({ path: `${where} ${path}`, message });
    if (typeof hash !== 'string' || !HASH.test(hash)) issues.push({ path: `${where} ${path}`, message: 'the hash is not a sha256 in lowercase hex' });
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) issues.push({ path: `${where} ${path}`, message: 'the size is not a whole number' });
    if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777) issues.push({ path: `${where} ${path}`, message: 'the mode is not permission bits' });
    if (seen.has(path)) issues.push({ path: `${where} ${path}`, message: 'the path is listed twice' });
    seen.add(path);
    entries.push({ path, hash: hash as string, size: size as number, mode: mode as number });
  });
  for (const e of entries) {
    const segments = e.path.split('/');
    for (let n = 1; n < segments.length; n++) {
      const folder = segments.slice(0, n).join('/');
      if (seen.has(folder)) {
        issues.push({ path: e.path, message: `'${folder}' is listed as a file and as a folder` });
        break;
      }
    }
  }
  if (issues.length > 0) {
    throw invalidArgument(`the manifest is invalid (${issues.length} issue${issues.length === 1 ? '' : 's'}; first: ${issues[0]!.path}: ${issues[0]!.message})`, issues.slice(0, 20));
  }
  return entries;
}
