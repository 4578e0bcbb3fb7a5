export { openDatabase, type OpenDatabase, type Dialect } from './database.js';
export type * from './schema.js';
export type { BlobStore, BlobInfo } from './blobs/blob-store.js';
export { FsBlobStore } from './blobs/fs/fs-blob-store.js';
