import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, lstatSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdir, realpath } from 'node:fs/promises';
import { dataRoutes } from '../../contracts/data.js';
import type { DatasetVersion, ManifestEntry } from '../../core/data-types.js';
import { FlywheelError } from '../../core/errors.js';
import { decodeResponse } from '../decode.js';
import type { RestClient } from '../rest-client.js';
import { BATCH_FETCH_MAX_OBJECT, corrupted, downloadObject, fetchBatches, fetchObjects } from './object-download.js';
import type { HashPool, PoolJob, PoolResult } from './hash-pool.js';
import { ProgressCounter, type ProgressCallback } from './progress.js';
import { saveQuietly } from './scan.js';
import { nowNs, StateIndex, type StatLike } from './state-index.js';
import { TargetGuard } from './target-guard.js';
import { walk, type WalkedFile } from './walk.js';

/**
 * How checked-out files are made from a store on this machine:
 * - `auto`: a reflink (copy-on-write clone) where the filesystem can, else a copy;
 * - `reflink`: the same (a copy where cloning is not possible);
 * - `hardlink`: a hard link to the stored object. The file IS the object, shared with the
 *   store and with every other checkout: it is made read-only (write bits cleared on the
 *   object itself) and must stay so, since writing to it in place would corrupt the store.
 *   Its mode is the object's, so two files with the same bytes and different modes share one.
 *   Falls back to a copy when linking is refused (another filesystem, fs.protected_hardlinks);
 * - `copy`: a plain copy.
 * Without a store reachable from here, every mode downloads.
 */
export type LinkMode = 'auto' | 'reflink' | 'hardlink' | 'copy';

export interface CheckoutOptions {
  mode?: LinkMode;
  /** Remove files (and symlinks) in the target that the version does not have. */
  clean?: boolean;
  onProgress?: ProgressCallback;
}

export interface CheckoutResult {
  version: DatasetVersion;
  target: string;
  files: number;
  bytes: number;
  /** Already there with the right bytes. */
  unchanged: number;
  reflinked: number;
  hardlinked: number;
  copied: number;
  downloaded: number;
  /** Removed by `clean`. */
  removed: number;
}

interface Deps {
  rest: RestClient;
  env: NodeJS.ProcessEnv;
  pool: () => HashPool;
}

interface Plan {
  entry: ManifestEntry;
  /** Known to have the right bytes. */
  present: boolean;
  /** What is there now, if anything. */
  existing?: WalkedFile;
}

// Small objects have no batch download: many requests in flight hide the round trips.
const DOWNLOADS_IN_FLIGHT = 16;

/** See DataClient.checkout. */
export async function checkoutTree(
  deps: Deps,
  args: { version: DatasetVersion; entries: ManifestEntry[]; target: string; options: CheckoutOptions },
): Promise<CheckoutResult> {
  const { version, entries, options } = args;
  const mode = options.mode ?? 'auto';
  const clean = options.clean ?? false;
  await mkdir(args.target, { recursive: true });
  const root = await realpath(args.target);
  const scanStart = nowNs();
  const tree = walk(root);
  const index = StateIndex.load(root, deps.env);
  const existing = new Map(tree.files.map((f) => [f.path, f]));
  const wanted = new Set(entries.map((e) => e.path));
  const result: CheckoutResult = {
    version, target: root, files: entries.length, bytes: 0, unchanged: 0, reflinked: 0, hardlinked: 0, copied: 0, downloaded: 0, removed: 0,
  };

  const plans: Plan[] = entries.map((entry) => {
    result.bytes += entry.size;
    const there = existing.get(entry.path);
    if (!there) return { entry, present: false };
    return { entry, present: index.lookup(entry.path, there) === entry.hash, existing: there };
  });
  // Same size but not vouched for by the index: hash it, it may well be right already.
  const unsure = plans.filter((p) => !p.present && p.existing && p.existing.size === p.entry.size);
  if (unsure.length > 0) {
    const hashed = await deps.pool().run(unsure.map((p) => ({ op: 'hash', src: p.existing!.abs, size: p.existing!.size })));
    unsure.forEach((p, i) => {
      if (hashed[i]!.hash === p.entry.hash) {
        p.present = true;
        index.record(p.entry.path, p.existing!, p.entry.hash, scanStart);
      }
    });
  }

  if (clean) result.removed = removeExtras(root, tree, wanted, index);

  const progress = new ProgressCounter('checkout', entries.length, result.bytes, options.onProgress);
  const guard = new TargetGuard(root, clean);
  const todo: ManifestEntry[] = [];
  for (const p of plans) {
    if (p.present) {
      result.unchanged++;
      progress.add(1, p.entry.size);
      fixMode(root, p, mode, index, scanStart);
      continue;
    }
    guard.prepare(p.entry.path);
    guard.clearForFile(p.entry.path);
    todo.push(p.entry);
  }
  progress.report();

  const failures: FlywheelError[] = [];
  const placed = (e: ManifestEntry, st: StatLike): void => {
    index.record(e.path, st, e.hash, scanStart);
    progress.add(1, e.size);
  };
  let remote = todo;
  const store = todo.length > 0 ? await localStore(deps.rest) : undefined;
  if (store !== undefined) {
    remote = [];
    const op = mode === 'hardlink' ? 'link' : mode === 'copy' ? 'copy' : 'reflink';
    const jobs: PoolJob[] = todo.map((e) => ({ op, src: objectPath(store, e.hash), dst: `${root}/${e.path}`, expect: e.hash, mode: e.mode, size: e.size }));
    await deps.pool().run(jobs, (i, r) => {
      const e = todo[i]!;
      if (r.error === undefined) {
        count(result, r.how);
        placed(e, statOf(r));
      } else if (r.code === 'ENOENT' && !lstatQuiet(jobs[i]!.src)) {
        remote.push(e); // not in the local store (another backend holds it): download it
      } else {
        failures.push(r.error === 'mismatch' ? corrupted(e.hash, e.path, r.hash ?? '?') : writeFailure(root, e, r));
      }
    });
  }
  if (remote.length > 0) await downloadAll(deps, { root, entries: remote, result, placed, failures });

  const present = new Set([...wanted].filter((p) => index.get(p) !== undefined));
  index.retain((p) => present.has(p));
  saveQuietly(index);
  progress.finish();
  if (failures.length > 0) {
    const first = failures[0]!;
    throw new FlywheelError(first.code, failures.length > 1 ? `${first.message} (and ${failures.length - 1} more failures)` : first.message, { cause: first });
  }
  return result;
}

/** Downloads each object once, then copies it (verified) to the other paths that have the same bytes. */
async function downloadAll(
  deps: Deps,
  args: { root: string; entries: ManifestEntry[]; result: CheckoutResult; placed: (e: ManifestEntry, st: StatLike) => void; failures: FlywheelError[] },
): Promise<void> {
  const { root, result, placed, failures } = args;
  const byHash = new Map<string, ManifestEntry[]>();
  for (const e of args.entries) {
    const group = byHash.get(e.hash);
    if (group) group.push(e);
    else byHash.set(e.hash, [e]);
  }
  const groups = [...byHash.values()];
  const copies: PoolJob[] = [];
  // Small objects come many to a response; large ones stream one per request.
  const small = groups.filter((g) => g[0]!.size <= BATCH_FETCH_MAX_OBJECT);
  for (const batch of fetchBatches(small.map((g) => ({ group: g, size: g[0]!.size })))) {
    if (failures.length > 0) break;
    const byFirstHash = new Map(batch.map((b) => [b.group[0]!.hash, b.group]));
    try {
      for await (const { hash, bytes } of fetchObjects(deps.rest, [...byFirstHash.keys()], (h) => byFirstHash.get(h)![0]!.path)) {
        const [first, ...rest] = byFirstHash.get(hash)!;
        placed(first!, writeSmallFile(`${root}/${first!.path}`, bytes, first!.mode));
        result.downloaded++;
        for (const e of rest) {
          placed(e, writeSmallFile(`${root}/${e.path}`, bytes, e.mode));
          result.downloaded++;
        }
      }
    } catch (e) {
      failures.push(e instanceof FlywheelError ? e : new FlywheelError('INTERNAL', `cannot write under ${root}: ${(e as Error).message}`, { cause: e }));
    }
  }
  groups.splice(0, groups.length, ...groups.filter((g) => g[0]!.size > BATCH_FETCH_MAX_OBJECT));
  const copyOf: ManifestEntry[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length && failures.length === 0) {
      const [first, ...rest] = groups[next++]!;
      try {
        const st = await downloadObject(deps.rest, { hash: first!.hash, dst: `${root}/${first!.path}`, mode: first!.mode, path: first!.path });
        result.downloaded++;
        placed(first!, st);
        for (const e of rest) {
          copies.push({ op: 'copy', src: `${root}/${first!.path}`, dst: `${root}/${e.path}`, expect: e.hash, mode: e.mode, size: e.size });
          copyOf.push(e);
        }
      } catch (e) {
        failures.push(e instanceof FlywheelError ? e : new FlywheelError('INTERNAL', `cannot write ${root}/${first!.path}: ${(e as Error).message}`, { cause: e }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DOWNLOADS_IN_FLIGHT, groups.length) }, worker));
  if (copies.length === 0 || failures.length > 0) return;
  await deps.pool().run(copies, (i, r) => {
    const e = copyOf[i]!;
    if (r.error === undefined) {
      result.downloaded++;
      placed(e, statOf(r));
    } else {
      failures.push(r.error === 'mismatch' ? corrupted(e.hash, e.path, r.hash ?? '?') : writeFailure(root, e, r));
    }
  });
}

/**
 * The server's folder of loose objects when this machine can read it (the server runs here,
 * or shares the disk); else undefined (download everything). Objects not there as files
 * (small ones the server packs, or kept by another backend) are downloaded.
 */
async function localStore(rest: RestClient): Promise<string | undefined> {
  let root: string | null;
  try {
    root = decodeResponse(dataRoutes.location, await rest.request('GET', '/api/v1/objects/location')).local_root;
  } catch (e) {
    if (e instanceof FlywheelError && e.code === 'NOT_FOUND') return undefined; // an older server
    throw e;
  }
  if (root === null || root === '') return undefined;
  try {
    accessSync(root, constants.R_OK | constants.X_OK);
    return lstatSync(root).isDirectory() ? root : undefined;
  } catch {
    return undefined;
  }
}

export const objectPath = (root: string, hash: string): string => `${root}/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;

function count(result: CheckoutResult, how: PoolResult['how']): void {
  if (how === 'reflink') result.reflinked++;
  else if (how === 'hardlink') result.hardlinked++;
  else result.copied++;
}

const statOf = (r: PoolResult): StatLike => {
  const [size, mtimeNs, ino, mode] = r.stat!;
  return { size: Number(size), mtimeNs: BigInt(mtimeNs), ino: BigInt(ino), mode };
};

/** A file already right but with other permission bits gets the manifest's (not a hardlink: its mode is the object's). */
function fixMode(root: string, p: Plan, mode: LinkMode, index: StateIndex, scanStart: bigint): void {
  const there = p.existing!;
  if ((there.mode & 0o777) === p.entry.mode || mode === 'hardlink') return;
  try {
    chmodSync(there.abs, p.entry.mode);
    index.record(p.entry.path, { ...there, mode: (there.mode & ~0o777) | p.entry.mode }, p.entry.hash, scanStart);
  } catch (e) {
    throw new FlywheelError('FAILED_PRECONDITION', `cannot set the mode of ${root}/${p.entry.path}: ${(e as Error).message}`);
  }
}

/** Removes what the target has and the version does not (files, symlinks, others), then the folders left empty. */
function removeExtras(root: string, tree: ReturnType<typeof walk>, wanted: Set<string>, index: StateIndex): number {
  let removed = 0;
  const folders = new Set<string>();
  for (const path of [...tree.files.map((f) => f.path), ...tree.symlinks, ...tree.special]) {
    if (wanted.has(path)) continue;
    rmSync(`${root}/${path}`, { force: true });
    index.delete(path);
    removed++;
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) folders.add(path.slice(0, cut));
  }
  const needed = new Set<string>();
  for (const p of wanted) for (let cut = p.lastIndexOf('/'); cut > 0; cut = p.lastIndexOf('/', cut - 1)) needed.add(p.slice(0, cut));
  // Deepest first, so a parent is empty by the time it is looked at.
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) {
    if (needed.has(dir)) continue;
    try {
      if (readdirSync(`${root}/${dir}`).length === 0) rmdirSync(`${root}/${dir}`);
    } catch {
      // Not empty after all (ignored files), or already gone.
    }
  }
  return removed;
}

function lstatQuiet(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

const writeFailure = (root: string, e: ManifestEntry, r: PoolResult): FlywheelError =>
  new FlywheelError('FAILED_PRECONDITION', `cannot write ${root}/${e.path}: ${r.error ?? 'unknown error'}`);

/**
 * Writes a small file beside its final path and renames it into place (so a symlink there
 * is replaced, never written through). Synchronous calls: for many small files they cost a
 * fifth of the promise API's round trips through the thread pool.
 */
function writeSmallFile(dst: string, bytes: Buffer, mode: number): StatLike {
  const tmp = `${dirname(dst)}/.fw-tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(tmp, bytes, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, dst);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const st = lstatSync(dst, { bigint: true });
  return { size: Number(st.size), mtimeNs: st.mtimeNs, ino: st.ino, mode: Number(st.mode) };
}
