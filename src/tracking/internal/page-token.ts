import { invalidArgument } from '../../core/index.js';

/** Page tokens are opaque to clients: base64 of a small JSON object, as MLflow does. */
export function encodePageToken(value: Record<string, number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodePageToken(token: string | undefined, field: string): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    const v = parsed[field];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  } catch {
    // falls through to the error below
  }
  throw invalidArgument(`Invalid page token '${token.slice(0, 64)}'`);
}
