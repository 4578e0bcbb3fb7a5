/** Milliseconds since the epoch; one place to read the time so tests and callers agree. */
export const nowMs = (): number => Date.now();
