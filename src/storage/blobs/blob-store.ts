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
}

/**
 * Something outside the data module that keeps blobs alive (the model registry's manifests
 * and their files): the data module's gc asks each one, so it never imports them.
 */
export interface BlobReferrer {
  /** Every hash it refers to. */
  referencedBlobs(): Promise<Set<string>>;
}
