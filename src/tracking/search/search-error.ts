import { invalidArgument, type FlywheelError } from '../../core/errors.js';

/** The text being parsed and how errors name it: the filter, or one order_by clause. */
export interface SearchSource {
  text: string;
  /** How the message names the input, e.g. `filter`, `order_by clause`. */
  label: string;
  /** Where the issue points in the request, e.g. `filter`, `order_by[2]`. */
  path: string;
}

// A filter can be long (generated IN lists); quoting all of it would bury the message.
const MAX_QUOTED = 160;

/**
 * An INVALID_ARGUMENT that quotes the input and says where the problem is, as a 0-based
 * character offset: `Invalid filter 'metrics.acc >': expected a value after '>' at position 13`.
 */
export function syntaxError(source: SearchSource, detail: string, position: number): FlywheelError {
  const where = `${detail} at position ${position}`;
  return invalidArgument(`Invalid ${source.label} '${excerpt(source.text, position)}': ${where}`, [
    { path: source.path, message: where },
  ]);
}

function excerpt(text: string, position: number): string {
  if (text.length <= MAX_QUOTED) return text;
  const start = Math.max(0, Math.min(position - MAX_QUOTED / 2, text.length - MAX_QUOTED));
  const end = start + MAX_QUOTED;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** A character as a message shows it: printable ones quoted, others as a code point. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
