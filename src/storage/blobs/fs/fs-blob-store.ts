import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { invalidArgument } from '../../../core/index.js';
import type { BlobCollector, BlobInfo, BlobStore } from '../blob-store.js';
import { PackIndex, sha256 } from './pack-files.js';

const HASH = /^[0-9a-f]{64}$/;
const WRITE_BYTES = 4 * 1024 * 1024;

/**
 * Blobs as files under `root/ab/cd/<hash>` ("loose"), and small ones written together by
 * `putMany` in packs under `root/packs` (pack-files.ts). A write goes to a temporary file
 * in `root/tmp`, is fsynced, its hash checked, then renamed into place (rename is atomic on
 * one filesystem), so a reader never sees a partial blob and a crash leaves at most a stray
 * temp file. Stored blobs are never modified.
 */
export class FsBlobStore implements BlobStore, BlobCollector {
  private readonly packs: PackIndex;

  constructor(private readonly root: string) {
    this.packs = new PackIndex(join(root, 'packs'));
  }

  /** The folder loose blobs live under (`ab/cd/<hash>`), for clients on this host that link files. */
  localRoot(): string {
    return this.root;
  }

  /** gc's part: loose blobs by age, and packs rewritten without their dead objects. */
  collector(): BlobCollector {
    return this;
  }

  private pathOf(hash: string): string {
    if (!HASH.test(hash)) throw invalidArgument(`not a sha256 hash: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  /** Where a loose blob's file is, or undefined when it is packed or absent. */
  async localPath(hash: string): Promise<string | undefined> {
    const path = this.pathOf(hash);
    try {
      await stat(path);
      return path;
    } catch {
      return undefined;
    }
  }

  async putMany(records: { hash: string; bytes: Buffer }[]): Promise<{ stored: number; bytes: number }> {
    for (const r of records) {
      if (!HASH.test(r.hash)) throw invalidArgument(`not a sha256 hash: ${r.hash}`);
      const actual = sha256(r.bytes);
      if (actual !== r.hash) throw invalidArgument(`object ${r.hash}: its ${r.bytes.length} bytes hash to ${actual}`);
    }
    // Packed duplicates are skipped by the pack index; a loose copy of the same bytes is
    // harmless (same name, same content), so no stat per record here.
    return this.packs.write(records);
  }

  /**
   * Which of these blobs the store lacks. Synchronous stats: at 10,000 hashes a call, a
   * promise round trip per hash through the thread pool costs ten times the stat itself.
   */
  async missing(hashes: string[]): Promise<string[]> {
    await this.packs.load();
    const out: string[] = [];
    for (const h of hashes) {
      if (await this.packs.find(h)) continue;
      if (!existsSync(this.pathOf(h))) out.push(h);
    }
    return out;
  }

  async *list(): AsyncIterable<string> {
    const packed = new Set(await this.packs.hashes());
    yield* packed;
    // A blob both packed and loose (`put` after `putMany` of the same bytes) is listed once.
    for await (const { hash } of this.looseFiles()) if (!packed.has(hash)) yield hash;
  }

  async sizeOf(hash: string): Promise<number | undefined> {
    const path = this.pathOf(hash);
    try {
      return (await stat(path)).size;
    } catch {
      return (await this.packs.find(hash))?.size;
    }
  }

  /** Packs and what each holds, for gc. */
  packContents(): ReturnType<PackIndex['packs']> {
    return this.packs.packs();
  }

  /**
   * gc's part for packs: a pack with no live object is deleted; one that is mostly dead is
   * rewritten with its live objects (new pack first, then the old one removed, so a crash
   * in between loses nothing). Packs younger than `spareAfter` are left alone.
   */
  async collectPacks(live: (hash: string) => boolean, options: { spareAfter: number; dryRun: boolean }): Promise<{ objects: number; bytes: number }> {
    let objects = 0;
    let bytes = 0;
    for (const [pack, contents] of await this.packs.packs()) {
      if ((await this.packs.createdTime(pack)) > options.spareAfter) continue;
      const kept = contents.filter((o) => live(o.hash));
      const dead = contents.length - kept.length;
      // Rewriting costs the live bytes; worth it once at least half the pack is garbage.
      if (dead === 0 || (kept.length > 0 && dead * 2 < contents.length)) continue;
      objects += dead;
      bytes += contents.filter((o) => !live(o.hash)).reduce((n, o) => n + o.size, 0);
      if (options.dryRun) continue;
      if (kept.length > 0) {
        const records: { hash: string; bytes: Buffer }[] = [];
        for (const o of kept) {
          const stream = await this.get(o.hash);
          const parts: Buffer[] = [];
          for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
          const data = Buffer.concat(parts);
          if (sha256(data) !== o.hash) throw invalidArgument(`packed object ${o.hash} is corrupted; gc stopped without changing pack ${pack}`);
          records.push({ hash: o.hash, bytes: data });
        }
        await this.packs.write(records, { repack: true });
      }
      await this.packs.remove(pack);
    }
    return { objects, bytes };
  }

  /** Loose blobs with their modification time, for gc. */
  async *looseBlobs(): AsyncIterable<{ hash: string; size: number; mtimeMs: number }> {
    for await (const { hash, path } of this.looseFiles()) {
      const s = await stat(path).catch(() => undefined);
      if (s) yield { hash, size: s.size, mtimeMs: s.mtimeMs };
    }
  }

  private async *looseFiles(): AsyncIterable<{ hash: string; path: string }> {
    for (const a of await readdirOrEmpty(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await readdirOrEmpty(join(this.root, a))) {
        for (const name of await readdirOrEmpty(join(this.root, a, b))) if (HASH.test(name)) yield { hash: name, path: join(this.root, a, b, name) };
      }
    }
  }

  async put(content: Readable | Buffer, options: { expectedHash?: string } = {}): Promise<BlobInfo> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hasher = createHash('sha256');
    let size = 0;
    const fh = await open(tmp, 'w');
    try {
      const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
      // Chunks (64 KiB from a socket) are gathered into larger writes: one thread-pool
      // round trip per ~4 MiB instead of per chunk.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        hasher.update(buf);
        size += buf.length;
        pending.push(buf);
        pendingBytes += buf.length;
        if (pendingBytes >= WRITE_BYTES) {
          await fh.writev(pending);
          pending = [];
          pendingBytes = 0;
        }
      }
      if (pending.length > 0) await fh.writev(pending);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    const hash = hasher.digest('hex');
    if (options.expectedHash && options.expectedHash !== hash) {
      await rm(tmp, { force: true });
      throw invalidArgument(`content hash ${hash} does not match the expected ${options.expectedHash}`);
    }
    const dest = this.pathOf(hash);
    await mkdir(join(dest, '..'), { recursive: true });
    await rename(tmp, dest);
    return { hash, size };
  }

  async get(hash: string): Promise<Readable | undefined> {
    const path = await this.localPath(hash);
    if (path) return createReadStream(path);
    const packed = await this.packs.find(hash);
    if (!packed) return undefined;
    if (packed.size === 0) return Readable.from([]);
    return createReadStream(this.packs.packPath(packed.pack), { start: packed.offset, end: packed.offset + packed.size - 1 });
  }

  async has(hash: string): Promise<boolean> {
    if (await this.packs.find(hash)) return true;
    return (await this.localPath(hash)) !== undefined;
  }

  async delete(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
