import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../storage/index.js';
import { collectGarbage } from './gc.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const record = (text: string) => ({ hash: sha(Buffer.from(text)), bytes: Buffer.from(text) });
const LATER = () => Date.now() + 2 * 3600 * 1000;

describe('gc of the blob store', () => {
  let dir: string;
  let blobs: FsBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-gc-'));
    blobs = new FsBlobStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('deletes unreferenced loose blobs, keeps referenced ones, and changes nothing on a dry run', async () => {
    const keep = await blobs.put(Buffer.from('keep'));
    const drop = await blobs.put(Buffer.from('drop me'));
    expect(await collectGarbage(blobs, new Set([keep.hash]), { dryRun: true, now: LATER() })).toEqual({ objects: 1, bytes: 7, dryRun: true });
    expect(await blobs.has(drop.hash)).toBe(true);
    expect(await collectGarbage(blobs, new Set([keep.hash]), { dryRun: false, now: LATER() })).toEqual({ objects: 1, bytes: 7, dryRun: false });
    expect(await blobs.has(drop.hash)).toBe(false);
    expect(await blobs.has(keep.hash)).toBe(true);
  });

  it('spares blobs younger than the grace period (an add may be about to refer to them)', async () => {
    await blobs.put(Buffer.from('just uploaded'));
    expect((await collectGarbage(blobs, new Set(), { dryRun: false })).objects).toBe(0);
  });

  it('deletes a dead pack, rewrites a mostly dead one with its live objects, and leaves a mostly live one', async () => {
    const dead = ['d1', 'd2'].map(record);
    const mostlyDead = ['m-live', 'm-dead1', 'm-dead2'].map(record);
    const mostlyLive = ['l1', 'l2', 'l-dead'].map(record);
    for (const pack of [dead, mostlyDead, mostlyLive]) await blobs.putMany(pack);
    expect((await readdir(join(dir, 'packs'))).filter((n) => n.endsWith('.pack'))).toHaveLength(3);
    const live = new Set([mostlyDead[0]!.hash, mostlyLive[0]!.hash, mostlyLive[1]!.hash]);
    const result = await collectGarbage(blobs, live, { dryRun: false, now: LATER() });
    expect(result.objects).toBe(4);
    expect((await readdir(join(dir, 'packs'))).filter((n) => n.endsWith('.pack'))).toHaveLength(2);
    for (const r of [...dead, mostlyDead[1]!, mostlyDead[2]!]) expect(await blobs.has(r.hash)).toBe(false);
    for (const r of [mostlyDead[0]!, ...mostlyLive]) {
      const stream = await blobs.get(r.hash);
      const parts: Buffer[] = [];
      for await (const c of stream!) parts.push(c as Buffer);
      expect(Buffer.concat(parts).toString()).toBe(r.bytes.toString());
    }
    // A new store over the same folder sees the same packs (the indexes are the truth).
    const reopened = new FsBlobStore(dir);
    expect(await reopened.has(mostlyDead[0]!.hash)).toBe(true);
    expect(await reopened.has(dead[0]!.hash)).toBe(false);
  });
});
