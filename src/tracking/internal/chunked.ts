/** Splits a list into pieces of at most `size`, to keep IN lists under the engines' bound-parameter limits. */
export function* chunked<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
