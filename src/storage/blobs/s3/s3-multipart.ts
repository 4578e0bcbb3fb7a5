import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { FlywheelError } from '../../../core/index.js';

/** S3's limit on the parts of one upload. */
export const MAX_PARTS = 10_000;

export interface MultipartUpload {
  client: S3Client;
  bucket: string;
  key: string;
  parts: AsyncIterable<Buffer>;
  /**
   * Runs after the last part is sent, before the upload is completed. Throwing abandons the
   * upload: an object appears under its key only on completion, so the key never shows
   * bytes that failed this check.
   */
  beforeComplete: () => void | Promise<void>;
  /** Parts in flight at once (each is a buffer in memory). */
  concurrency: number;
}

export const md5Base64 = (body: Buffer): string => createHash('md5').update(body).digest('base64');

/**
 * Sends a stream of parts as one S3 multipart upload. Each part carries its Content-MD5, so
 * the server refuses a part damaged on the way. @aws-sdk/lib-storage would do this, but it is
 * not installed, and the verify-before-complete step is ours anyway.
 */
export async function uploadMultipart(upload: MultipartUpload): Promise<void> {
  const { client, bucket: Bucket, key: Key } = upload;
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/octet-stream' }));
  const UploadId = created.UploadId;
  if (!UploadId) throw new FlywheelError('UNAVAILABLE', `s3://${Bucket}/${Key}: the server gave no upload id`);
  const inFlight = new Set<Promise<void>>();
  try {
    const done: CompletedPart[] = [];
    let failure: { error: unknown } | undefined;
    let partNumber = 0;
    for await (const Body of upload.parts) {
      if (failure) break;
      partNumber += 1;
      if (partNumber > MAX_PARTS) throw new FlywheelError('PAYLOAD_TOO_LARGE', `s3://${Bucket}/${Key}: more than ${MAX_PARTS} parts`);
      const PartNumber = partNumber;
      const sent: Promise<void> = client
        .send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ContentMD5: md5Base64(Body) }))
        .then(
          (r) => void done.push({ PartNumber, ETag: r.ETag }),
          (error: unknown) => void (failure ??= { error }),
        )
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= upload.concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    await upload.beforeComplete();
    done.sort((a, b) => a.PartNumber! - b.PartNumber!);
    await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: done } }));
  } catch (e) {
    await Promise.allSettled(inFlight);
    // Best effort: some S3 look-alikes (s3rver) do not implement abort; on S3 a lifecycle rule
    // (AbortIncompleteMultipartUpload) collects what an abort could not.
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw e;
  }
}
