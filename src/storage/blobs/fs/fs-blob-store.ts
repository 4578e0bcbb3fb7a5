import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { invalidArgument } from '../../../core/index.js';
import type { BlobInfo, BlobStore } from '../blob-store.js';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Blobs as files under `root/ab/cd/<hash>`. A write goes to a temporary file in `root/tmp`,
 * is fsynced, its hash checked, then renamed into place (rename is atomic on one filesystem),
 * so a reader never sees a partial blob and a crash leaves at most a stray temp file.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(hash: string): string {
    if (!HASH.test(hash)) throw invalidArgument(`not a sha256 hash: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
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
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        hasher.update(buf);
        size += buf.length;
        await fh.write(buf);
      }
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
    const path = this.pathOf(hash);
    if (!(await this.has(hash))) return undefined;
    return createReadStream(path);
  }

  async has(hash: string): Promise<boolean> {
    try {
      await stat(this.pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  async delete(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }
}
