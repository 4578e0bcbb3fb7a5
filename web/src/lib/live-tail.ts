import { useEffect, useRef, useState } from 'react';
import { tailMetrics } from '../api/tracking';
import { num } from '../api/types';

/** One metric point logged while the page was open. */
export interface LivePoint {
  runId: string;
  key: string;
  step: number;
  timestamp: number;
  /** NaN and ±Infinity decoded. */
  value: number;
}

export interface LiveTailOptions {
  runIds: readonly string[];
  /** Only these keys; all keys of the runs when left out. */
  keys?: readonly string[];
  /** Poll only while true (e.g. while a run is RUNNING and its charts are on screen). */
  enabled: boolean;
  /** Pause between polls; 2000 ms by default. */
  intervalMs?: number;
  /** Cap on the points one tail call returns; 10,000 by default. */
  maxPointsPerPoll?: number;
  /** New points, in logging order. May repeat points the page already holds: drop those by x. */
  onPoints: (points: LivePoint[]) => void;
  /**
   * Called once the start cursor is known, before the first poll. History read after this
   * call and the points passed to `onPoints` afterwards leave no gap between them, so
   * reload (downsampled) histories here; see "Where the tail starts" below.
   */
  onStart?: () => void;
}

export interface LiveTailState {
  /** True once the start cursor is known and polls are running. */
  active: boolean;
  /** When the last poll answered (ms since epoch). */
  lastPollAt: number | undefined;
  /** The last poll's failure; polling goes on, slower, and clears this on success. */
  error: Error | undefined;
}

const DEFAULT_INTERVAL_MS = 2000;
const DEFAULT_MAX_POINTS = 10_000;
const MAX_BACKOFF_MS = 30_000;

/*
 * Where the tail starts.
 *
 * metrics/tail answers the points of chunks (one log-batch's points of one series) whose id
 * is greater than `cursor`, and returns the last id it read as the next cursor. Chunk ids
 * grow with every write, across all runs. A page that has just drawn a run's history from
 * history-bulk wants only what comes after it, but neither endpoint says which chunk id the
 * history ended at. Starting at 0 would stream the whole history again (a 1M-point run
 * is 1M points through the tail), so instead we search for the run's newest chunk id:
 *
 * `tail(cursor = c, max_points = 1)` is empty exactly when no chunk of these runs has an id
 * above c, and otherwise returns the id of the first such chunk. That predicate only turns
 * from "empty" to "non-empty" as runs log more, so galloping from the first chunk and then
 * bisecting finds the newest id in about 2·log2(chunks of the run) small calls (about 20
 * for a run of 1,000 batches), each answering one chunk.
 *
 * The id found may be newer than the history the page drew if the page read it before the
 * search ended; points between the two would be lost. So `onStart` fires when the search
 * is done, and the page reloads its (downsampled, cheap) histories then: every history read
 * after that includes every chunk up to the cursor, and the tail delivers everything after
 * it. Points in both are dropped by the page because their x is not past its last point.
 *
 * The search goes away if history-bulk returns the chunk id it read up to (asked for).
 */

/** The newest chunk id of these runs (and keys), or 0 when they have none. */
export async function findTailCursor(runIds: readonly string[], keys: readonly string[] | undefined, signal?: AbortSignal): Promise<number> {
  const probe = async (cursor: number): Promise<number | undefined> => {
    const res = await tailMetrics({ runIds: [...runIds], ...(keys ? { keys: [...keys] } : {}), cursor, maxPoints: 1 }, signal);
    return res.points.length > 0 ? res.cursor : undefined;
  };
  const first = await probe(0);
  if (first === undefined) return 0;
  // Invariants: a chunk with id `lo` exists; no chunk has an id above `hi`.
  let lo = first;
  let hi = Number.MAX_SAFE_INTEGER;
  for (let step = 1; lo + step < hi; step *= 2) {
    const next = await probe(lo + step);
    if (next === undefined) {
      hi = lo + step;
      break;
    }
    lo = next;
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const next = await probe(mid);
    if (next === undefined) hi = mid;
    else lo = next;
  }
  return lo;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Polls metrics/tail while `enabled`, passing new points to `onPoints`. Stops when
 * disabled or unmounted; a failed poll is reported in `error` and retried with backoff.
 *
 * @example
 * const live = useLiveTail({
 *   runIds: [runId],
 *   enabled: run.info.status === 'RUNNING',
 *   onStart: () => history.reloadAll(),
 *   onPoints: (points) => history.applyLive(points),
 * });
 */
export function useLiveTail(options: LiveTailOptions): LiveTailState {
  const { enabled, intervalMs = DEFAULT_INTERVAL_MS, maxPointsPerPoll = DEFAULT_MAX_POINTS } = options;
  const runKey = options.runIds.join(',');
  const keysKey = options.keys ? options.keys.join(',') : undefined;
  const callbacks = useRef(options);
  callbacks.current = options;
  const [state, setState] = useState<LiveTailState>({ active: false, lastPollAt: undefined, error: undefined });

  useEffect(() => {
    if (!enabled || runKey === '') {
      setState((s) => (s.active || s.error ? { active: false, lastPollAt: s.lastPollAt, error: undefined } : s));
      return undefined;
    }
    const controller = new AbortController();
    const { signal } = controller;
    const runIds = runKey.split(',');
    const keys = keysKey === undefined ? undefined : keysKey.split(',').filter(Boolean);
    void (async () => {
      let cursor: number | undefined;
      let wait = 0;
      let failures = 0;
      while (!signal.aborted) {
        if (wait > 0) await sleep(wait, signal);
        if (signal.aborted) break;
        try {
          if (cursor === undefined) {
            cursor = await findTailCursor(runIds, keys, signal);
            if (signal.aborted) break;
            callbacks.current.onStart?.();
            setState({ active: true, lastPollAt: Date.now(), error: undefined });
          } else {
            // Several calls in a row only while a poll comes back nearly full (a backlog).
            for (let round = 0; round < 10 && !signal.aborted; round++) {
              const res = await tailMetrics({ runIds, ...(keys ? { keys } : {}), cursor, maxPoints: maxPointsPerPoll }, signal);
              if (signal.aborted) break;
              cursor = res.cursor;
              if (res.points.length > 0) {
                callbacks.current.onPoints(
                  res.points.map((p) => ({ runId: p.run_id, key: p.key, step: p.step, timestamp: p.timestamp, value: num(p.value) })),
                );
              }
              if (res.points.length < maxPointsPerPoll / 2) break;
            }
            if (signal.aborted) break;
            setState({ active: true, lastPollAt: Date.now(), error: undefined });
          }
          failures = 0;
          wait = intervalMs;
        } catch (e) {
          if (signal.aborted || (e as Error).name === 'AbortError') break;
          failures++;
          wait = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures);
          setState((s) => ({ ...s, error: e as Error }));
        }
      }
    })();
    return () => controller.abort();
  }, [enabled, runKey, keysKey, intervalMs, maxPointsPerPoll]);

  return enabled ? state : { active: false, lastPollAt: state.lastPollAt, error: undefined };
}
