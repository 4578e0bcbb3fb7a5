import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { FsBlobStore, S3BlobStore } from '../src/storage/index.js';
import { runBlobStoreSuite } from './support/blob-store-contract.js';
import { s3SkipReason, startTestS3, type TestS3 } from './support/s3-server.js';

/* The BlobStore contract on every backend: the file store, and S3 against a real S3-protocol server (s3rver). */

runBlobStoreSuite('file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-blob-contract-'));
  return { store: new FsBlobStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
});

const S3_SKIP = s3SkipReason();

describe.skipIf(S3_SKIP)(`on S3${S3_SKIP ? ` (skipped: ${S3_SKIP})` : ''}`, () => {
  let s3: TestS3;
  let n = 0;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3?.close();
  });

  runBlobStoreSuite('S3', async () => {
    // A prefix of its own per store: tests never see each other's objects.
    const store = new S3BlobStore(s3.storeOptions(`c${++n}-${randomBytes(4).toString('hex')}/blobs`));
    return { store, dispose: async () => store.close() };
  });
});
