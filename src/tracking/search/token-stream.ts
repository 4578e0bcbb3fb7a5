import type { FlywheelError } from '../../core/errors.js';
import { syntaxError, type SearchSource } from './search-error.js';
import { tokenize, type Token } from './tokenizer.js';

/** A cursor over the tokens of one source, with the error helper the parsers share. */
export class TokenStream {
  readonly source: SearchSource;
  private readonly tokens: Token[];
  private index = 0;

  constructor(source: SearchSource) {
    this.source = source;
    this.tokens = tokenize(source);
  }

  peek(): Token {
    // The last token is always `end`, so the cursor never runs past the array.
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** Consumes the next token if it is the keyword `word` (keywords are case-insensitive). */
  acceptKeyword(word: string): Token | undefined {
    const token = this.peek();
    if (!isKeyword(token, word)) return undefined;
    return this.next();
  }

  fail(detail: string, position: number): FlywheelError {
    return syntaxError(this.source, detail, position);
  }
}

export function isKeyword(token: Token, word: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === word;
}

/** How a message names a token the parser did not expect. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'word':
    case 'operator':
      return `'${token.text}'`;
    case 'string':
      return `the quoted string ${token.quote}${token.value}${token.quote}`;
    case '(':
    case ')':
    case ',':
      return `'${token.kind}'`;
    case 'end':
      return 'the end';
    default: {
      const unreachable: never = token;
      return String(unreachable);
    }
  }
}
