/**
 * The one error type the domain throws. `code` comes from a closed set; the server maps
 * each code to an HTTP status and to each protocol's error shape (MLflow, OIP) in one place.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One validation failure: where in the input, and what is wrong there. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export class FlywheelError extends Error {
  readonly code: ErrorCode;
  readonly issues: ValidationIssue[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: ValidationIssue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlywheelError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export const invalidArgument = (message: string, issues?: ValidationIssue[]): FlywheelError =>
  new FlywheelError('INVALID_ARGUMENT', message, issues ? { issues } : {});
export const notFound = (message: string): FlywheelError => new FlywheelError('NOT_FOUND', message);
export const alreadyExists = (message: string): FlywheelError => new FlywheelError('ALREADY_EXISTS', message);
export const conflict = (message: string): FlywheelError => new FlywheelError('CONFLICT', message);

export const isFlywheelError = (e: unknown): e is FlywheelError => e instanceof FlywheelError;
