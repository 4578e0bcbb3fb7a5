import { describeToken, type TokenStream } from './token-stream.js';

/** An identifier as written, before a search's vocabulary gives it a meaning. */
export interface RawIdentifier {
  /** The entity type before the first dot (`metrics`), or null for a bare name (`status`). */
  type: string | null;
  key: string;
  /** The identifier as written, for messages. */
  text: string;
  start: number;
  end: number;
}

/** What a resolver returns for an identifier it does not know: the message detail. */
export interface UnknownIdentifier {
  error: string;
}

/** Turns a raw identifier into a search's own field, or says what is wrong with it. */
export type Resolver<T> = (identifier: RawIdentifier) => T | UnknownIdentifier;

export const isUnknown = (resolved: unknown): resolved is UnknownIdentifier =>
  typeof resolved === 'object' && resolved !== null && 'error' in resolved;

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS', 'NULL', 'ASC', 'DESC']);

/**
 * Reads `type.key`, `type.\`quoted key\``, `type."quoted key"` or a bare name. The key of an
 * unquoted identifier is everything after the first dot, so `tags.mlflow.source.type` works.
 */
export function readIdentifier(stream: TokenStream): RawIdentifier {
  const token = stream.next();
  const expected = 'expected an identifier such as metrics.accuracy, params.lr or attributes.status';
  if (token.kind !== 'word') throw stream.fail(`${expected}, found ${describeToken(token)}`, token.start);
  const dot = token.text.indexOf('.');
  if (dot === -1) {
    if (KEYWORDS.has(token.text.toUpperCase())) throw stream.fail(`${expected}, found the keyword '${token.text}'`, token.start);
    return { type: null, key: token.text, text: token.text, start: token.start, end: token.end };
  }
  if (dot === 0) throw stream.fail(`expected an entity type such as metrics, params or tags before '.'`, token.start);
  const type = token.text.slice(0, dot);
  if (dot < token.text.length - 1) {
    return { type, key: token.text.slice(dot + 1), text: token.text, start: token.start, end: token.end };
  }
  // `metrics.` must be followed, with no space, by a key in backticks or double quotes.
  const quoted = stream.peek();
  if (quoted.kind !== 'string' || quoted.start !== token.end) {
    throw stream.fail(`expected a key after '${token.text}' (quote keys with spaces in backticks)`, token.end);
  }
  if (quoted.quote === "'") {
    throw stream.fail(`quote the key after '${token.text}' with backticks or double quotes, not single quotes`, quoted.start);
  }
  if (quoted.value === '') throw stream.fail(`empty key after '${token.text}'`, quoted.start);
  stream.next();
  const text = `${token.text}${quoted.quote}${quoted.value}${quoted.quote}`;
  return { type, key: quoted.value, text, start: token.start, end: quoted.end };
}
