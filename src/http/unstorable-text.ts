import type { FastifyRequest } from 'fastify';
import { invalidArgument, isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../core/index.js';

const unstorable = (text: string): boolean => !isStorableText(text);

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
  throw invalidArgument(`${path}: ${UNSTORABLE_TEXT_MESSAGE}`, [{ path, message: UNSTORABLE_TEXT_MESSAGE }]);
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
