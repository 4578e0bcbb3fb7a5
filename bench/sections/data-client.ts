import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Flywheel, type DataProgress } from '../../src/sdk/index.js';
import { StateIndex } from '../../src/sdk/data/state-index.js';
import { HashPool } from '../../src/sdk/data/hash-pool.js';
import { walk } from '../../src/sdk/data/walk.js';

const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100;

/** One timed call, with when each phase reported its last progress (seconds from the start). */
export interface Timed<T> {
  seconds: number;
  phases: Record<string, number>;
  result: T;
}

export async function timed<T>(work: (onProgress: (p: DataProgress) => void) => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const result = await work((p) => {
    phases[p.phase] = seconds(started);
  });
  return { seconds: seconds(started), phases, result };
}

/** Our hash pool alone over a tree (no state index, no server): the client's hashing speed. */
export async function hashOnly(root: string): Promise<{ seconds: number; walkSeconds: number; files: number }> {
  const started = performance.now();
  const tree = walk(root);
  const walkSeconds = seconds(started);
  const pool = new HashPool();
  try {
    const jobs = tree.files.sort((a, b) => b.size - a.size).map((f) => ({ op: 'hash' as const, src: f.abs, size: f.size }));
    await pool.run(jobs);
  } finally {
    await pool.close();
  }
  return { seconds: seconds(started), walkSeconds, files: tree.files.length };
}

/** Where an unchanged status spends its time: the walk (readdir + lstat) and the state index. */
export function statusParts(root: string, env: NodeJS.ProcessEnv): { walkSeconds: number; indexLoadSeconds: number; lookupSeconds: number; entries: number } {
  let t = performance.now();
  const tree = walk(root);
  const walkSeconds = seconds(t);
  t = performance.now();
  const index = StateIndex.load(tree.root, env);
  const indexLoadSeconds = seconds(t);
  t = performance.now();
  let hits = 0;
  for (const f of tree.files) if (index.lookup(f.path, f)) hits++;
  const lookupSeconds = seconds(t);
  if (hits !== tree.files.length) throw new Error(`the state index vouched for ${hits} of ${tree.files.length} files`);
  return { walkSeconds, indexLoadSeconds, lookupSeconds, entries: index.size };
}

export function client(url: string, stateDir: string): { fw: Flywheel; env: NodeJS.ProcessEnv } {
  const env = { ...process.env, FW_STATE_DIR: stateDir };
  return { fw: new Flywheel({ trackingUri: url, env, timeoutMs: 600_000 }), env };
}

export const clearDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });
export const inDir = (dir: string, name: string): string => join(dir, name);
