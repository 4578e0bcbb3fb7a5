import type { Readable } from 'node:stream';

export interface BlobInfo {
  /** sha256 of the content, lowercase hex. */
  hash: string;
  size: number;
}

/**
 * Content-addressed blob storage. A blob is named by the sha256 of its bytes, so the same
 * file uploaded twice is stored once, and a blob read back can be checked against its name.
 */
export interface BlobStore {
  /** Stores the bytes; resolves only once they are durable. Rejects if `expectedHash` does not match. */
  put(content: Readable | Buffer, options?: { expectedHash?: string }): Promise<BlobInfo>;
  /** Streams a blob, or resolves undefined when it is absent. */
  get(hash: string): Promise<Readable | undefined>;
  has(hash: string): Promise<boolean>;
  /**
   * Which of these blobs the store lacks, in the order asked. One question for many hashes:
   * the file store answers from its pack index and stats, others ask several at a time.
   */
  missing(hashes: string[]): Promise<string[]>;
  /**
   * Removes a blob stored by `put`; nothing when it is absent. A blob the file store packed
   * (`putMany`) stays until gc rewrites its pack, since packs are never modified.
   */
  delete(hash: string): Promise<void>;
  /**
   * Stores many small blobs whose bytes are in memory, each checked against its hash (a
   * mismatch rejects the whole call, naming the hash, and stores none of them). Durable
   * when it resolves. The file store packs them into one file; others may store one by one.
   */
  putMany(records: { hash: string; bytes: Buffer }[]): Promise<{ stored: number; bytes: number }>;
  /** Every blob's hash, in no particular order. */
  list(): AsyncIterable<string>;
  /** The size of a blob, or undefined when absent. */
  sizeOf(hash: string): Promise<number | undefined>;

  // Capabilities: present only on stores that have them, so callers ask the store what it
  // can do instead of which class it is.

  /**
   * The folder blobs lie under as `ab/cd/<hash>` files, when the store is on this host's
   * disk: clients on this host may hard-link from it instead of downloading.
   */
  localRoot?(): string;
  /** A blob's own file on this host's disk, or undefined when it has none (absent, or packed). */
  localPath?(hash: string): Promise<string | undefined>;
  /**
   * What gc needs, when the store can tell garbage from an upload in flight (the file
   * store: its files have modification times, and its packs can be rewritten).
   */
  collector?(): BlobCollector;
}

/** A store's part in gc (see `BlobStore.collector`). */
export interface BlobCollector {
  /** Blobs stored one per file, with their modification time. */
  looseBlobs(): AsyncIterable<{ hash: string; size: number; mtimeMs: number }>;
  /** Deletes a loose blob. */
  delete(hash: string): Promise<void>;
  /**
   * Removes packed blobs that are not `live` from packs older than `spareAfter` (epoch ms),
   * rewriting a pack whose live part is small; answers what was (or, dry, would be) removed.
   */
  collectPacks(live: (hash: string) => boolean, options: { spareAfter: number; dryRun: boolean }): Promise<{ objects: number; bytes: number }>;
}

/**
 * Something outside the data module that keeps blobs alive (the model registry's manifests
 * and their files): the data module's gc asks each one, so it never imports them.
 */
export interface BlobReferrer {
  /** Every hash it refers to. */
  referencedBlobs(): Promise<Set<string>>;
}
