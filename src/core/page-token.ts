import { invalidArgument } from './errors.js';

/**
 * Page tokens of lists ordered newest first by (created time, id): the last item's pair,
 * opaque to clients. A token that does not decode is the client's error, never a 500.
 */
export function encodeTimeIdToken(t: number, id: string): string {
  return Buffer.from(JSON.stringify({ t, id })).toString('base64');
}

export function decodeTimeIdToken(token: string | undefined): { t: number; id: string } | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { t?: unknown; id?: unknown };
    if (typeof v.t === 'number' && typeof v.id === 'string') return { t: v.t, id: v.id };
  } catch {
    // falls through to the error below
  }
  throw invalidArgument(`Invalid page token '${token.slice(0, 64)}'`);
}
