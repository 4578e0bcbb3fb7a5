import { describeChar, syntaxError, type SearchSource } from './search-error.js';

export type Quote = "'" | '"' | '`';
export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Offsets are UTF-16 indices into the source; `end` is exclusive. */
interface Span {
  start: number;
  end: number;
}

export type Token =
  /** A bare run of key characters: an identifier, a keyword or a number. */
  | (Span & { kind: 'word'; text: string })
  | (Span & { kind: 'string'; quote: Quote; value: string })
  | (Span & { kind: 'operator'; text: Operator })
  | (Span & { kind: '(' | ')' | ',' })
  | (Span & { kind: 'end' });

// Unquoted keys may hold dots (`tags.mlflow.source.type`), slashes, colons and dashes, as
// MLflow clients send them; `+` and `-` also make numbers like `-1.5e+3` one word.
const WORD_CHAR = /^[\p{L}\p{N}_.\-/:+]$/u;
const SPACE = /^\s$/u;

/** Splits a filter or order_by clause into tokens; throws INVALID_ARGUMENT on a bad character or quote. */
export function tokenize(source: SearchSource): Token[] {
  const text = source.text;
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = charAt(text, i);
    if (SPACE.test(char)) {
      i += char.length;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, start: i, end: i + 1 });
      i += 1;
    } else if (char === "'" || char === '"' || char === '`') {
      const token = readQuoted(source, i, char);
      tokens.push(token);
      i = token.end;
    } else if ('=!<>'.includes(char)) {
      const token = readOperator(source, i);
      tokens.push(token);
      i = token.end;
    } else if (WORD_CHAR.test(char)) {
      let end = i;
      while (end < text.length && WORD_CHAR.test(charAt(text, end))) end += charAt(text, end).length;
      tokens.push({ kind: 'word', text: text.slice(i, end), start: i, end });
      i = end;
    } else if (char === '\0') {
      // PostgreSQL rejects NUL in text parameters; refusing it here keeps both engines alike.
      throw syntaxError(source, 'NUL characters are not allowed', i);
    } else {
      throw syntaxError(source, `unexpected character ${describeChar(char)}`, i);
    }
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

/** One code point, so that letters outside the BMP count as word characters. */
function charAt(text: string, i: number): string {
  return String.fromCodePoint(text.codePointAt(i) ?? 0);
}

/**
 * A quoted string or key. The quote is escaped by doubling it (SQL style) or with a backslash
 * (Python style, as MLflow clients write); `\\` is one backslash. Any other backslash is kept
 * as written, so LIKE escapes such as `'50\%'` reach the pattern unchanged.
 */
function readQuoted(source: SearchSource, start: number, quote: Quote): Token {
  const text = source.text;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];
    if (char === '\\' && (next === quote || next === '\\')) {
      value += next;
      i += 2;
    } else if (char === quote && next === quote) {
      value += quote;
      i += 2;
    } else if (char === quote) {
      return { kind: 'string', quote, value, start, end: i + 1 };
    } else if (char === '\0') {
      throw syntaxError(source, 'NUL characters are not allowed', i);
    } else {
      value += char;
      i += 1;
    }
  }
  throw syntaxError(source, `unterminated ${quote === '`' ? 'backtick' : 'quoted'} string starting`, start);
}

function readOperator(source: SearchSource, start: number): Token {
  const two = source.text.slice(start, start + 2);
  if (two === '==') throw syntaxError(source, "unknown comparator '=='; use '='", start);
  if (two === '<>') throw syntaxError(source, "unknown comparator '<>'; use '!='", start);
  if (two === '!=' || two === '<=' || two === '>=') return { kind: 'operator', text: two, start, end: start + 2 };
  const one = source.text.charAt(start);
  if (one === '=' || one === '<' || one === '>') return { kind: 'operator', text: one, start, end: start + 1 };
  throw syntaxError(source, "unexpected character '!'; did you mean '!='", start);
}
