import { useCallback, useEffect, useRef, useState } from 'react';
import { usePageVisible } from './use-page-visible';

export interface PollState<T> {
  data: T | undefined;
  /** The last load's failure; polling goes on, slower, and clears this on success. */
  error: Error | undefined;
  /** True until the first load for the current dependencies has answered. */
  loading: boolean;
  /** Loads again now (after an action that changed what is shown). */
  reload: () => void;
}

export interface PollOptions<T> {
  intervalMs: number;
  /**
   * Keep polling after the first load only while true; a function decides from the data
   * last loaded (e.g. while the job loaded can still change).
   */
  live: boolean | ((data: T) => boolean);
}

const MAX_BACKOFF_MS = 30_000;

/**
 * useAsync that repeats: loads when `deps` change, then again `intervalMs` after each answer
 * (never two at once) while `live` and the tab is visible. A hidden tab costs no requests;
 * coming back loads at once. Data stays on screen while the next load runs or fails.
 *
 * @example
 * const job = usePoll((signal) => getJob(id, signal), [id], { intervalMs: 1000, live: (job) => !ended(job) });
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], options: PollOptions<T>): PollState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [nonce, setNonce] = useState(0);
  const visible = usePageVisible();
  const loadRef = useRef(load);
  loadRef.current = load;
  const live = typeof options.live === 'function' ? state.data === undefined || options.live(state.data) : options.live;
  const gate = useRef({ open: live && visible, wake: () => {} });
  gate.current.open = live && visible;
  const { intervalMs } = options;

  // The loop waits on the gate rather than restarting, so `live` turning false (a job ended)
  // does not cost one more load, and turning true again resumes where it was.
  useEffect(() => {
    if (gate.current.open) gate.current.wake();
  }, [live, visible]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState((s) => ({ ...s, loading: true }));
    void (async () => {
      let failures = 0;
      for (let first = true; !signal.aborted; first = false) {
        if (!first) {
          await sleep(failures === 0 ? intervalMs : Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures), signal);
          while (!gate.current.open && !signal.aborted) await new Promise<void>((wake) => wakeOn(gate.current, wake, signal));
          if (signal.aborted) break;
        }
        try {
          const data = await loadRef.current(signal);
          if (signal.aborted) break;
          failures = 0;
          setState({ data, error: undefined, loading: false });
        } catch (e) {
          if (signal.aborted || (e as Error).name === 'AbortError') break;
          failures++;
          setState((s) => ({ data: s.data, error: e as Error, loading: false }));
        }
      }
    })();
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce, intervalMs]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

// Both helpers drop their abort listener once done: a loop that runs for hours would
// otherwise pile one listener per poll onto its signal.

function wakeOn(gate: { wake: () => void }, wake: () => void, signal: AbortSignal): void {
  const onAbort = () => wake();
  gate.wake = () => {
    signal.removeEventListener('abort', onAbort);
    wake();
  };
  signal.addEventListener('abort', onAbort, { once: true });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
