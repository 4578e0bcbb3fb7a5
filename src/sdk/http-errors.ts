import { ERROR_CODES, FlywheelError, type ErrorCode, type ValidationIssue } from '../core/errors.js';

/**
 * Turns an error answer from the server into a FlywheelError. MLflow's body is
 * `{"error_code": "...", "message": "..."}`; Flywheel's own routes use the same shape.
 * Bodies that are not JSON (a proxy's HTML page) fall back to the HTTP status.
 */
const MLFLOW_CODES: Record<string, ErrorCode> = {
  RESOURCE_DOES_NOT_EXIST: 'NOT_FOUND',
  ENDPOINT_NOT_FOUND: 'NOT_FOUND',
  INVALID_PARAMETER_VALUE: 'INVALID_ARGUMENT',
  BAD_REQUEST: 'INVALID_ARGUMENT',
  MALFORMED_REQUEST: 'INVALID_ARGUMENT',
  RESOURCE_ALREADY_EXISTS: 'ALREADY_EXISTS',
  ABORTED: 'CONFLICT',
  INVALID_STATE: 'FAILED_PRECONDITION',
  REQUEST_LIMIT_EXCEEDED: 'UNAVAILABLE',
  TEMPORARILY_UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL',
};

function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  // 429 and the gateway statuses mean "try again later"; the batcher retries UNAVAILABLE.
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return 'INVALID_ARGUMENT';
}

export function errorFromResponse(status: number, bodyText: string, what: string): FlywheelError {
  let errorCode: string | undefined;
  let message: string | undefined;
  let issues: ValidationIssue[] = [];
  try {
    const body = JSON.parse(bodyText) as unknown;
    if (body !== null && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      if (typeof b.error_code === 'string') errorCode = b.error_code;
      if (typeof b.message === 'string' && b.message !== '') message = b.message;
      // Flywheel adds the validation issues as `details`, so a client can show each one.
      if (Array.isArray(b.details)) issues = b.details.filter(isIssue);
    }
  } catch {
    // not JSON: the status decides
  }
  // A 5xx is always worth a retry whatever the body says, so the status wins over the body.
  // A body may also carry one of our own codes as is (docs/jobs-api.md allows either).
  const mapped = errorCode === undefined ? undefined : (MLFLOW_CODES[errorCode] ?? ownCode(errorCode));
  const code = status >= 500 ? codeForStatus(status) : (mapped ?? codeForStatus(status));
  const text = message ?? `${what} failed with HTTP ${status}${bodyText ? `: ${bodyText.slice(0, 200)}` : ''}`;
  return new FlywheelError(code, text, { cause: { status, errorCode }, ...(issues.length > 0 ? { issues } : {}) });
}

const ownCode = (v: string): ErrorCode | undefined => (ERROR_CODES as readonly string[]).includes(v) ? (v as ErrorCode) : undefined;

const isIssue = (v: unknown): v is ValidationIssue =>
  v !== null && typeof v === 'object' && typeof (v as ValidationIssue).path === 'string' && typeof (v as ValidationIssue).message === 'string';

/** Errors worth retrying: the server was unreachable, overloaded or failed on its side. */
export const isRetryable = (e: unknown): boolean =>
  e instanceof FlywheelError && (e.code === 'UNAVAILABLE' || e.code === 'INTERNAL');
