import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../src/core/index.js';
import { S3BlobStore } from '../src/storage/blobs/s3/s3-blob-store.js';
import { s3StoreFromUrl } from '../src/storage/blobs/s3/s3-url.js';
import { s3SkipReason, startTestS3, type TestS3 } from './support/s3-server.js';

/*
 * What only the S3 blob store does, against a real S3-protocol server (s3rver, in a child
 * process). The BlobStore contract itself runs on S3 in test/blob-stores.test.ts.
 */

const SKIP = s3SkipReason();
const MIB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const read = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};
/** A stream that hands out `bytes` in uneven chunks, as a socket would. */
const chunked = (bytes: Buffer) =>
  Readable.from(
    (function* () {
      for (let at = 0, n = 1; at < bytes.length; at += n, n = (n * 7 + 13) % 300_000) yield bytes.subarray(at, at + n);
    })(),
  );
const keyOf = (prefix: string, hash: string) => `${prefix}/objects/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as FlywheelError);

describe.skipIf(SKIP)(`the S3 blob store${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  let s3: TestS3;
  let n = 0;
  const stores: S3BlobStore[] = [];
  /** A store under a prefix of its own, so tests never see each other's objects. */
  const freshStore = (options: { partSize?: number } = {}) => {
    const prefix = `t${++n}-${randomBytes(4).toString('hex')}/blobs`;
    const store = new S3BlobStore({ ...s3.storeOptions(prefix), ...options });
    stores.push(store);
    return { store, prefix };
  };
  const rawKeyBytes = async (key: string) => {
    const answer = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await answer.Body!.transformToByteArray());
  };
  const listAll = async (store: S3BlobStore) => {
    const out: string[] = [];
    for await (const h of store.list()) out.push(h);
    return out.sort();
  };

  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    for (const s of stores) s.close();
    await s3?.close();
  });

  it('keeps a blob at <prefix>/objects/ab/cd/<hash>', async () => {
    const { store, prefix } = freshStore();
    const bytes = Buffer.from('hello blobs');
    const info = await store.put(chunked(bytes));
    expect(await rawKeyBytes(keyOf(prefix, info.hash))).toEqual(bytes);
  });

  it('does not upload an object that is already there (the key keeps what it held)', async () => {
    const { store, prefix } = freshStore();
    const bytes = Buffer.from('the real content');
    const hash = sha(bytes);
    // Planted behind the store's back: if put uploaded, these bytes would be replaced.
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: keyOf(prefix, hash), Body: 'planted' }));
    expect(await store.put(bytes, { expectedHash: hash })).toEqual({ hash, size: bytes.length });
    expect(await store.put(bytes)).toEqual({ hash, size: bytes.length });
    expect((await rawKeyBytes(keyOf(prefix, hash))).toString()).toBe('planted');
  });

  describe('with objects larger than one part', () => {
    const big = randomBytes(13 * MIB + 12_345);

    it('streams them up in parts with an expected hash and reads them back byte for byte', async () => {
      const { store } = freshStore({ partSize: 5 * MIB });
      const info = await store.put(chunked(big), { expectedHash: sha(big) });
      expect(info).toEqual({ hash: sha(big), size: big.length });
      expect(sha(await read((await store.get(info.hash))!))).toBe(sha(big));
      expect(await store.sizeOf(info.hash)).toBe(big.length);
    });

    it('learns the name of one put without an expected hash (spooled) and stores it once', async () => {
      const { store } = freshStore({ partSize: 5 * MIB });
      const info = await store.put(chunked(big));
      expect(info).toEqual({ hash: sha(big), size: big.length });
      expect(sha(await read((await store.get(info.hash))!))).toBe(sha(big));
      expect(await store.put(chunked(big))).toEqual(info);
      expect(await store.put(big)).toEqual(info);
      expect(await listAll(store)).toEqual([info.hash]);
    });

    it('refuses one whose hash differs from the expected one and leaves nothing under either name', async () => {
      const { store } = freshStore({ partSize: 5 * MIB });
      const err = await errorOf(store.put(chunked(big), { expectedHash: 'f'.repeat(64) }));
      expect(err!.code).toBe('INVALID_ARGUMENT');
      expect(await store.has('f'.repeat(64))).toBe(false);
      expect(await store.has(sha(big))).toBe(false);
      expect(await listAll(store)).toEqual([]);
    });
  });

  // 2,200 requests to s3rver: seconds alone, far more on a machine busy with other work.
  it('lists every blob under its prefix, past one page of keys, and nothing else', { timeout: 120_000 }, async () => {
    const { store } = freshStore();
    const records = Array.from({ length: 1100 }, (_, i) => Buffer.from(`blob ${i}`)).map((bytes) => ({ hash: sha(bytes), bytes }));
    await store.putMany(records);
    await store.putDocument('datasets/x.json', { not: 'a blob' });
    const other = freshStore().store;
    await other.put(Buffer.from('elsewhere'));
    expect(await listAll(store)).toEqual(records.map((r) => r.hash).sort());
  });

  it('keeps JSON documents under its prefix, apart from the objects', async () => {
    const { store, prefix } = freshStore();
    expect(await store.getDocument('datasets/pets.json')).toBeUndefined();
    await store.putDocument('datasets/pets.json', { versions: [1, 2] });
    expect(await store.getDocument('datasets/pets.json')).toEqual({ versions: [1, 2] });
    expect(JSON.parse((await rawKeyBytes(`${prefix}/datasets/pets.json`)).toString())).toEqual({ versions: [1, 2] });
    for (const bad of ['../x.json', '/abs', 'a//b', 'objects/ab/cd/x', '.hidden', 'a/../b']) {
      await expect(store.putDocument(bad, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });

  it('is configured from an s3:// URL and the environment', async () => {
    const store = s3StoreFromUrl(`s3://${s3.bucket}/from-url/${randomBytes(4).toString('hex')}`, {
      FW_S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    stores.push(store);
    const info = await store.put(Buffer.from('via url'));
    expect((await read((await store.get(info.hash))!)).toString()).toBe('via url');
  });

  it('reports a bucket that does not exist as NOT_FOUND', async () => {
    const store = new S3BlobStore({ ...s3.storeOptions('p'), bucket: 'no-such-bucket' });
    stores.push(store);
    await expect(store.put(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.getDocument('datasets/x.json')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
