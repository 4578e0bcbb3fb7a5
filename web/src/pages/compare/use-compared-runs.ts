import { useCallback, useMemo, useRef } from 'react';
import { getRun } from '../../api/tracking';
import type { Run } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import { type ComparedRun, toComparedRun } from './compare-data';
import { assignRunColors } from './run-colors';

export interface RunLoadFailure {
  id: string;
  error: Error;
}

export interface ComparedRuns {
  /** The runs that loaded, in the order the URL lists them. */
  runs: ComparedRun[];
  /** The ids that did not load (unknown id, server down), each with the server's message. */
  failures: RunLoadFailure[];
  loading: boolean;
  /** Loads the failed ids again. */
  retry: () => void;
}

type Outcome = { run: Run; error?: undefined } | { run?: undefined; error: Error };

// Enough parallel requests to fill the pipe for a few hundred runs without queueing up the server.
const CONCURRENCY = 8;

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Loads the compared runs one `runs/get` each, so one unknown id costs only itself. Runs
 * already loaded are kept when the list changes: removing a run refetches nothing.
 */
export function useComparedRuns(ids: readonly string[]): ComparedRuns {
  const cache = useRef(new Map<string, Outcome>());
  const key = ids.join(',');
  const state = useAsync(async () => {
    const missing = ids.filter((id) => !cache.current.has(id));
    await eachLimited(missing, CONCURRENCY, async (id) => {
      try {
        cache.current.set(id, { run: await getRun(id) });
      } catch (e) {
        cache.current.set(id, { error: e instanceof Error ? e : new Error(String(e)) });
      }
    });
    return ids.map((id) => [id, cache.current.get(id)!] as const);
  }, [key]);

  const { reload } = state;
  const retry = useCallback(() => {
    for (const [id, outcome] of cache.current) if (outcome.error) cache.current.delete(id);
    reload();
  }, [reload]);

  const { data } = state;
  const result = useMemo(() => {
    const colors = assignRunColors(ids);
    const runs: ComparedRun[] = [];
    const failures: RunLoadFailure[] = [];
    for (const [id, outcome] of data ?? []) {
      if (!ids.includes(id)) continue;
      if (outcome.run) runs.push(toComparedRun(outcome.run, colors.get(id)!));
      else failures.push({ id, error: outcome.error });
    }
    return { runs, failures };
    // `key` stands for `ids`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, key]);

  return { ...result, loading: state.loading, retry };
}
