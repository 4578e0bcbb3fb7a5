import { invalidArgument, readS3Settings, type S3Settings } from '../../../core/index.js';
import { S3BlobStore } from './s3-blob-store.js';

export interface S3Location {
  bucket: string;
  /** No leading or trailing slash; '' for the bucket's root. */
  prefix: string;
}

/** Lenient on purpose: S3 look-alikes allow bucket names AWS does not (capitals, underscores). */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Parses `s3://bucket/prefix/path`. The prefix's segments are names of `[A-Za-z0-9._-]` that do
 * not start with a dot, so a prefix can never climb out of itself or look like a URL.
 * @example parseS3Url('s3://ml-data/flywheel') // { bucket: 'ml-data', prefix: 'flywheel' }
 */
export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([^/?#]+)(?:\/([^?#]*))?$/.exec(url);
  if (!m || !BUCKET.test(m[1]!)) throw invalidArgument(`not an S3 URL (s3://bucket/prefix): ${url}`);
  const prefix = (m[2] ?? '').replace(/\/+$/, '');
  if (prefix !== '' && !prefix.split('/').every((s) => PREFIX_SEGMENT.test(s))) {
    throw invalidArgument(`the prefix of ${url} may hold only names of A-Z a-z 0-9 . _ - separated by single slashes`);
  }
  return { bucket: m[1]!, prefix };
}

/**
 * An S3BlobStore for `s3://bucket/prefix`, configured from the environment:
 * `FW_S3_ENDPOINT` (an S3-compatible server, e.g. `http://minio:9000`; absent: AWS),
 * `AWS_REGION` (default us-east-1), `FW_S3_FORCE_PATH_STYLE` (`true`/`false`; default true when
 * an endpoint is set, as MinIO and Ceph need), and credentials `AWS_ACCESS_KEY_ID` +
 * `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) when both are in `env`, otherwise the SDK's
 * default chain (profiles, instance roles; it reads the process environment itself).
 * `settings`, when given, replaces the FW_S3_* variables (the server passes its validated config).
 * @example s3StoreFromUrl('s3://ml-data/flywheel', process.env)
 */
export function s3StoreFromUrl(url: string, env: Record<string, string | undefined>, settings: S3Settings = readS3Settings(env)): S3BlobStore {
  const { bucket, prefix } = parseS3Url(url);
  const endpoint = settings.endpoint;
  const forcePathStyle = settings.forcePathStyle ?? endpoint !== undefined;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  return new S3BlobStore({
    bucket,
    prefix,
    ...(endpoint ? { endpoint } : {}),
    region: env.AWS_REGION || 'us-east-1',
    forcePathStyle,
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : {}),
  });
}
