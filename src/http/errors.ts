import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../contracts/index.js';
import { FlywheelError, type ErrorCode, type Logger } from '../core/index.js';

export interface ErrorReply {
  statusCode: number;
  body: ErrorBody;
}

/**
 * FlywheelError codes as HTTP statuses and MLflow error codes. MLflow itself answers
 * INVALID_STATE with 500, but its Python client retries every 500 for minutes, and a
 * failed precondition is the caller's problem, so it is a 400 here.
 */
const DOMAIN_ERRORS: Record<ErrorCode, { statusCode: number; errorCode: string }> = {
  INVALID_ARGUMENT: { statusCode: 400, errorCode: 'INVALID_PARAMETER_VALUE' },
  NOT_FOUND: { statusCode: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' },
  ALREADY_EXISTS: { statusCode: 400, errorCode: 'RESOURCE_ALREADY_EXISTS' },
  CONFLICT: { statusCode: 409, errorCode: 'RESOURCE_CONFLICT' },
  FAILED_PRECONDITION: { statusCode: 400, errorCode: 'INVALID_STATE' },
  PAYLOAD_TOO_LARGE: { statusCode: 413, errorCode: 'BAD_REQUEST' },
  UNAVAILABLE: { statusCode: 503, errorCode: 'TEMPORARILY_UNAVAILABLE' },
  INTERNAL: { statusCode: 500, errorCode: 'INTERNAL_ERROR' },
};

/** A request the HTTP layer itself refuses before any route runs (bad JSON, unknown route). */
export class HttpRequestError extends Error {
  readonly statusCode: number;
  readonly errorCode: string;

  constructor(statusCode: number, errorCode: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpRequestError';
    this.statusCode = statusCode;
    this.errorCode = errorCode;
  }
}

/** Fastify's own errors that reach a handler, with the message a client can act on. */
const FASTIFY_ERRORS: Record<string, (e: FastifyError) => ErrorReply> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    reply(415, 'BAD_REQUEST', 'Unsupported Content-Type: API request bodies are application/json (artifact uploads may be any type)'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => reply(413, 'BAD_REQUEST', 'Request body is larger than the server accepts'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    reply(400, 'BAD_REQUEST', 'Request body size did not match the Content-Length header'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => reply(400, 'MALFORMED_REQUEST', 'Request body is empty'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => reply(400, 'MALFORMED_REQUEST', 'Request body is not valid JSON'),
  FST_ERR_BAD_URL: (e) => reply(400, 'BAD_REQUEST', e.message),
  FST_ERR_MAX_PARAM_LENGTH: () => reply(414, 'BAD_REQUEST', 'Request path is too long'),
};

function reply(statusCode: number, errorCode: string, message: string): ErrorReply {
  return { statusCode, body: { error_code: errorCode, message } };
}

/**
 * The one mapping from anything a request can throw to an HTTP status and error body.
 * Anything not recognised is a 500; callers log those with the stack.
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof FlywheelError) {
    const mapped = DOMAIN_ERRORS[error.code];
    const body: ErrorBody = { error_code: mapped.errorCode, message: error.message };
    if (error.issues.length > 0) body.details = error.issues;
    return { statusCode: mapped.statusCode, body };
  }
  if (error instanceof HttpRequestError) return reply(error.statusCode, error.errorCode, error.message);
  // The client hung up before its body arrived: nothing to answer, and not the server's fault.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || (error instanceof Error && error.message === 'aborted')) {
    return reply(400, 'BAD_REQUEST', 'The client closed the connection before the request body was complete');
  }
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError && typeof fastifyError.code === 'string') {
    const known = Object.hasOwn(FASTIFY_ERRORS, fastifyError.code) ? FASTIFY_ERRORS[fastifyError.code] : undefined;
    if (known) return known(fastifyError as FastifyError);
    // Another framework-level refusal of the request (its status says so): keep the status.
    const status = fastifyError.statusCode;
    if (fastifyError.code.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) {
      return reply(status, 'BAD_REQUEST', fastifyError.message ?? 'Bad request');
    }
  }
  return reply(500, 'INTERNAL_ERROR', 'Internal error; the server log has the details');
}

/** Sends an error in the shared shape, logging unexpected ones with their stack. */
export function sendError(error: unknown, request: FastifyRequest, res: FastifyReply, logger: Logger): FastifyReply {
  const { statusCode, body } = toErrorReply(error);
  if (statusCode >= 500) {
    logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
  } else {
    logger.debug({ method: request.method, url: request.url, statusCode, error_code: body.error_code }, body.message);
  }
  return res.code(statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Installs the error handler on the root instance; plugins inherit it. */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error, request, res) => sendError(error, request, res, logger));
}

/** The answer for a path no route serves, in the APIs' error shape. */
export function endpointNotFound(logger: Logger): (request: FastifyRequest, res: FastifyReply) => FastifyReply {
  return (request, res) =>
    sendError(
      new HttpRequestError(404, 'ENDPOINT_NOT_FOUND', `No endpoint ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`),
      request,
      res,
      logger,
    );
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL too large,
 * garbage on the wire, a client too slow to send its headers), answered in the same shape.
 */
export function handleClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // The answer to a HEAD request has no body (a client would read one as the next response).
  const head = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  const [statusCode, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request headers (or the URL) are larger than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive']
        : [400, 'Malformed HTTP request'];
  const body = JSON.stringify({ error_code: statusCode === 400 ? 'MALFORMED_REQUEST' : 'BAD_REQUEST', message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${head ? '' : body}`,
    );
  }
  socket.destroy(error);
}
