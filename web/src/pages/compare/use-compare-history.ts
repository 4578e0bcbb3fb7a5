import { useMemo } from 'react';
import { bulkHistory } from '../../api/tracking';
import { num, type Series } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import type { ComparedRun } from './compare-data';

export type XAxisMode = 'step' | 'time' | 'relative';
export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'time', 'relative'];
export const X_AXIS_LABELS: Record<XAxisMode, string> = { step: 'Step', time: 'Time', relative: 'Relative time (s)' };

/** One run's points of one metric, in chart coordinates. */
export interface RunSeries {
  runId: string;
  x: number[];
  y: number[];
  /** Points the run has logged for this key in all (the chart shows a downsample). */
  totalPoints: number;
}

export interface HistoryQuery {
  runs: readonly ComparedRun[];
  keys: readonly string[];
  maxPoints: number;
  xAxis: XAxisMode;
  /** The zoomed x range, in chart coordinates. */
  zoom: readonly [number, number] | undefined;
}

// The history-bulk endpoint's limits per request (src/tracking/http/native-limits.ts).
const MAX_RUNS = 100;
const MAX_KEYS = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A point's x on the chart: the step; the time in seconds since the epoch (what a uPlot
 * time axis reads); or the seconds since the run started.
 */
function chartX(mode: XAxisMode, run: ComparedRun, step: number, timestamp: number): number {
  switch (mode) {
    case 'step':
      return step;
    case 'time':
      return timestamp / 1000;
    case 'relative':
      return (timestamp - run.startTime) / 1000;
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/**
 * The server's x range for a zoom. Relative time has one origin per run while a request has
 * one range, so it asks for the union over the runs and the chart clips the rest.
 */
function serverRange(mode: XAxisMode, runs: readonly ComparedRun[], zoom: readonly [number, number]): { xMin: number; xMax: number } {
  const [a, b] = zoom;
  switch (mode) {
    case 'step':
      return { xMin: Math.floor(a), xMax: Math.ceil(b) };
    case 'time':
      return { xMin: Math.floor(a * 1000), xMax: Math.ceil(b * 1000) };
    case 'relative': {
      const starts = runs.map((r) => r.startTime);
      return { xMin: Math.floor(Math.min(...starts) + a * 1000), xMax: Math.ceil(Math.max(...starts) + b * 1000) };
    }
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/**
 * The downsampled histories of every run × key, fetched together (split into requests of
 * at most 100 runs and 100 keys), grouped by key. A zoom refetches only its range, so the
 * same number of points now covers less x: finer detail.
 */
export function useCompareHistory(q: HistoryQuery) {
  const { runs, keys, maxPoints, xAxis, zoom } = q;
  const runIds = runs.map((r) => r.id);
  const range = zoom && runs.length > 0 ? serverRange(xAxis, runs, zoom) : undefined;
  const serverAxis = xAxis === 'step' ? 'step' : 'timestamp';
  const state = useAsync(
    async (signal): Promise<Series[]> => {
      if (runIds.length === 0 || keys.length === 0) return [];
      const requests = chunks(runIds, MAX_RUNS).flatMap((ids) =>
        chunks(keys, MAX_KEYS).map((ks) => bulkHistory({ runIds: ids, keys: ks, maxPoints, xAxis: serverAxis, ...range }, signal)),
      );
      return (await Promise.all(requests)).flat();
    },
    [runIds.join(','), keys.join(','), maxPoints, serverAxis, range?.xMin, range?.xMax],
  );

  const { data } = state;
  const byKey = useMemo(() => {
    const runById = new Map(runs.map((r) => [r.id, r]));
    const out = new Map<string, RunSeries[]>();
    for (const s of data ?? []) {
      const run = runById.get(s.run_id);
      if (!run) continue;
      const x = s.steps.map((step, i) => chartX(xAxis, run, step, s.timestamps[i]!));
      const list = out.get(s.key) ?? [];
      list.push({ runId: s.run_id, x, y: s.values.map(num), totalPoints: s.total_points });
      out.set(s.key, list);
    }
    return out;
  }, [data, runs, xAxis]);

  return { byKey, loading: state.loading, error: state.error, reload: state.reload };
}
