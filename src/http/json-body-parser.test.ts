import { describe, expect, it } from 'vitest';
import { HttpRequestError } from './errors.js';
import { parseJsonBody } from './json-body-parser.js';

describe('the JSON body parser', () => {
  it('reads an empty or blank body as {}', () => {
    expect(parseJsonBody('')).toEqual({});
    expect(parseJsonBody('  \n')).toEqual({});
  });

  it('decodes a document that is itself a JSON string, as older MLflow clients send', () => {
    expect(parseJsonBody(JSON.stringify(JSON.stringify({ a: 1 })))).toEqual({ a: 1 });
  });

  it('refuses malformed JSON as MALFORMED_REQUEST', () => {
    expect(() => parseJsonBody('{"a":')).toThrow(HttpRequestError);
    try {
      parseJsonBody('{"a":');
    } catch (e) {
      expect((e as HttpRequestError).errorCode).toBe('MALFORMED_REQUEST');
      expect((e as HttpRequestError).statusCode).toBe(400);
    }
  });
});
