/**
 * The text a log view holds: a list of chunks (one text node each, so an append adds or
 * changes one node instead of re-rendering the whole log) with a cap on how much is kept.
 * Past the cap the oldest chunks go: a log of gigabytes must not live in the DOM.
 */
export interface LogChunk {
  id: number;
  text: string;
}

export interface LogBuffer {
  chunks: LogChunk[];
  /** Characters held. */
  chars: number;
  /** Characters dropped from the front to stay under the cap. */
  dropped: number;
  nextId: number;
}

export const EMPTY_LOG: LogBuffer = { chunks: [], chars: 0, dropped: 0, nextId: 0 };

export interface LogLimits {
  /** Most characters held. */
  maxChars: number;
  /** Appends join the last chunk until it is this long, so a log read in small polls stays a few nodes. */
  chunkChars: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { maxChars: 1_000_000, chunkChars: 64 * 1024 };

export function appendLog(buf: LogBuffer, text: string, limits: LogLimits = DEFAULT_LOG_LIMITS): LogBuffer {
  if (text === '') return buf;
  let chunks = buf.chunks;
  let nextId = buf.nextId;
  const last = chunks.at(-1);
  if (last && last.text.length + text.length <= limits.chunkChars) {
    chunks = [...chunks.slice(0, -1), { id: last.id, text: last.text + text }];
  } else {
    chunks = [...chunks, { id: nextId++, text }];
  }
  let chars = buf.chars + text.length;
  let dropped = buf.dropped;
  let first = 0;
  while (chars > limits.maxChars && first < chunks.length - 1) {
    chars -= chunks[first]!.text.length;
    dropped += chunks[first]!.text.length;
    first++;
  }
  if (first > 0) chunks = chunks.slice(first);
  if (chars > limits.maxChars) {
    // One chunk over the cap (a single huge read): keep its tail, from a line start if there is one.
    const only = chunks[0]!;
    let cut = only.text.length - limits.maxChars;
    const newline = only.text.indexOf('\n', cut);
    if (newline !== -1 && newline + 1 < only.text.length) cut = newline + 1;
    chunks = [{ id: only.id, text: only.text.slice(cut) }];
    dropped += cut;
    chars -= cut;
  }
  return { chunks, chars, dropped, nextId };
}

/** The text held, for tests and copying. */
export const logText = (buf: LogBuffer): string => buf.chunks.map((c) => c.text).join('');
