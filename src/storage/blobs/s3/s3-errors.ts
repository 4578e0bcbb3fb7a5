import { FlywheelError, isFlywheelError } from '../../../core/index.js';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const sdkError = (e: unknown): SdkError => (typeof e === 'object' && e !== null ? (e as SdkError) : {});

/**
 * A missing key. GET says `NoSuchKey`; HEAD has no body, so the SDK can only say `NotFound`
 * (a missing bucket answers HEAD the same way; `has` then says false and the next write
 * reports the bucket).
 */
export function isMissingKey(e: unknown): boolean {
  const { name, $metadata } = sdkError(e);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}

/** An SDK failure as the domain's error: what the operator must fix, or that the store is unreachable. */
export function s3Failure(e: unknown, what: string): FlywheelError {
  if (isFlywheelError(e)) return e;
  const { name = 'Error', message = String(e), $metadata } = sdkError(e);
  if (name === 'NoSuchBucket') return new FlywheelError('NOT_FOUND', `${what}: the bucket does not exist`, { cause: e });
  if (
    $metadata?.httpStatusCode === 403 ||
    name === 'CredentialsProviderError' ||
    name === 'InvalidAccessKeyId' ||
    name === 'SignatureDoesNotMatch'
  ) {
    return new FlywheelError('FAILED_PRECONDITION', `${what}: access denied (${name}: ${message}); check the S3 credentials`, { cause: e });
  }
  return new FlywheelError('UNAVAILABLE', `${what}: ${name}: ${message}`, { cause: e });
}
