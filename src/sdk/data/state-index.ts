import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** What the index remembers of a file: its stat, and the hash that stat had. */
export interface StateEntry {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
  /** The whole st_mode. */
  mode: number;
  hash: string;
  /** Modified so close to the scan that recorded it that a later change may keep the same mtime. */
  racy: boolean;
}

export interface StatLike {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
  mode: number;
}

/**
 * A file whose mtime is this close to the scan may have been written again within the
 * timestamp's granularity (coarse kernel clocks, 2 s on FAT), so a matching stat proves
 * nothing: it is hashed again, as git does with "racy" entries.
 */
export const RACY_WINDOW_NS = 2_000_000_000n;

const MAGIC = 0x49535746; // "FWSI" little-endian
const FORMAT = 1;
const HEADER = 12;
// Per entry after the path: size f64, mtimeNs i64, ino u64, mode u32, flags u8, hash 32.
const FIXED = 8 + 8 + 8 + 4 + 1 + 32;

/**
 * The local state index of one folder: path -> (size, mtime_ns, inode, mode, sha256), so a
 * file whose stat is unchanged is not hashed again. Stored in `FW_STATE_DIR` (default
 * `~/.flywheel/state/`) under a hash of the folder's real path, in a compact binary form
 * (100k entries: ~7 MB, read in tens of milliseconds), written atomically (temp + rename).
 * It is a cache: a missing, foreign or damaged file is an empty index.
 */
export class StateIndex {
  readonly file: string;
  private entries: Map<string, StateEntry>;
  private dirty = false;

  private constructor(file: string, entries: Map<string, StateEntry>) {
    this.file = file;
    this.entries = entries;
  }

  /** The index of `root` (a folder), empty when there is none yet. */
  static load(root: string, env: NodeJS.ProcessEnv = process.env): StateIndex {
    if (env.FW_STATE_DIR === 'off') return StateIndex.inMemory();
    const file = stateIndexFile(root, env);
    let entries = new Map<string, StateEntry>();
    try {
      entries = decode(readFileSync(file));
    } catch {
      // No index yet, or one we cannot read: start afresh; it is only a cache.
    }
    return new StateIndex(file, entries);
  }

  /** An index that is never read nor written (tests, or `FW_STATE_DIR=off`). */
  static inMemory(): StateIndex {
    return new StateIndex('', new Map());
  }

  get size(): number {
    return this.entries.size;
  }

  paths(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** The hash of `path` when its stat is the one recorded and the entry is not racy. */
  lookup(path: string, st: StatLike): string | undefined {
    const e = this.entries.get(path);
    if (e === undefined || e.racy) return undefined;
    return e.size === st.size && e.mtimeNs === st.mtimeNs && e.ino === st.ino && e.mode === st.mode ? e.hash : undefined;
  }

  get(path: string): StateEntry | undefined {
    return this.entries.get(path);
  }

  /** Remembers `hash` for the stat; `scanStartNs` (epoch ns when the stat was taken) decides raciness. */
  record(path: string, st: StatLike, hash: string, scanStartNs: bigint): void {
    const racy = st.mtimeNs >= scanStartNs - RACY_WINDOW_NS;
    const old = this.entries.get(path);
    if (old && old.hash === hash && old.size === st.size && old.mtimeNs === st.mtimeNs && old.ino === st.ino && old.mode === st.mode && old.racy === racy) return;
    this.entries.set(path, { size: st.size, mtimeNs: st.mtimeNs, ino: st.ino, mode: st.mode, hash, racy });
    this.dirty = true;
  }

  delete(path: string): void {
    if (this.entries.delete(path)) this.dirty = true;
  }

  /** Keeps only the paths `keep` accepts (the files a scan found). */
  retain(keep: (path: string) => boolean): void {
    for (const path of this.entries.keys()) if (!keep(path)) this.delete(path);
  }

  /** Writes the index if it changed: to a temporary file, then renamed over the old one. */
  save(): void {
    if (!this.dirty || this.file === '') return;
    const dir = join(this.file, '..');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, encode(this.entries));
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    this.dirty = false;
  }
}

/** Where the index of `root` lives. */
export function stateIndexFile(root: string, env: NodeJS.ProcessEnv = process.env): string {
  let real = resolve(root);
  try {
    real = realpathSync(real);
  } catch {
    // Not there (yet): the absolute path names it.
  }
  const dir = env.FW_STATE_DIR || join(env.HOME || homedir(), '.flywheel', 'state');
  return join(dir, `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.idx`);
}

/** Epoch nanoseconds now, to pass to record() as the scan's start. */
export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

function encode(entries: Map<string, StateEntry>): Buffer {
  let bytes = HEADER;
  const paths: Buffer[] = [];
  for (const path of entries.keys()) {
    const b = Buffer.from(path, 'utf8');
    paths.push(b);
    bytes += 2 + b.length + FIXED;
  }
  const out = Buffer.allocUnsafe(bytes);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(FORMAT, 4);
  out.writeUInt32LE(entries.size, 8);
  let o = HEADER;
  let i = 0;
  for (const e of entries.values()) {
    const p = paths[i++]!;
    out.writeUInt16LE(p.length, o);
    p.copy(out, o + 2);
    o += 2 + p.length;
    out.writeDoubleLE(e.size, o);
    out.writeBigInt64LE(e.mtimeNs, o + 8);
    out.writeBigUInt64LE(e.ino, o + 16);
    out.writeUInt32LE(e.mode, o + 24);
    out.writeUInt8(e.racy ? 1 : 0, o + 28);
    out.write(e.hash, o + 29, 32, 'hex');
    o += FIXED;
  }
  return out;
}

function decode(buf: Buffer): Map<string, StateEntry> {
  const entries = new Map<string, StateEntry>();
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== FORMAT) return entries;
  const count = buf.readUInt32LE(8);
  let o = HEADER;
  for (let i = 0; i < count; i++) {
    if (o + 2 > buf.length) return new Map();
    const len = buf.readUInt16LE(o);
    if (o + 2 + len + FIXED > buf.length) return new Map();
    const path = buf.toString('utf8', o + 2, o + 2 + len);
    o += 2 + len;
    entries.set(path, {
      size: buf.readDoubleLE(o),
      mtimeNs: buf.readBigInt64LE(o + 8),
      ino: buf.readBigUInt64LE(o + 16),
      mode: buf.readUInt32LE(o + 24),
      racy: buf[o + 28] === 1,
      hash: buf.toString('hex', o + 29, o + 61),
    });
    o += FIXED;
  }
  return entries;
}
