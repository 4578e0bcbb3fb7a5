export { openDatabase, type AnyTables, type OpenDatabase } from './database.js';
export type { Dialect } from './dialect.js';
export { migrate, type Migration } from './migration.js';
export type { BlobStore, BlobInfo, BlobReferrer, BlobCollector } from './blobs/blob-store.js';
export { FsBlobStore } from './blobs/fs/fs-blob-store.js';
export { S3BlobStore, type S3BlobStoreOptions } from './blobs/s3/s3-blob-store.js';
export { parseS3Url, s3StoreFromUrl, type S3Location } from './blobs/s3/s3-url.js';
