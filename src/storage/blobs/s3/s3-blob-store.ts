import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { FlywheelError, invalidArgument } from '../../../core/index.js';
import type { BlobInfo, BlobStore } from '../blob-store.js';
import { HashingReader } from './hashing-reader.js';
import { isMissingKey, s3Failure } from './s3-errors.js';
import { md5Base64, uploadMultipart } from './s3-multipart.js';

const HASH = /^[0-9a-f]{64}$/;
/** Segments never start with a dot, which rules out `.` and `..`. */
const DOCUMENT_KEY = /^(?!objects\/)[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const MIB = 1024 * 1024;
/** S3's smallest part (all but the last). */
const MIN_PART_SIZE = 5 * MIB;

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix, e.g. `team/flywheel`; '' for the bucket's root. Slashes at either end are ignored. */
  prefix: string;
  /** For S3 look-alikes (MinIO, Ceph, R2): `http://localhost:9000`. Absent: AWS. */
  endpoint?: string;
  /** Absent: the SDK's own lookup (AWS_REGION, ~/.aws/config). */
  region?: string;
  /** `host/bucket/key` URLs instead of `bucket.host/key`; MinIO and Ceph usually need it. */
  forcePathStyle?: boolean;
  /** Absent: the SDK's default chain (AWS_ACCESS_KEY_ID..., profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Size of the first parts of a multipart upload; content up to this size is sent in one
   * PutObject. Default 8 MiB, at least 5 MiB (S3's minimum). Parts double in size every
   * 2000, so S3's 10,000 parts hold about 484 GiB at the default, with 128 MiB parts last.
   */
  partSize?: number;
  /** Parts of one upload in flight at once (each a buffer in memory). Default 4. */
  partConcurrency?: number;
  /** Where content larger than one part and put without `expectedHash` waits (see `put`). Default: the OS temp dir. */
  spoolDir?: string;
}

/**
 * Blobs as S3 objects at `<prefix>/objects/ab/cd/<hash>`, for AWS and S3-compatible servers.
 *
 * `put` never uploads an object that is already there (HeadObject first), and an object
 * appears under its name only after its bytes were checked against it: content up to one
 * part is hashed before its single PutObject; a larger one goes up as a multipart upload that
 * is completed only if the sha256 computed while streaming matches. A larger put without
 * `expectedHash` cannot know its key until the end, so it is spooled to a local temp file
 * first, then uploaded.
 *
 * Besides blobs it keeps small JSON documents under the prefix (`putDocument`), e.g. the
 * dataset records of a remote (src/data/remotes).
 */
export class S3BlobStore implements BlobStore {
  /** `s3://bucket/prefix`, for messages. */
  readonly url: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly partConcurrency: number;
  private readonly spoolDir: string;

  constructor(options: S3BlobStoreOptions) {
    if (!options.bucket) throw invalidArgument('an S3 blob store needs a bucket');
    this.bucket = options.bucket;
    this.prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    this.url = `s3://${this.bucket}/${this.prefix}`;
    this.partSize = options.partSize ?? 8 * MIB;
    if (this.partSize < MIN_PART_SIZE) throw invalidArgument(`partSize must be at least ${MIN_PART_SIZE} bytes (S3's minimum part)`);
    this.partConcurrency = Math.max(1, options.partConcurrency ?? 4);
    this.spoolDir = options.spoolDir ?? tmpdir();
    this.client = new S3Client({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      // Checksums only where S3 requires them. The SDK's default since 2025 (CRC32 on every
      // request, as aws-chunked trailers on streams) is not understood by several
      // S3-compatible servers; integrity here comes from Content-MD5 on each request and our
      // own sha256 of the whole object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(relative: string): string {
    return this.prefix ? `${this.prefix}/${relative}` : relative;
  }

  private objectKey(hash: string): string {
    if (!HASH.test(hash)) throw invalidArgument(`not a sha256 hash: ${hash}`);
    return this.key(`objects/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`);
  }

  private partSizeFor(partNumber: number): number {
    return this.partSize * 2 ** Math.floor((partNumber - 1) / 2000);
  }

  async put(content: Readable | Buffer, options: { expectedHash?: string } = {}): Promise<BlobInfo> {
    // Bytes already in memory are hashed up front, so they never need the spool.
    const expected = options.expectedHash ?? (Buffer.isBuffer(content) ? createHash('sha256').update(content).digest('hex') : undefined);
    if (expected !== undefined) this.objectKey(expected);
    const reader = new HashingReader(content);
    try {
      if (expected !== undefined && (await this.has(expected))) {
        // Already there: nothing to send, but the caller's bytes must still be what they claim.
        return checked(expected, await reader.finish(), reader.size);
      }
      const first = await reader.read(this.partSizeFor(1));
      const second = first.length < this.partSizeFor(1) ? Buffer.alloc(0) : await reader.read(this.partSizeFor(2));
      if (second.length === 0) {
        const info = checked(expected, await reader.finish(), reader.size);
        if (expected === undefined && (await this.has(info.hash))) return info;
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: this.objectKey(info.hash),
            Body: first,
            ContentMD5: md5Base64(first),
            ContentType: 'application/octet-stream',
          }),
        );
        return info;
      }
      if (expected === undefined) return await this.putSpooled(reader, [first, second]);
      await uploadMultipart({
        client: this.client,
        bucket: this.bucket,
        key: this.objectKey(expected),
        parts: this.parts(reader, [first, second]),
        beforeComplete: async () => void checked(expected, await reader.finish(), reader.size),
        concurrency: this.partConcurrency,
      });
      return { hash: expected, size: reader.size };
    } catch (e) {
      await reader.abandon();
      throw s3Failure(e, `storing a blob in ${this.url}`);
    }
  }

  private async *parts(reader: HashingReader, first: Buffer[]): AsyncGenerator<Buffer> {
    yield* first;
    for (let n = first.length + 1; ; n++) {
      const part = await reader.read(this.partSizeFor(n));
      if (part.length === 0) return;
      yield part;
    }
  }

  private async putSpooled(reader: HashingReader, first: Buffer[]): Promise<BlobInfo> {
    const path = join(this.spoolDir, `fw-s3-spool-${Date.now()}-${randomBytes(8).toString('hex')}`);
    try {
      const fh = await open(path, 'wx', 0o600);
      try {
        for (const part of first) await fh.write(part);
        for (let part = await reader.read(this.partSize); part.length > 0; part = await reader.read(this.partSize)) {
          await fh.write(part);
        }
      } finally {
        await fh.close();
      }
      const info: BlobInfo = { hash: await reader.finish(), size: reader.size };
      if (await this.has(info.hash)) return info;
      const again = new HashingReader(createReadStream(path));
      try {
        await uploadMultipart({
          client: this.client,
          bucket: this.bucket,
          key: this.objectKey(info.hash),
          parts: this.parts(again, []),
          beforeComplete: async () => {
            if ((await again.finish()) !== info.hash) throw new FlywheelError('INTERNAL', `the spool file ${path} changed while it was uploaded`);
          },
          concurrency: this.partConcurrency,
        });
      } catch (e) {
        await again.abandon();
        throw e;
      }
      return info;
    } finally {
      await rm(path, { force: true });
    }
  }

  /**
   * Checks every record's bytes against its hash first (one mismatch refuses the call and
   * stores nothing), then stores those not there yet, several requests at a time. S3 has no
   * batch upload, so this saves nothing over `put` but the caller's bookkeeping.
   */
  async putMany(records: { hash: string; bytes: Buffer }[]): Promise<{ stored: number; bytes: number }> {
    const unique = new Map<string, Buffer>();
    for (const { hash, bytes } of records) {
      this.objectKey(hash);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== hash) throw invalidArgument(`object ${hash}: its ${bytes.length} bytes hash to ${actual}`);
      unique.set(hash, bytes);
    }
    let stored = 0;
    let bytes = 0;
    const queue = [...unique];
    const worker = async (): Promise<void> => {
      for (let next = queue.pop(); next; next = queue.pop()) {
        const [hash, body] = next;
        if (await this.has(hash)) continue;
        try {
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: this.objectKey(hash),
              Body: body,
              ContentMD5: md5Base64(body),
              ContentType: 'application/octet-stream',
            }),
          );
        } catch (e) {
          queue.length = 0;
          throw s3Failure(e, `storing ${hash} in ${this.url}`);
        }
        stored += 1;
        bytes += body.length;
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: Math.min(16, queue.length) }, worker));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { stored, bytes };
  }

  async sizeOf(hash: string): Promise<number | undefined> {
    const Key = this.objectKey(hash);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return head.ContentLength ?? 0;
    } catch (e) {
      if (isMissingKey(e)) return undefined;
      throw s3Failure(e, `looking for ${hash} in ${this.url}`);
    }
  }

  async get(hash: string): Promise<Readable | undefined> {
    const Key = this.objectKey(hash);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!answer.Body) throw new FlywheelError('UNAVAILABLE', `${this.url}: no body for ${hash}`);
      // In Node the body is an http.IncomingMessage, a Readable.
      return answer.Body as Readable;
    } catch (e) {
      if (isMissingKey(e)) return undefined;
      throw s3Failure(e, `reading ${hash} from ${this.url}`);
    }
  }

  async has(hash: string): Promise<boolean> {
    const Key = this.objectKey(hash);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (e) {
      if (isMissingKey(e)) return false;
      throw s3Failure(e, `looking for ${hash} in ${this.url}`);
    }
  }

  /**
   * Which of these blobs are absent: S3 has no batch HEAD, so 32 HEADs at a time (a listing
   * would cost a request per 1000 keys of the whole store, however few are asked about).
   */
  async missing(hashes: string[]): Promise<string[]> {
    for (const hash of hashes) this.objectKey(hash);
    const found = new Array<boolean>(hashes.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < hashes.length) {
        const i = next++;
        found[i] = await this.has(hashes[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, hashes.length) }, worker));
    return hashes.filter((_, i) => !found[i]);
  }

  async delete(hash: string): Promise<void> {
    const Key = this.objectKey(hash);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (e) {
      throw s3Failure(e, `deleting ${hash} from ${this.url}`);
    }
  }

  /** Every blob's hash, in key order (1000 keys a request). */
  async *list(): AsyncIterable<string> {
    const Prefix = this.key('objects/');
    let ContinuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken }));
      } catch (e) {
        throw s3Failure(e, `listing ${this.url}`);
      }
      for (const { Key } of page.Contents ?? []) {
        const hash = Key?.slice(Key.lastIndexOf('/') + 1) ?? '';
        // Keys we did not write (a stray upload, a hand-made file) are not blobs.
        if (HASH.test(hash) && Key === this.objectKey(hash)) yield hash;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  /**
   * Writes a JSON document at `<prefix>/<key>` (replacing it whole: readers see the old or
   * the new one). Keys are `/`-separated names of `[A-Za-z0-9._-]`, never under `objects/`.
   * @example await store.putDocument('datasets/pets.json', { versions: [] })
   */
  async putDocument(key: string, document: unknown): Promise<void> {
    const Key = this.documentKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key, Body: JSON.stringify(document), ContentType: 'application/json' }),
      );
    } catch (e) {
      throw s3Failure(e, `writing ${key} in ${this.url}`);
    }
  }

  /** The parsed JSON document at `<prefix>/<key>`, or undefined when there is none. */
  async getDocument(key: string): Promise<unknown> {
    const Key = this.documentKey(key);
    let text: string;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      text = (await answer.Body?.transformToString('utf8')) ?? '';
    } catch (e) {
      if (isMissingKey(e)) return undefined;
      throw s3Failure(e, `reading ${key} from ${this.url}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new FlywheelError('FAILED_PRECONDITION', `${this.url}/${key} is not valid JSON`, { cause: e });
    }
  }

  private documentKey(key: string): string {
    if (!DOCUMENT_KEY.test(key)) throw invalidArgument(`not a document key: ${key}`);
    return this.key(key);
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}

function checked(expected: string | undefined, hash: string, size: number): BlobInfo {
  if (expected !== undefined && expected !== hash) {
    throw invalidArgument(`content hash ${hash} does not match the expected ${expected}`);
  }
  return { hash, size };
}
