import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { invalidArgument, nowMs } from '../../core/index.js';
import type { BlobReferrer, BlobStore } from '../../storage/index.js';
import type { TrackingTables as Database } from '../storage/index.js';
import type { FileInfo } from '../types.js';
import { chunked } from './chunked.js';

/**
 * Checks an artifact path and returns it without surrounding slashes. Paths are plain
 * relative names: no '..' or '.' segments, no empty segments, no backslashes or control
 * characters, so nothing can address outside the artifact namespace.
 */
export function cleanArtifactPath(path: string, options: { allowRoot?: boolean } = {}): string {
  if (typeof path !== 'string') throw invalidArgument('artifact path must be a string');
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') {
    if (options.allowRoot) return '';
    throw invalidArgument('artifact path must not be empty');
  }
  if (path.startsWith('/') && !options.allowRoot) throw invalidArgument(`Invalid artifact path '${path}': absolute paths are not allowed`);
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\\\u0000-\u001f]/.test(trimmed)) throw invalidArgument(`Invalid artifact path '${path}': backslashes and control characters are not allowed`);
  for (const segment of trimmed.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw invalidArgument(`Invalid artifact path '${path}': it may not contain '..', '.' or empty segments`);
    }
  }
  if (trimmed.length > 1024) throw invalidArgument('artifact path is longer than 1024 characters');
  return trimmed;
}

/** The artifact namespace: an index of paths to content-addressed blobs. */
export class Artifacts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: BlobStore,
    /** Other modules' blobs, never deleted here (read when a delete would remove blobs). */
    private readonly referrers: readonly BlobReferrer[] = [],
  ) {}

  async put(path: string, content: Readable | Buffer): Promise<FileInfo> {
    const clean = cleanArtifactPath(path);
    // A file may not be stored where a folder is, or inside a path that is a file.
    const [asFolder] = await this.under(clean, 1);
    if (asFolder) throw invalidArgument(`Cannot write artifact '${clean}': a folder of that name exists`);
    const parts = clean.split('/');
    const ancestors = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    if (ancestors.length > 0) {
      const clash = await this.db.selectFrom('artifacts').select('path').where('path', 'in', ancestors).executeTakeFirst();
      if (clash) throw invalidArgument(`Cannot write artifact '${clean}': '${clash.path}' is a file`);
    }
    const { hash, size } = await this.blobs.put(content);
    await this.db
      .insertInto('artifacts')
      .values({ path: clean, hash, size, created_time: nowMs() })
      .onConflict((oc) => oc.column('path').doUpdateSet({ hash, size, created_time: nowMs() }))
      .execute();
    return { path: clean, isDir: false, fileSize: size };
  }

  async get(path: string): Promise<{ stream: Readable; size: number } | undefined> {
    const clean = cleanArtifactPath(path);
    const row = await this.db.selectFrom('artifacts').select(['hash', 'size']).where('path', '=', clean).executeTakeFirst();
    if (!row) return undefined;
    const stream = await this.blobs.get(row.hash);
    return stream ? { stream, size: row.size } : undefined;
  }

  /** Rows strictly inside a folder ('' is the root): paths between "dir/" and "dir0" bytewise. */
  private under(dir: string, limit?: number) {
    let q = this.db.selectFrom('artifacts').select(['path', 'size', 'hash']).orderBy('path');
    if (dir !== '') q = q.where('path', '>', `${dir}/`).where('path', '<', `${dir}0`);
    if (limit !== undefined) q = q.limit(limit);
    return q.execute();
  }

  async list(path: string): Promise<FileInfo[]> {
    const dir = cleanArtifactPath(path, { allowRoot: true });
    const prefix = dir === '' ? '' : `${dir}/`;
    const out: FileInfo[] = [];
    let lastDir = '';
    for (const row of await this.under(dir)) {
      const rest = row.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) out.push({ path: row.path, isDir: false, fileSize: row.size });
      else {
        const sub = prefix + rest.slice(0, slash);
        if (sub !== lastDir) out.push({ path: sub, isDir: true });
        lastDir = sub;
      }
    }
    return out;
  }

  /** Deletes a file, or a folder with everything in it; blobs no longer referenced go too. */
  async delete(path: string): Promise<number> {
    const clean = cleanArtifactPath(path);
    const rows = [
      ...(await this.db.selectFrom('artifacts').select(['path', 'hash']).where('path', '=', clean).execute()),
      ...(await this.under(clean)),
    ];
    await this.removeRows(rows);
    return rows.length;
  }

  /** Removes everything under a folder (used when runs are purged). */
  async deleteFolder(dir: string): Promise<void> {
    await this.removeRows(await this.under(cleanArtifactPath(dir)));
  }

  private async removeRows(rows: { path: string; hash: string }[]): Promise<void> {
    for (const part of chunked(rows, 500)) {
      await this.db.deleteFrom('artifacts').where('path', 'in', part.map((r) => r.path)).execute();
    }
    const hashes = [...new Set(rows.map((r) => r.hash))];
    const kept = new Set<string>();
    if (hashes.length > 0) for (const referrer of this.referrers) for (const h of await referrer.referencedBlobs()) kept.add(h);
    for (const part of chunked(hashes, 500)) {
      const still = new Set(
        (await this.db.selectFrom('artifacts').select('hash').where('hash', 'in', part).execute()).map((r) => r.hash),
      );
      for (const h of part) if (!still.has(h) && !kept.has(h)) await this.blobs.delete(h);
    }
  }
}
