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
}
