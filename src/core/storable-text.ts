// A NUL, or half of a surrogate pair (not Unicode text): PostgreSQL refuses a NUL in any query
// (a 500 where SQLite stored it or found nothing), and both engines' UTF-8 turns half a pair
// into U+FFFD (stored or looked up changed). No Flywheel or MLflow field can hold either, so
// every engine refuses them alike: the HTTP layer in every input, the services on writes.
const HALF_PAIR = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether every engine stores `text` exactly as given. */
export function isStorableText(text: string): boolean {
  return !text.includes('\0') && !HALF_PAIR.test(text);
}

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain a NUL character or an unpaired UTF-16 surrogate';
