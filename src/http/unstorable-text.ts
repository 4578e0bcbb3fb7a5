import type { FastifyRequest } from 'fastify';
import { invalidArgument } from '../core/index.js';

// A NUL, or half of a surrogate pair (not Unicode text). PostgreSQL refuses a NUL in any
// query, so a lookup by such a name was a 500 where SQLite found nothing; both engines'
// UTF-8 turns half a pair into U+FFFD, so it was stored or looked up changed. No Flywheel or
// MLflow field can hold either, so the HTTP layer refuses them in every input, on every
// engine alike (the tracking service refuses them on writes too, for in-process callers).
const HALF_PAIR = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string): boolean => text.includes('\0') || HALF_PAIR.test(text);

const MESSAGE = 'must not contain a NUL character or an unpaired UTF-16 surrogate';

/** The path (`tags.0.value`) of the first string or key in `value` that no engine can store as sent. */
export function unstorableTextPath(value: unknown): string | undefined {
  // Iterative: a body may nest deeper than the call stack.
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const current = next.value;
    if (typeof current === 'string') {
      if (unstorable(current)) return next.path || '(body)';
    } else if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) pending.push({ value: current[i], path: join(next.path, i) });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (unstorable(key)) return join(next.path, key);
        pending.push({ value: item, path: join(next.path, key) });
      }
    }
  }
  return undefined;
}

function refuse(path: string): never {
  throw invalidArgument(`${path}: ${MESSAGE}`, [{ path, message: MESSAGE }]);
}

/**
 * Refuses a parsed JSON body holding unstorable text. `text` is the body as received: in
 * JSON such text can only arrive as a `\u` escape, so a body without one is not walked.
 */
export function refuseUnstorableJson(text: string, parsed: unknown): void {
  if (!text.includes('\\u')) return;
  const path = unstorableTextPath(parsed);
  if (path !== undefined) refuse(path);
}

/**
 * Refuses path parameters and query fields holding a NUL. In a URL it can only arrive as
 * `%00` (half a surrogate pair is invalid UTF-8, which is refused or kept as its `%XX` text),
 * so a URL without one is not walked.
 */
export function refuseUnstorableUrl(request: FastifyRequest): void {
  if (!request.url.includes('%00')) return;
  const path = unstorableTextPath(request.params ?? {}) ?? unstorableTextPath(request.query ?? {});
  if (path !== undefined) refuse(path);
}
