import { FlywheelError, invalidArgument } from '../../core/errors.js';
import type { ManifestEntry } from '../../core/data-types.js';
import type { HashPool, PoolResult } from './hash-pool.js';
import { ProgressCounter, type ProgressCallback } from './progress.js';
import { nowNs, StateIndex } from './state-index.js';
import { walk, type WalkedFile, type WalkOptions } from './walk.js';

/** A file of the tree as it will go in a manifest, with where it is on disk. */
export interface ScannedFile extends ManifestEntry {
  abs: string;
}

export interface ScanResult {
  root: string;
  files: ScannedFile[];
  /** Symbolic links found and skipped (never followed). */
  symlinks: string[];
  /** Sockets, FIFOs and devices skipped. */
  special: string[];
  /** Files hashed this time (the others' stat matched the state index). */
  hashedFiles: number;
  /** Which files the state index vouched for (not hashed now). */
  fromIndex: (file: ScannedFile) => boolean;
  hashedBytes: number;
}

export interface ScanOptions extends WalkOptions {
  env: NodeJS.ProcessEnv;
  pool: () => HashPool;
  onProgress?: ProgressCallback;
  /** Told of each file hashed now as soon as its hash is known (before the scan ends), for pipelines. */
  onHashed?: (file: ScannedFile) => void;
}

/**
 * The tree's files with their hashes: walk, take the hashes the state index still vouches for,
 * hash the rest over all cores, and save the index. Hashing starts with the largest files,
 * which spreads the work best.
 */
export async function scanTree(target: string, options: ScanOptions): Promise<ScanResult> {
  const scanStart = nowNs();
  const tree = walk(target, options);
  if (tree.invalid.length > 0) {
    throw invalidArgument(
      `${tree.invalid.length} file name(s) cannot be stored (a backslash or another character a dataset path may not have): ${tree.invalid.slice(0, 5).join(', ')}`,
      tree.invalid.slice(0, 20).map((path) => ({ path, message: 'not a valid dataset path' })),
    );
  }
  const index = StateIndex.load(tree.root, options.env);
  const files: ScannedFile[] = new Array<ScannedFile>(tree.files.length);
  const toHash: { at: number; file: WalkedFile }[] = [];
  let totalBytes = 0;
  let knownBytes = 0;
  tree.files.forEach((f, at) => {
    totalBytes += f.size;
    const hash = index.lookup(f.path, f);
    if (hash === undefined) {
      toHash.push({ at, file: f });
    } else {
      knownBytes += f.size;
      files[at] = entry(f, hash);
    }
  });
  const progress = new ProgressCounter('hash', tree.files.length, totalBytes, options.onProgress);
  progress.add(tree.files.length - toHash.length, knownBytes);
  progress.report();

  let hashedBytes = 0;
  if (toHash.length > 0) {
    toHash.sort((a, b) => b.file.size - a.file.size);
    const failures: { file: WalkedFile; result: PoolResult }[] = [];
    await options.pool().run(
      toHash.map((t) => ({ op: 'hash', src: t.file.abs, size: t.file.size })),
      (i, result) => {
        const { at, file } = toHash[i]!;
        if (result.hash === undefined || result.size !== file.size) return void failures.push({ file, result });
        const scanned = entry(file, result.hash);
        files[at] = scanned;
        hashedBytes += file.size;
        index.record(file.path, file, result.hash, scanStart);
        progress.add(1, file.size);
        options.onHashed?.(scanned);
      },
    );
    if (failures.length > 0) throw scanFailure(failures[0]!.file, failures[0]!.result, failures.length);
  }
  progress.finish();
  const present = new Set(tree.files.map((f) => f.path));
  index.retain((p) => present.has(p));
  saveQuietly(index);
  const hashedNow = new Set(toHash.map((t) => t.file.path));
  return {
    root: tree.root,
    files,
    symlinks: tree.symlinks,
    special: tree.special,
    hashedFiles: toHash.length,
    hashedBytes,
    fromIndex: (f) => !hashedNow.has(f.path),
  };
}

const entry = (f: WalkedFile, hash: string): ScannedFile => ({ path: f.path, hash, size: f.size, mode: f.mode & 0o777, abs: f.abs });

function scanFailure(file: WalkedFile, result: PoolResult, count: number): FlywheelError {
  const more = count > 1 ? ` (and ${count - 1} more)` : '';
  if (result.error === undefined) {
    return new FlywheelError('FAILED_PRECONDITION', `${file.abs} changed while it was being read${more}; run the command again`);
  }
  if (result.code === 'ENOENT') {
    return new FlywheelError('FAILED_PRECONDITION', `${file.abs} was removed while it was being read${more}; run the command again`);
  }
  return invalidArgument(`cannot read ${file.abs}: ${result.error}${more}`);
}

/** The index is a cache: failing to write it (a read-only home) must not fail the command. */
export function saveQuietly(index: StateIndex): void {
  try {
    index.save();
  } catch {
    // Next time the files are hashed again; nothing else is lost.
  }
}
