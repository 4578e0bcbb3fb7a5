import { MANIFEST_FORMAT, type ManifestEntry } from '../core/data-types.js';
import { invalidArgument, type ValidationIssue } from '../core/errors.js';

// The dataset manifest's one codec (MANIFEST_FORMAT in src/core/data-types.ts), used by the
// server when it records a version and by the SDK when it builds one or checks one out: one
// set of rules, so a manifest one side writes is one the other side reads, and the same
// files always give the same bytes, hence the same manifest hash. Plain strings and
// Uint8Array (no Buffer, no node:crypto): each side hashes the bytes itself.

const HASH = /^[0-9a-f]{64}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Issues listed at most in an error (the message names the first five). */
const MAX_ISSUES = 20;

/**
 * Why `path` may not be in a manifest (empty when it may). A checkout writes the file under
 * its target folder, so the path must stay there on every OS: relative, '/'-separated, no
 * drive letter, no `.`/`..`/empty segment, no backslash or NUL, and valid Unicode (a lone
 * surrogate has no UTF-8 bytes, so it could not sort or hash the same on both sides).
 */
export function manifestPathIssues(path: string): string[] {
  if (typeof path !== 'string' || path === '') return ['is empty'];
  const issues: string[] = [];
  if (path.includes('\0')) issues.push('contains a NUL character');
  if (path.includes('\\')) issues.push('contains a backslash');
  if (path.startsWith('/')) issues.push('is absolute');
  else if (/^[A-Za-z]:/.test(path)) issues.push('has a drive letter');
  if (LONE_SURROGATE.test(path)) issues.push('is not valid Unicode');
  const segments = path.split('/');
  if (!path.startsWith('/') && segments.includes('')) issues.push('has an empty segment');
  for (const s of ['..', '.']) if (segments.includes(s)) issues.push(`has a '${s}' segment`);
  return issues;
}

/**
 * Orders paths by their UTF-8 bytes, which is Unicode code point order. JS string order
 * (UTF-16 code units) agrees with it except where a surrogate (a character above U+FFFF)
 * meets a character at U+E000 or above: there the surrogate's character is the larger.
 */
export function compareManifestPaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (xs ? y : x) >= 0xe000) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A copy of the entries in manifest order (see compareManifestPaths). */
export function sortManifestEntries<T extends { path: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => compareManifestPaths(a.path, b.path));
}

/**
 * Every rule a manifest's entries must keep, in the order given: safe paths (see
 * manifestPathIssues), a sha256 in lowercase hex, a whole non-negative size, permission bits
 * as the mode, sorted by path (UTF-8 bytewise) with no path twice, and no path that is a
 * file and also a folder of another (a checkout could write only one of them).
 */
export function manifestIssues(entries: readonly unknown[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const files = new Set<string>();
  const paths: string[] = [];
  let previous: string | undefined;
  for (const [i, row] of entries.entries()) {
    if (issues.length >= MAX_ISSUES) return issues;
    const where = `files[${i}]`;
    if (!Array.isArray(row) || row.length !== 4) {
      issues.push({ path: where, message: `${where} must be [path, hash, size, mode]` });
      continue;
    }
    const [path, hash, size, mode] = row as unknown[];
    if (typeof path !== 'string') {
      issues.push({ path: where, message: `${where}: the path must be a string` });
      continue;
    }
    const bad = (message: string) => issues.push({ path: where, message: `'${path}' ${message}` });
    for (const why of manifestPathIssues(path)) bad(why);
    if (typeof hash !== 'string' || !HASH.test(hash)) bad('has a hash that is not a sha256 in lowercase hex');
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) bad('has a size that is not a whole number of bytes');
    if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777) bad('has a mode that is not permission bits (0-0777)');
    if (previous !== undefined) {
      const order = compareManifestPaths(previous, path);
      if (order === 0) bad('is listed twice');
      else if (order > 0) bad('is out of order (files are sorted by the UTF-8 bytes of their paths)');
    }
    previous = path;
    files.add(path);
    paths.push(path);
  }
  for (const path of paths) {
    if (issues.length >= MAX_ISSUES) break;
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash);
      if (files.has(folder)) {
        issues.push({ path: `files[${paths.indexOf(folder)}]`, message: `'${folder}' is listed as a file and as a folder (of '${path}')` });
        break;
      }
    }
  }
  return issues;
}

/** The manifest's canonical text: format first, files as arrays, no whitespace. */
function canonicalText(entries: readonly ManifestEntry[]): string {
  return JSON.stringify({ format: MANIFEST_FORMAT, files: entries.map((e) => [e.path, e.hash, e.size, e.mode]) });
}

function refuse(issues: ValidationIssue[]): never {
  const shown = issues.slice(0, 5).map((i) => i.message);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  throw invalidArgument(`invalid manifest: ${shown.join('; ')}${more}`, issues.slice(0, MAX_ISSUES));
}

/**
 * The canonical bytes of a manifest: the entries sorted by path, then checked against every
 * rule (INVALID_ARGUMENT listing the issues). `mode` must already be permission bits only.
 *
 * @example
 *   const bytes = encodeManifest([{ path: 'labels.csv', hash, size: 120, mode: 0o644 }]);
 */
export function encodeManifest(entries: readonly ManifestEntry[]): Uint8Array {
  const sorted = entries.every((e, i) => i === 0 || compareManifestPaths(entries[i - 1]!.path, e.path) <= 0) ? entries : sortManifestEntries(entries);
  const issues = manifestIssues(sorted.map((e) => [e.path, e.hash, e.size, e.mode]));
  if (issues.length > 0) refuse(issues);
  return new TextEncoder().encode(canonicalText(sorted));
}

/**
 * Reads manifest bytes and checks them against every rule of encodeManifest, and that they
 * are its canonical form (so a manifest's hash is a function of its files). Throws
 * INVALID_ARGUMENT with the issues; never trust a manifest from elsewhere before this.
 */
export function parseManifest(bytes: Uint8Array | string): ManifestEntry[] {
  let text: string;
  let doc: unknown;
  try {
    // Fatal: bytes that are not UTF-8 would decode to U+FFFD and re-encode differently.
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    doc = JSON.parse(text);
  } catch (e) {
    throw invalidArgument(`the manifest is not JSON: ${(e as Error).message}`);
  }
  const d = doc as { format?: unknown; files?: unknown } | null;
  if (d === null || typeof d !== 'object' || d.format !== MANIFEST_FORMAT || !Array.isArray(d.files)) {
    throw invalidArgument(`the manifest is not a ${MANIFEST_FORMAT} document: {"format":"${MANIFEST_FORMAT}","files":[[path,hash,size,mode],...]}`);
  }
  const rows = d.files as unknown[];
  const issues = manifestIssues(rows);
  if (issues.length > 0) refuse(issues);
  const entries = rows.map((row) => {
    const [path, hash, size, mode] = row as [string, string, number, number];
    return { path, hash, size, mode };
  });
  if (canonicalText(entries) !== text) {
    refuse([{ path: '(manifest)', message: 'the bytes are not the canonical form ({"format":…,"files":[…]} with no whitespace, JSON.stringify escapes)' }]);
  }
  return entries;
}
