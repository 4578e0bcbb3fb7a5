import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3BlobStoreOptions } from '../../src/storage/blobs/s3/s3-blob-store.js';
import { requireOrSkip } from './requirements.js';

const require = createRequire(import.meta.url);

/**
 * Why the S3 tests cannot run here, or undefined when they can. The server is s3rver (a dev
 * dependency), so it is missing only when dev dependencies are; in CI that fails the run
 * instead of skipping.
 */
export function s3SkipReason(): string | undefined {
  let reason: string | undefined;
  try {
    require.resolve('s3rver');
  } catch {
    reason = 's3rver is not installed; run `npm install` (it is a dev dependency)';
  }
  return requireOrSkip(reason);
}

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** A client of its own, for tests that touch keys behind a store's back. */
  client: S3Client;
  /** Options for an S3BlobStore on this server, under `prefix`. */
  storeOptions(prefix: string): S3BlobStoreOptions;
  close(): Promise<void>;
}

/** s3rver's fixed credentials: it checks signatures against them. */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * s3rver in a child process. Not in this one because s3rver's list continuation tokens are
 * DES-encrypted, and Node 20's OpenSSL 3 has DES only in its legacy provider (a flag at
 * start): in-process, any listing longer than one page (1000 keys) fails with a 500.
 */
const SERVER_SCRIPT = `
const [s3rverPath, bucket, directory] = process.argv.slice(1);
const S3rver = require(s3rverPath);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
server.run().then(({ port }) => console.log(JSON.stringify({ port })));
// The test process holds our stdin: when it goes, so do we.
process.stdin.on('end', () => process.exit(0)).resume();
`;

/** Starts a local S3 (s3rver) on a free port over a temp directory, with one empty bucket. */
export async function startTestS3(bucket = 'flywheel-test'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'fw-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', SERVER_SCRIPT, require.resolve('s3rver'), bucket, directory], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const firstLine = (async () => {
    for await (const line of createInterface({ input: child.stdout })) return line;
    throw new Error('s3rver exited before it listened');
  })();
  const { port } = JSON.parse(await Promise.race([firstLine, exited.then(() => firstLine)])) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    client,
    storeOptions: (prefix) => ({ bucket, prefix, endpoint, region: 'us-east-1', forcePathStyle: true, credentials }),
    close: async () => {
      client.destroy();
      child.stdin.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
