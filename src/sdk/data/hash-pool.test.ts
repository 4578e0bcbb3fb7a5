import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from './hash-pool.js';

let dir: string;
const pool = new HashPool({ threads: 3 });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fw-hash-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HashPool', () => {
  it('hashes files of every size like node:crypto, 0 bytes and more than a chunk (1 MiB) included', async () => {
    const sizes = [0, 1, 100, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17, 9 << 20];
    const files = sizes.map((size, i) => {
      const bytes = randomBytes(size);
      const path = join(dir, `f${i}`);
      writeFileSync(path, bytes);
      return { path, size, hash: sha(bytes) };
    });
    const results = await pool.run(files.map((f) => ({ op: 'hash', src: f.path, size: f.size })));
    expect(results.map((r) => r.hash)).toEqual(files.map((f) => f.hash));
    expect(results.map((r) => r.size)).toEqual(sizes);
  });

  it('hashes many small files (batched), reporting each once', async () => {
    const files = Array.from({ length: 1500 }, (_, i) => {
      const bytes = randomBytes(i % 97);
      const path = join(dir, `small${i}`);
      writeFileSync(path, bytes);
      return { path, hash: sha(bytes), size: bytes.length };
    });
    const seen: number[] = [];
    const results = await pool.run(files.map((f) => ({ op: 'hash', src: f.path, size: f.size })), (i) => seen.push(i));
    expect(results.map((r) => r.hash)).toEqual(files.map((f) => f.hash));
    expect(seen.sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
  });

  it('runs concurrent calls to completion', async () => {
    const path = join(dir, 'shared');
    writeFileSync(path, 'abc');
    const jobs = Array.from({ length: 600 }, () => ({ op: 'hash' as const, src: path, size: 3 }));
    const [a, b] = await Promise.all([pool.run(jobs), pool.run(jobs)]);
    expect(new Set([...a, ...b].map((r) => r.hash))).toEqual(new Set([sha(Buffer.from('abc'))]));
  });

  it('reports a file it cannot read as an error with its code', async () => {
    const [r] = await pool.run([{ op: 'hash', src: join(dir, 'missing'), size: 0 }]);
    expect(r).toMatchObject({ code: 'ENOENT' });
    expect(r!.hash).toBeUndefined();
  });

  it('copies with verification, sets the mode, and replaces a symlink instead of writing through it', async () => {
    const src = join(dir, 'object');
    writeFileSync(src, 'payload');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    const dst = join(dir, 'placed');
    symlinkSync(victim, dst);
    const [r] = await pool.run([{ op: 'copy', src, dst, expect: sha(Buffer.from('payload')), mode: 0o640, size: 7 }]);
    expect(r).toMatchObject({ how: 'copy', size: 7 });
    expect(readFileSync(dst, 'utf8')).toBe('payload');
    expect(statSync(dst).mode & 0o777).toBe(0o640);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });

  it('refuses bytes that do not hash to the expected hash, leaving nothing behind', async () => {
    const src = join(dir, 'bad-object');
    writeFileSync(src, 'tampered');
    const dst = join(dir, 'never');
    const [r] = await pool.run([{ op: 'reflink', src, dst, expect: 'a'.repeat(64), mode: 0o644, size: 8 }]);
    expect(r).toMatchObject({ error: 'mismatch', hash: sha(Buffer.from('tampered')) });
    expect(() => statSync(dst)).toThrow();
  });

  it('hardlinks to a read-only object', async () => {
    const src = join(dir, 'linkable');
    writeFileSync(src, 'shared bytes');
    chmodSync(src, 0o644);
    const dst = join(dir, 'linked');
    const [r] = await pool.run([{ op: 'link', src, dst, expect: sha(Buffer.from('shared bytes')), mode: 0o644, size: 12 }]);
    expect(r!.how).toBe('hardlink');
    expect(statSync(dst).ino).toBe(statSync(src).ino);
    expect(statSync(src).mode & 0o222).toBe(0);
  });
});
