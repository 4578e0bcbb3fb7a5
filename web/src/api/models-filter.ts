// Filters in MLflow's registry search grammar, built from what a user typed.

/** A string literal of the grammar: backslash escapes quotes and itself. */
export const quoteLiteral = (s: string): string => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** `%` and `_` (and the escape itself) taken literally in a LIKE pattern. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Models whose name contains `text`, any case; undefined (no filter) for blank text.
 *
 * @example nameContainsFilter('iris') // "name ILIKE '%iris%'"
 */
export function nameContainsFilter(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : `name ILIKE ${quoteLiteral(`%${escapeLike(t)}%`)}`;
}

/** Versions of any of these models (the grammar has no IN for names, so ORs). */
export function versionsOfFilter(names: readonly string[]): string {
  return names.map((n) => `name = ${quoteLiteral(n)}`).join(' OR ');
}
