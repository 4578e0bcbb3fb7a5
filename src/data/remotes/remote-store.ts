import type { BlobStore } from '../../storage/index.js';

/**
 * Where datasets are pushed to and pulled from: a blob store that also keeps small JSON
 * documents under its own prefix (the dataset records). `S3BlobStore` is one
 * (src/storage/blobs/s3); any store with these methods will do.
 */
export interface RemoteStore extends BlobStore {
  /** Where it is, for messages: `s3://bucket/prefix`. */
  readonly url: string;
  /** Replaces the document at `key` whole (a reader sees the old one or the new one). */
  putDocument(key: string, document: unknown): Promise<void>;
  /** The parsed document at `key`, or undefined when there is none. */
  getDocument(key: string): Promise<unknown>;
}
