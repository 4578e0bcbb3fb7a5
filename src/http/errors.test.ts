import { describe, expect, it } from 'vitest';
import { FlywheelError, invalidArgument } from '../core/index.js';
import { HttpRequestError, toErrorReply } from './errors.js';

describe('the error mapping', () => {
  it.each([
    ['INVALID_ARGUMENT', 400, 'INVALID_PARAMETER_VALUE'],
    ['NOT_FOUND', 404, 'RESOURCE_DOES_NOT_EXIST'],
    ['ALREADY_EXISTS', 400, 'RESOURCE_ALREADY_EXISTS'],
    ['CONFLICT', 409, 'RESOURCE_CONFLICT'],
    ['FAILED_PRECONDITION', 400, 'INVALID_STATE'],
    ['PAYLOAD_TOO_LARGE', 413, 'BAD_REQUEST'],
    ['UNAVAILABLE', 503, 'TEMPORARILY_UNAVAILABLE'],
    ['INTERNAL', 500, 'INTERNAL_ERROR'],
  ] as const)('maps %s to %i %s', (code, status, errorCode) => {
    expect(toErrorReply(new FlywheelError(code, 'msg'))).toEqual({ statusCode: status, body: { error_code: errorCode, message: 'msg' } });
  });

  it('carries validation issues as details', () => {
    const reply = toErrorReply(invalidArgument('bad', [{ path: 'a', message: 'm' }]));
    expect(reply.body.details).toEqual([{ path: 'a', message: 'm' }]);
  });

  it("maps Fastify's own refusals to 4xx in the same shape", () => {
    const tooLarge = Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toErrorReply(tooLarge)).toMatchObject({ statusCode: 413, body: { error_code: 'BAD_REQUEST' } });
    const media = Object.assign(new Error('media'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    expect(toErrorReply(media).statusCode).toBe(415);
    const other = Object.assign(new Error('odd'), { code: 'FST_ERR_SOMETHING_NEW', statusCode: 400 });
    expect(toErrorReply(other)).toMatchObject({ statusCode: 400, body: { error_code: 'BAD_REQUEST' } });
  });

  it('keeps the status and code of an HttpRequestError', () => {
    expect(toErrorReply(new HttpRequestError(404, 'ENDPOINT_NOT_FOUND', 'no'))).toEqual({
      statusCode: 404,
      body: { error_code: 'ENDPOINT_NOT_FOUND', message: 'no' },
    });
  });

  it('turns anything unexpected into a 500 without leaking its message', () => {
    const reply = toErrorReply(new TypeError('secret internals'));
    expect(reply).toEqual({ statusCode: 500, body: { error_code: 'INTERNAL_ERROR', message: expect.not.stringContaining('secret') } });
    expect(toErrorReply(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' })).statusCode).toBe(500);
  });
});
