/*
 * Waiting in tests: for an event, never for a length of time. A test that waits for a
 * condition polls it until it holds; the overall limit only turns a hang into a failure that
 * names what never happened, and is generous because CI shares two cores with other work.
 */

/** How long `waitUntil` waits by default before failing the test. */
export const WAIT_LIMIT_MS = 30_000;

/**
 * Resolves with the condition's first truthy value, checking every `intervalMs`; rejects,
 * naming `what`, if it has not held within `limitMs`.
 *
 * @example
 * await waitUntil(() => seen.length >= 16, '16 answers from version 1');
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  what: string,
  options: { limitMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const limitMs = options.limitMs ?? WAIT_LIMIT_MS;
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Waited ${limitMs / 1000} s for ${what}, which never happened`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 10));
  }
}

/** A promise with its resolve function, for a hook to say that something happened. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
