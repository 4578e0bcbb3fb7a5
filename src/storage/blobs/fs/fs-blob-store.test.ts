import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from './fs-blob-store.js';

/* What only the file store does. The BlobStore contract itself runs in test/blob-stores.test.ts. */

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const record = (text: string) => ({ hash: sha(Buffer.from(text)), bytes: Buffer.from(text) });
const read = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

describe('the filesystem blob store', () => {
  let dir: string;
  let store: FsBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-blobs-'));
    store = new FsBlobStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a put blob at <root>/ab/cd/<hash> and leaves no temp file behind', async () => {
    const info = await store.put(Buffer.from('loose'));
    expect(await readdir(join(dir, info.hash.slice(0, 2), info.hash.slice(2, 4)))).toEqual([info.hash]);
    await store.put(Buffer.from('x'), { expectedHash: '0'.repeat(64) }).catch(() => undefined);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('writes one putMany call as one pack, which a new store over the same folder reads', async () => {
    const records = ['p1', 'p2', 'p3'].map(record);
    await store.putMany(records);
    expect((await readdir(join(dir, 'packs'))).sort()).toEqual([expect.stringMatching(/\.idx$/), expect.stringMatching(/\.pack$/)]);
    const reopened = new FsBlobStore(dir);
    for (const r of records) expect(await read((await reopened.get(r.hash))!)).toEqual(r.bytes);
    // A packed blob has no file of its own to link.
    expect(await reopened.localPath(records[0]!.hash)).toBeUndefined();
  });

  it('keeps a packed blob that is deleted until gc rewrites its pack (packs are never modified)', async () => {
    const r = record('packed');
    await store.putMany([r]);
    await store.delete(r.hash);
    expect(await store.has(r.hash)).toBe(true);
  });
});
