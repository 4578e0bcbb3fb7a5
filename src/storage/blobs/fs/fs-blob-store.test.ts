import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../../core/index.js';
import { FsBlobStore } from './fs-blob-store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const read = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

describe('the filesystem blob store', () => {
  let dir: string;
  let store: FsBlobStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-blobs-'));
    store = new FsBlobStore(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a blob by the sha256 of its bytes and reads it back', async () => {
    const bytes = Buffer.from('hello blobs');
    const info = await store.put(Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]));
    expect(info).toEqual({ hash: sha(bytes), size: bytes.length });
    expect(await read((await store.get(info.hash))!)).toEqual(bytes);
    expect(await store.has(info.hash)).toBe(true);
  });

  it('stores the same content once', async () => {
    const a = await store.put(Buffer.from('same'));
    const b = await store.put(Buffer.from('same'));
    expect(a.hash).toBe(b.hash);
  });

  it('refuses content whose hash differs from the expected one and leaves no temp file behind', async () => {
    const err = await store.put(Buffer.from('x'), { expectedHash: '0'.repeat(64) }).catch((e: unknown) => e);
    expect((err as FlywheelError).code).toBe('INVALID_ARGUMENT');
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('answers undefined for a missing blob and refuses a name that is not a hash', async () => {
    expect(await store.get('a'.repeat(64))).toBeUndefined();
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(FlywheelError);
  });

  it('deletes a blob', async () => {
    const info = await store.put(Buffer.from('gone soon'));
    await store.delete(info.hash);
    expect(await store.has(info.hash)).toBe(false);
  });
});
