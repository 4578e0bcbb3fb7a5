import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashPool, type PoolJob, type PoolResult } from './hash-pool.js';
import { scanTree } from './scan.js';
import { StateIndex, stateIndexFile } from './state-index.js';

let root: string;
let stateDir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fw-state-root-'));
  stateDir = mkdtempSync(join(tmpdir(), 'fw-state-'));
  env = { FW_STATE_DIR: stateDir };
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

/** A pool that counts the files it is asked to hash. */
function countingPool(): { pool: () => HashPool; hashed: string[]; close: () => Promise<void> } {
  const real = new HashPool({ threads: 2 });
  const hashed: string[] = [];
  const pool = {
    run: (jobs: readonly PoolJob[], onResult?: (i: number, r: PoolResult) => void) => {
      for (const j of jobs) hashed.push(j.src);
      return real.run(jobs, onResult);
    },
  } as unknown as HashPool;
  return { pool: () => pool, hashed, close: () => real.close() };
}

// Files written "now" are racy (they could change again within the same mtime); age them.
const age = (path: string) => utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

describe('the state index', () => {
  it('does not hash again a file whose stat is unchanged, and does hash a changed one', async () => {
    for (const name of ['a', 'b', 'c']) {
      writeFileSync(join(root, name), name);
      age(join(root, name));
    }
    const first = countingPool();
    const one = await scanTree(root, { env, pool: first.pool });
    expect(first.hashed).toHaveLength(3);
    expect(one.hashedFiles).toBe(3);

    const second = countingPool();
    const two = await scanTree(root, { env, pool: second.pool });
    expect(second.hashed).toEqual([]);
    expect(two.files.map((f) => f.hash)).toEqual(one.files.map((f) => f.hash));

    writeFileSync(join(root, 'b'), 'changed');
    age(join(root, 'b'));
    const third = countingPool();
    const three = await scanTree(root, { env, pool: third.pool });
    expect(third.hashed).toEqual([join(root, 'b')]);
    expect(three.files.find((f) => f.path === 'b')!.hash).not.toBe(one.files.find((f) => f.path === 'b')!.hash);
    await Promise.all([first.close(), second.close(), third.close()]);
  });

  it('hashes a racy file again (modified within ~2 s of the scan that recorded it)', async () => {
    writeFileSync(join(root, 'fresh'), 'x');
    const first = countingPool();
    await scanTree(root, { env, pool: first.pool });
    const second = countingPool();
    await scanTree(root, { env, pool: second.pool });
    expect(second.hashed).toEqual([join(root, 'fresh')]);
    await Promise.all([first.close(), second.close()]);
  });

  it('is stored per root under FW_STATE_DIR and survives a reload; a damaged file is an empty index', () => {
    const index = StateIndex.load(root, env);
    const st = { size: 3, mtimeNs: 1_000_000_000n, ino: 42n, mode: 0o100644 };
    index.record('dir/ü.txt', st, 'ab'.repeat(32), 10_000_000_000n);
    index.save();
    expect(index.file).toBe(stateIndexFile(root, env));
    expect(index.file.startsWith(stateDir)).toBe(true);
    const again = StateIndex.load(root, env);
    expect(again.lookup('dir/ü.txt', st)).toBe('ab'.repeat(32));
    expect(again.lookup('dir/ü.txt', { ...st, ino: 43n })).toBeUndefined();
    expect(again.lookup('dir/ü.txt', { ...st, mtimeNs: 1_000_000_001n })).toBeUndefined();
    writeFileSync(index.file, 'garbage');
    expect(StateIndex.load(root, env).size).toBe(0);
  });

  it('round-trips 100k entries (its speed is measured in bench/data.ts)', () => {
    const index = StateIndex.load(root, env);
    const st = (i: number) => ({ size: i, mtimeNs: BigInt(i) * 1000n, ino: BigInt(i), mode: 0o100644 });
    for (let i = 0; i < 100_000; i++) index.record(`d${i % 100}/file-${i}.bin`, st(i), 'cd'.repeat(32), 10n ** 19n);
    index.save();
    const again = StateIndex.load(root, env);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (again.lookup(`d${i % 100}/file-${i}.bin`, st(i))) hits++;
    expect(hits).toBe(100_000);
  });
});
