import type { FastifyInstance } from 'fastify';
import { HttpRequestError } from './errors.js';
import { refuseUnstorableJson } from './unstorable-text.js';

/**
 * The largest JSON body accepted. MLflow's own log-batch cap is 1 MB, but metrics/history
 * and search bodies from our UI and SDK can be larger; 64 MB keeps a runaway client from
 * exhausting memory while leaving room for any legitimate request.
 */
export const JSON_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Replaces Fastify's body parsers with one for JSON with one that behaves as MLflow's server does: an empty
 * body is `{}`, a JSON document that is itself a JSON string (older MLflow clients encode
 * twice) is decoded again, and malformed JSON is a 400 MALFORMED_REQUEST. Text that no
 * engine can store (see unstorable-text.ts) is refused here, for every route at once.
 *
 * Plain JSON.parse instead of Fastify's prototype-poisoning-safe parser: this is the ingest
 * hot path, and a `__proto__` key from JSON.parse is an ordinary own property that only
 * becomes dangerous when merged into another object, which no route does.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // JSON only: Fastify's text/plain parser would hand routes a string instead of a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_request, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseJsonBody(body as string);
    } catch (e) {
      done(e as Error, undefined);
      return;
    }
    done(null, parsed);
  });
}

/**
 * Exported for unit tests; throws HttpRequestError on malformed input, and INVALID_ARGUMENT
 * for text no engine can store (a NUL, half a surrogate pair) anywhere in the document.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0 || text.trim().length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch (e) {
    throw new HttpRequestError(400, 'MALFORMED_REQUEST', `Request body is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  refuseUnstorableJson(text, parsed);
  return parsed;
}
