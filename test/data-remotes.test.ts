import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, type DatasetVersion, type ManifestEntry } from '../src/core/data-types.js';
import { FlywheelError } from '../src/core/index.js';
import { pullDataset, pushDataset, type RemoteStore, type TransferProgress } from '../src/data/remotes/index.js';
import { FsBlobStore } from '../src/storage/index.js';
import { S3BlobStore } from '../src/storage/blobs/s3/s3-blob-store.js';
import { s3SkipReason, startTestS3, type TestS3 } from './support/s3-server.js';

/* Pushing and pulling datasets between a file blob store and a real S3-protocol server (s3rver). */

const SKIP = s3SkipReason();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const read = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};
const keyOf = (prefix: string, hash: string) => `${prefix}/objects/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as FlywheelError);

interface Fixture {
  versions: DatasetVersion[];
  /** Every object of both versions: files and manifests. */
  hashes: Set<string>;
  /** A small and a large file object. */
  small: string;
  large: string;
}

/** Two versions of `pets` in `store`: 300 small files and 3 large ones (1.5 MiB, streamed rather than batched); v2 adds to v1. */
async function makeDataset(store: FsBlobStore): Promise<Fixture> {
  const small = Array.from({ length: 300 }, (_, i) => Buffer.concat([Buffer.from(`file ${i}\n`), randomBytes(200 + ((i * 37) % 2800))]));
  const large = Array.from({ length: 3 }, () => randomBytes(1.5 * 1024 * 1024));
  await store.putMany(small.map((bytes) => ({ hash: sha(bytes), bytes })));
  for (const bytes of large) await store.put(bytes);
  const entry = (path: string, bytes: Buffer): ManifestEntry => ({ path, hash: sha(bytes), size: bytes.length, mode: 0o644 });
  const all = [
    ...small.map((b, i) => entry(`images/${String(i).padStart(4, '0')}.bin`, b)),
    ...large.map((b, i) => entry(`weights/shard-${i}.bin`, b)),
    entry('copy-of-0.bin', small[0]!),
  ];
  const v1Files = all.filter((e) => !e.path.startsWith('images/02') && e.path !== 'weights/shard-2.bin');
  const versions: DatasetVersion[] = [];
  const hashes = new Set<string>();
  for (const [i, files] of [v1Files, all].entries()) {
    files.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    const manifest = Buffer.from(JSON.stringify({ format: MANIFEST_FORMAT, files: files.map((e) => [e.path, e.hash, e.size, e.mode]) }));
    const { hash } = await store.put(manifest);
    hashes.add(hash);
    for (const e of files) hashes.add(e.hash);
    versions.push({
      dataset: 'pets',
      version: i + 1,
      manifestHash: hash,
      digest: hash.slice(0, 32),
      message: `version ${i + 1}`,
      author: 'tester',
      createdTime: 1_760_000_000_000 + i,
      parent: i === 0 ? null : i,
      tags: i === 1 ? ['train-v3'] : [],
      fileCount: files.length,
      totalBytes: files.reduce((n, e) => n + e.size, 0),
    });
  }
  return { versions, hashes, small: sha(small[5]!), large: sha(large[1]!) };
}

/** A remote whose connection "drops" after `budget` objects were written: every later write throws. */
function droppingAfter(inner: S3BlobStore, budget: number): RemoteStore {
  let left = budget;
  const spend = () => {
    if (left <= 0) throw new Error('connection reset by peer (test)');
    left -= 1;
  };
  return {
    url: inner.url,
    put: async (content, options) => {
      try {
        spend();
      } catch (e) {
        if (!Buffer.isBuffer(content)) content.destroy();
        throw e;
      }
      return inner.put(content, options);
    },
    putMany: async (records) => {
      const total = { stored: 0, bytes: 0 };
      for (const r of records) {
        spend();
        const one = await inner.putMany([r]);
        total.stored += one.stored;
        total.bytes += one.bytes;
      }
      return total;
    },
    get: (hash) => inner.get(hash),
    has: (hash) => inner.has(hash),
    missing: (hashes) => inner.missing(hashes),
    delete: (hash) => inner.delete(hash),
    list: () => inner.list(),
    sizeOf: (hash) => inner.sizeOf(hash),
    putDocument: (key, document) => inner.putDocument(key, document),
    getDocument: (key) => inner.getDocument(key),
  };
}

describe.skipIf(SKIP)(`datasets pushed to and pulled from an S3 remote${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  let s3: TestS3;
  let dir: string;
  let local: FsBlobStore;
  let data: Fixture;
  let n = 0;
  const remotes: S3BlobStore[] = [];
  const freshRemote = () => {
    const prefix = `r${++n}-${randomBytes(4).toString('hex')}`;
    const remote = new S3BlobStore(s3.storeOptions(prefix));
    remotes.push(remote);
    return { remote, prefix };
  };
  const freshLocal = async () => new FsBlobStore(await mkdtemp(join(dir, 'pulled-')));
  const listed = async (store: { list(): AsyncIterable<string> }) => {
    const hashes: string[] = [];
    for await (const hash of store.list()) hashes.push(hash);
    return hashes;
  };
  const countObjects = async (store: { list(): AsyncIterable<string> }) => (await listed(store)).length;
  /**
   * One remote with both versions pushed, shared by the tests that need a pushed remote and
   * not a push of their own: a push of the fixture is ~900 requests, which s3rver answers
   * one at a time. The first test to ask pushes it; what that push reported is kept.
   */
  let pushed: Promise<{ remote: S3BlobStore; prefix: string; result: Awaited<ReturnType<typeof pushDataset>>; progress: TransferProgress[] }> | undefined;
  const pushedRemote = () =>
    (pushed ??= (async () => {
      const { remote, prefix } = freshRemote();
      const progress: TransferProgress[] = [];
      const result = await pushDataset({ dataset: 'pets', local, remote, versions: data.versions, onProgress: (p) => progress.push(p) });
      return { remote, prefix, result, progress };
    })());

  beforeAll(async () => {
    s3 = await startTestS3();
    dir = await mkdtemp(join(tmpdir(), 'fw-remotes-'));
    local = new FsBlobStore(join(dir, 'local'));
    data = await makeDataset(local);
  });
  afterAll(async () => {
    for (const r of remotes) r.close();
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('pushing', () => {
    it('copies every object, then writes the dataset record with the versions in snake_case', async () => {
      const { remote, result, progress: seen } = await pushedRemote();
      expect(result).toMatchObject({ objects: data.hashes.size, skipped: 0 });
      // One listing, not a HEAD per object: s3rver answers one request at a time.
      expect((await listed(remote)).sort()).toEqual([...data.hashes].sort());
      const v2 = data.versions[1]!;
      expect(await remote.getDocument('datasets/pets.json')).toMatchObject({
        format: 'flywheel.remote-dataset/1',
        dataset: 'pets',
        versions: [
          { version: 1, manifest_hash: data.versions[0]!.manifestHash, parent: null },
          {
            dataset: 'pets',
            version: 2,
            manifest_hash: v2.manifestHash,
            digest: v2.digest,
            message: v2.message,
            author: v2.author,
            created_time: v2.createdTime,
            parent: 1,
            tags: ['train-v3'],
            file_count: v2.fileCount,
            total_bytes: v2.totalBytes,
          },
        ],
      });
      const last = seen.at(-1)!;
      expect(last.objects).toBe(last.totalObjects);
      expect(last.totalObjects).toBe(data.hashes.size);
      expect(last.bytes).toBe(result.bytes);
      expect(seen.every((p, i) => i === 0 || p.objects >= seen[i - 1]!.objects)).toBe(true);
    });

    it('copies nothing the second time', async () => {
      const { remote } = await pushedRemote();
      const again = await pushDataset({ dataset: 'pets', local, remote, versions: data.versions });
      expect(again).toMatchObject({ objects: 0, bytes: 0, skipped: data.hashes.size });
    });

    it('copies only what a later version adds', async () => {
      const { remote } = freshRemote();
      const first = await pushDataset({ dataset: 'pets', local, remote, versions: [data.versions[0]!] });
      const second = await pushDataset({ dataset: 'pets', local, remote, versions: [data.versions[1]!] });
      expect(first.objects + second.objects).toBe(data.hashes.size);
      expect(second.skipped).toBeGreaterThan(0);
      expect(second.versions.map((v) => v.version)).toEqual([1, 2]);
    });

    it('leaves no record when interrupted, and a re-run copies only what is still missing', async () => {
      const { remote } = freshRemote();
      const err = await errorOf(pushDataset({ dataset: 'pets', local, remote: droppingAfter(remote, 120), versions: data.versions }));
      expect(err?.message).toMatch(/connection reset/);
      expect(await remote.getDocument('datasets/pets.json')).toBeUndefined();
      const landed = await countObjects(remote);
      expect(landed).toBe(120);
      const rerun = await pushDataset({ dataset: 'pets', local, remote, versions: data.versions });
      expect(rerun).toMatchObject({ objects: data.hashes.size - landed, skipped: landed });
      expect(await countObjects(remote)).toBe(data.hashes.size);
      expect(await remote.getDocument('datasets/pets.json')).toMatchObject({ versions: [{ version: 1 }, { version: 2 }] });
    });

    it('refuses (CONFLICT) a version number the remote holds with other contents, before copying anything', async () => {
      const { remote } = freshRemote();
      await pushDataset({ dataset: 'pets', local, remote, versions: [data.versions[0]!] });
      const before = await countObjects(remote);
      const diverged = { ...data.versions[1]!, version: 1, parent: null };
      const err = await errorOf(pushDataset({ dataset: 'pets', local, remote, versions: [diverged] }));
      expect(err?.code).toBe('CONFLICT');
      expect(await countObjects(remote)).toBe(before);
    });
  });

  describe('pulling', () => {
    let remote: S3BlobStore;
    let prefix: string;
    beforeAll(async () => {
      ({ remote, prefix } = await pushedRemote());
    });

    it('brings every object into an empty store byte for byte, and answers the version records', async () => {
      const target = await freshLocal();
      const seen: TransferProgress[] = [];
      const result = await pullDataset({ dataset: 'pets', remote, local: target, onProgress: (p) => seen.push(p) });
      expect(result.versions).toEqual(data.versions);
      expect(result).toMatchObject({ objects: data.hashes.size, skipped: 0 });
      for (const h of data.hashes) expect((await read((await target.get(h))!)).equals(await read((await local.get(h))!))).toBe(true);
      expect(seen.at(-1)).toMatchObject({ objects: data.hashes.size, totalObjects: data.hashes.size });
      const again = await pullDataset({ dataset: 'pets', remote, local: target });
      expect(again).toMatchObject({ objects: 0, skipped: data.hashes.size });
    });

    it('fetches only the versions asked for', async () => {
      const target = await freshLocal();
      const result = await pullDataset({ dataset: 'pets', remote, local: target, versions: [1] });
      expect(result.versions).toEqual([data.versions[0]]);
      expect(result.objects).toBeLessThan(data.hashes.size);
      expect(await target.has(data.versions[1]!.manifestHash)).toBe(false);
    });

    it('says NOT_FOUND for a dataset or a version the remote does not have', async () => {
      const target = await freshLocal();
      expect((await errorOf(pullDataset({ dataset: 'cats', remote, local: target })))?.code).toBe('NOT_FOUND');
      expect((await errorOf(pullDataset({ dataset: 'pets', remote, local: target, versions: [9] })))?.code).toBe('NOT_FOUND');
    });

    it('detects objects corrupted on the remote, stores none of them and answers no version; a re-run after repair fetches only those', async () => {
      // The shared pushed remote, damaged and then repaired whatever happens, rather than a
      // push of its own.
      const original = new Map<string, Buffer>();
      const restore = async () => {
        for (const [hash, bytes] of original) {
          await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: keyOf(prefix, hash), Body: bytes }));
        }
      };
      try {
        for (const hash of [data.small, data.large]) {
          const key = keyOf(prefix, hash);
          const answer = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
          const bytes = Buffer.from(await answer.Body!.transformToByteArray());
          original.set(hash, bytes);
          // Same length, one bit flipped: only the hash can tell.
          const bad = Buffer.from(bytes);
          bad[bad.length >> 1]! ^= 1;
          await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bad }));
        }
        const target = await freshLocal();
        const err = await errorOf(pullDataset({ dataset: 'pets', remote, local: target }));
        expect(err).toBeInstanceOf(FlywheelError);
        expect(err!.code).toBe('FAILED_PRECONDITION');
        expect(err!.issues.map((i) => i.path).sort()).toEqual([data.small, data.large].sort());
        expect(await target.has(data.small)).toBe(false);
        expect(await target.has(data.large)).toBe(false);
        expect(await countObjects(target)).toBe(data.hashes.size - 2);

        await restore();
        const repaired = await pullDataset({ dataset: 'pets', remote, local: target });
        expect(repaired).toMatchObject({ objects: 2, skipped: data.hashes.size - 2 });
        expect(repaired.versions).toEqual(data.versions);
      } finally {
        await restore();
      }
    });

    it('refuses a dataset record that is not one (FAILED_PRECONDITION)', async () => {
      const { remote: odd } = freshRemote();
      await odd.putDocument('datasets/pets.json', { format: 'flywheel.remote-dataset/1', dataset: 'pets', versions: [{ version: 'one' }] });
      const err = await errorOf(pullDataset({ dataset: 'pets', remote: odd, local: await freshLocal() }));
      expect(err?.code).toBe('FAILED_PRECONDITION');
      expect(err?.issues.length).toBeGreaterThan(0);
    });
  });
});
