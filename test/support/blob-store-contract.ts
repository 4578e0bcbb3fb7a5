import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../src/core/index.js';
import type { BlobStore } from '../../src/storage/index.js';

/** A new, empty store of its own, and how to let go of it. */
export interface OpenedBlobStore {
  store: BlobStore;
  dispose(): Promise<void>;
}

const MIB = 1024 * 1024;
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const record = (text: string) => ({ hash: sha(Buffer.from(text)), bytes: Buffer.from(text) });

const read = async (stream: Readable | undefined): Promise<Buffer | undefined> => {
  if (!stream) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
};

/** Hands out `bytes` in uneven chunks, as a socket would. */
const chunked = (bytes: Buffer): Readable =>
  Readable.from(
    (function* () {
      for (let at = 0, n = 1; at < bytes.length; at += n, n = (n * 7 + 13) % 300_000) yield bytes.subarray(at, at + n);
    })(),
  );

const listAll = async (store: BlobStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const hash of store.list()) out.push(hash);
  return out.sort();
};

const errorOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

/** Expects `p` to reject with a FlywheelError of `code`, and answers it. */
async function rejectsWith(p: Promise<unknown>, code: string): Promise<FlywheelError> {
  const e = await errorOf(p);
  expect(e).toBeInstanceOf(FlywheelError);
  expect((e as FlywheelError).code).toBe(code);
  return e as FlywheelError;
}

/**
 * The BlobStore contract (src/storage/blobs/blob-store.ts): every backend must pass all of
 * it. `makeStore` gives each test an empty store of its own (a temp folder, a fresh prefix).
 * @example runBlobStoreSuite('file', async () => { const dir = await mkdtemp(...); return { store: new FsBlobStore(dir), dispose: () => rm(dir, ...) }; });
 */
export function runBlobStoreSuite(name: string, makeStore: () => Promise<OpenedBlobStore>): void {
  describe(`the ${name} blob store (BlobStore contract)`, { timeout: 60_000 }, () => {
    const opened: OpenedBlobStore[] = [];
    const fresh = async (): Promise<BlobStore> => {
      const o = await makeStore();
      opened.push(o);
      return o.store;
    };
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.dispose();
    });

    describe('put and get', () => {
      it('names a blob by the sha256 of its bytes and reads the same bytes back', async () => {
        const store = await fresh();
        const bytes = Buffer.from('hello blobs, in several chunks');
        const info = await store.put(chunked(bytes));
        expect(info).toEqual({ hash: sha(bytes), size: bytes.length });
        expect(await read(await store.get(info.hash))).toEqual(bytes);
        expect(await store.has(info.hash)).toBe(true);
        expect(await store.sizeOf(info.hash)).toBe(bytes.length);
      });

      it('takes bytes already in memory as well as a stream', async () => {
        const store = await fresh();
        const bytes = Buffer.from('in memory');
        expect(await store.put(bytes)).toEqual({ hash: sha(bytes), size: bytes.length });
        expect(await read(await store.get(sha(bytes)))).toEqual(bytes);
      });

      it('stores an empty blob', async () => {
        const store = await fresh();
        const empty = Buffer.alloc(0);
        expect(await store.put(chunked(empty), { expectedHash: sha(empty) })).toEqual({ hash: sha(empty), size: 0 });
        expect(await read(await store.get(sha(empty)))).toEqual(empty);
        expect(await store.sizeOf(sha(empty))).toBe(0);
        expect(await listAll(store)).toEqual([sha(empty)]);
      });

      it('stores a blob of several MiB byte for byte, with and without an expected hash', async () => {
        // Larger than the S3 store's first part (8 MiB): a multipart upload there, spooled without a hash.
        const big = randomBytes(9 * MIB + 12_345);
        const store = await fresh();
        expect(await store.put(chunked(big))).toEqual({ hash: sha(big), size: big.length });
        expect(sha((await read(await store.get(sha(big))))!)).toBe(sha(big));
        expect(await store.sizeOf(sha(big))).toBe(big.length);
        const other = await fresh();
        expect(await other.put(chunked(big), { expectedHash: sha(big) })).toEqual({ hash: sha(big), size: big.length });
        expect(await other.sizeOf(sha(big))).toBe(big.length);
      });

      it('accepts content that matches its expected hash', async () => {
        const store = await fresh();
        const bytes = Buffer.from('as promised');
        expect(await store.put(chunked(bytes), { expectedHash: sha(bytes) })).toEqual({ hash: sha(bytes), size: bytes.length });
        expect(await store.put(bytes, { expectedHash: sha(bytes) })).toEqual({ hash: sha(bytes), size: bytes.length });
      });

      it('refuses content whose hash differs from the expected one, and stores it under neither name', async () => {
        const store = await fresh();
        const bytes = Buffer.from('not what it claims');
        const claimed = sha(Buffer.from('something else'));
        await rejectsWith(store.put(chunked(bytes), { expectedHash: claimed }), 'INVALID_ARGUMENT');
        await rejectsWith(store.put(bytes, { expectedHash: claimed }), 'INVALID_ARGUMENT');
        expect(await store.has(claimed)).toBe(false);
        expect(await store.has(sha(bytes))).toBe(false);
        expect(await listAll(store)).toEqual([]);
      });

      it('refuses content that claims the name of a stored blob, and keeps the stored one', async () => {
        const store = await fresh();
        const stored = await store.put(Buffer.from('stored'));
        await rejectsWith(store.put(chunked(Buffer.from('an impostor')), { expectedHash: stored.hash }), 'INVALID_ARGUMENT');
        expect((await read(await store.get(stored.hash)))!.toString()).toBe('stored');
      });

      it('stores the same content once, however often and however concurrently it is put', async () => {
        const store = await fresh();
        const bytes = randomBytes(200_000);
        const infos = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store.put(chunked(bytes)) : store.put(bytes, { expectedHash: sha(bytes) }))),
        );
        for (const info of infos) expect(info).toEqual({ hash: sha(bytes), size: bytes.length });
        expect(await listAll(store)).toEqual([sha(bytes)]);
        expect(await read(await store.get(sha(bytes)))).toEqual(bytes);
      });

      it('refuses a name that is not a lowercase sha256 hash, in every method', async () => {
        const store = await fresh();
        for (const bad of ['../../etc/passwd', 'a'.repeat(63), 'A'.repeat(64), `${'a'.repeat(62)}/x`]) {
          await rejectsWith(store.get(bad), 'INVALID_ARGUMENT');
          await rejectsWith(store.has(bad), 'INVALID_ARGUMENT');
          await rejectsWith(store.sizeOf(bad), 'INVALID_ARGUMENT');
          await rejectsWith(store.delete(bad), 'INVALID_ARGUMENT');
          await rejectsWith(store.missing([bad]), 'INVALID_ARGUMENT');
          await rejectsWith(store.putMany([{ hash: bad, bytes: Buffer.from('x') }]), 'INVALID_ARGUMENT');
        }
      });
    });

    describe('a blob it does not hold', () => {
      it('reads as undefined, is not had, has no size, and is missing', async () => {
        const store = await fresh();
        const absent = sha(Buffer.from('never stored'));
        expect(await store.get(absent)).toBeUndefined();
        expect(await store.has(absent)).toBe(false);
        expect(await store.sizeOf(absent)).toBeUndefined();
        expect(await store.missing([absent])).toEqual([absent]);
      });
    });

    describe('delete', () => {
      it('removes a blob and leaves the others', async () => {
        const store = await fresh();
        const gone = await store.put(Buffer.from('gone soon'));
        const kept = await store.put(Buffer.from('kept'));
        await store.delete(gone.hash);
        expect(await store.has(gone.hash)).toBe(false);
        expect(await store.get(gone.hash)).toBeUndefined();
        expect(await store.sizeOf(gone.hash)).toBeUndefined();
        expect(await store.missing([gone.hash, kept.hash])).toEqual([gone.hash]);
        expect(await listAll(store)).toEqual([kept.hash]);
        expect((await read(await store.get(kept.hash)))!.toString()).toBe('kept');
      });

      it('does nothing for a blob that is not there', async () => {
        const store = await fresh();
        await store.delete(sha(Buffer.from('never stored')));
        expect(await listAll(store)).toEqual([]);
      });

      it('lets a deleted blob be stored again', async () => {
        const store = await fresh();
        const info = await store.put(Buffer.from('back again'));
        await store.delete(info.hash);
        expect(await store.put(Buffer.from('back again'))).toEqual(info);
        expect((await read(await store.get(info.hash)))!.toString()).toBe('back again');
      });
    });

    describe('putMany', () => {
      it('stores every record, answering how many objects and bytes were new', async () => {
        const store = await fresh();
        const records = ['a', 'bb', 'ccc', ''].map(record);
        expect(await store.putMany(records)).toEqual({ stored: 4, bytes: 6 });
        for (const r of records) {
          expect(await read(await store.get(r.hash))).toEqual(r.bytes);
          expect(await store.has(r.hash)).toBe(true);
          expect(await store.sizeOf(r.hash)).toBe(r.bytes.length);
        }
        expect(await store.putMany(records)).toEqual({ stored: 0, bytes: 0 });
        expect(await store.putMany([...records, record('dddd')])).toEqual({ stored: 1, bytes: 4 });
      });

      it('counts a record given twice in one call once', async () => {
        const store = await fresh();
        const r = record('twice');
        expect(await store.putMany([r, r])).toEqual({ stored: 1, bytes: 5 });
        expect(await listAll(store)).toEqual([r.hash]);
      });

      it('refuses the whole batch when one record does not match its hash, naming it, and stores none', async () => {
        const store = await fresh();
        const good = [record('good 1'), record('good 2')];
        const bad = { hash: sha(Buffer.from('claimed')), bytes: Buffer.from('actual') };
        const e = await rejectsWith(store.putMany([good[0]!, bad, good[1]!]), 'INVALID_ARGUMENT');
        expect(e.message).toContain(bad.hash);
        expect(await store.missing([...good.map((r) => r.hash), bad.hash, sha(bad.bytes)])).toEqual([...good.map((r) => r.hash), bad.hash, sha(bad.bytes)]);
        expect(await listAll(store)).toEqual([]);
      });

      it('stores nothing for an empty batch', async () => {
        const store = await fresh();
        expect(await store.putMany([])).toEqual({ stored: 0, bytes: 0 });
        expect(await listAll(store)).toEqual([]);
      });
    });

    describe('missing', () => {
      it('names the absent ones among many, in the order asked, whether put or putMany stored the others', async () => {
        const store = await fresh();
        const put = await store.put(Buffer.from('put'));
        const many = ['m1', 'm2'].map(record);
        await store.putMany(many);
        const absent = ['x1', 'x2', 'x3'].map((t) => sha(Buffer.from(t)));
        const asked = [absent[2]!, put.hash, many[0]!.hash, absent[0]!, many[1]!.hash, absent[1]!];
        expect(await store.missing(asked)).toEqual([absent[2], absent[0], absent[1]]);
        expect(await store.missing([])).toEqual([]);
      });

      it('answers for a few hundred hashes at once', async () => {
        const store = await fresh();
        const records = Array.from({ length: 300 }, (_, i) => record(`blob ${i}`));
        await store.putMany(records.filter((_, i) => i % 3 === 0));
        expect(await store.missing(records.map((r) => r.hash))).toEqual(records.filter((_, i) => i % 3 !== 0).map((r) => r.hash));
      });
    });

    describe('list', () => {
      it('lists nothing in an empty store', async () => {
        expect(await listAll(await fresh())).toEqual([]);
      });

      it('lists every blob once, whether put or putMany stored it, or both', async () => {
        const store = await fresh();
        const both = record('both ways');
        const many = ['l1', 'l2', 'l3'].map(record);
        await store.putMany([...many, both]);
        const put = await store.put(Buffer.from('loose'));
        await store.put(both.bytes);
        expect(await listAll(store)).toEqual([...many.map((r) => r.hash), put.hash, both.hash].sort());
      });
    });

    describe('capabilities', () => {
      it('offers a local path only with a local root, and the path holds the blob under that root', async () => {
        const store = await fresh();
        expect(typeof store.localPath).toBe(typeof store.localRoot);
        if (!store.localPath || !store.localRoot) return;
        const info = await store.put(Buffer.from('on this disk'));
        const path = await store.localPath(info.hash);
        expect(path).toBe(join(store.localRoot(), info.hash.slice(0, 2), info.hash.slice(2, 4), info.hash));
        expect((await readFile(path!)).toString()).toBe('on this disk');
        expect(await store.localPath(sha(Buffer.from('never stored')))).toBeUndefined();
      });

      it('lists a put blob among the loose ones when it offers gc', async () => {
        const store = await fresh();
        const collector = store.collector?.();
        if (!collector) return;
        const info = await store.put(Buffer.from('collectable'));
        const loose: { hash: string; size: number }[] = [];
        for await (const b of collector.looseBlobs()) loose.push({ hash: b.hash, size: b.size });
        expect(loose).toEqual([info]);
      });
    });
  });
}
