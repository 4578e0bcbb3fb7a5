/**
 * A LIKE pattern, read once with PostgreSQL's rules (`%` any run, `_` one character, a
 * backslash makes the next character literal) and written out for each engine, so both
 * engines match the same rows. A trailing lone backslash is a literal backslash here;
 * PostgreSQL would reject it with an error.
 */
export type LikePart = { kind: 'any' } | { kind: 'one' } | { kind: 'literal'; char: string };

export function parseLikePattern(pattern: string): LikePart[] {
  const parts: LikePart[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) {
      i += 1;
      parts.push({ kind: 'literal', char: pattern[i]! });
    } else if (char === '%') {
      parts.push({ kind: 'any' });
    } else if (char === '_') {
      parts.push({ kind: 'one' });
    } else {
      parts.push({ kind: 'literal', char });
    }
  }
  return parts;
}

/** For `LIKE`/`ILIKE` with backslash as the escape (PostgreSQL's default; SQLite needs `ESCAPE '\'`). */
export function toEscapedLike(parts: LikePart[]): string {
  return parts.map((part) => (part.kind === 'any' ? '%' : part.kind === 'one' ? '_' : escapeLikeChar(part.char))).join('');
}

/** For SQLite's GLOB, which is case-sensitive where SQLite's LIKE is not. */
export function toGlob(parts: LikePart[]): string {
  return parts.map((part) => (part.kind === 'any' ? '*' : part.kind === 'one' ? '?' : escapeGlobChar(part.char))).join('');
}

const escapeLikeChar = (char: string): string => (char === '%' || char === '_' || char === '\\' ? `\\${char}` : char);

// GLOB has no escape character: a metacharacter is made literal as a one-character class.
const escapeGlobChar = (char: string): string => (char === '*' || char === '?' || char === '[' ? `[${char}]` : char);
