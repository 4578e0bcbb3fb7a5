import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LivePoint } from '../../lib/live-tail';
import { HistoryStore, type HistoryAxis, type KeyHistory } from './history-store';

export interface MetricHistoryOptions {
  runIds: readonly string[];
  keys: readonly string[];
  axis: HistoryAxis;
  /** Points per series the server downsamples to (about a chart's width in pixels). */
  maxPoints: number;
}

export interface MetricHistory {
  /** The chart data of one key; undefined for a key not in `keys`. Stable until it changes. */
  get: (key: string) => KeyHistory | undefined;
  /** Zoom a key's chart into [min, max] in axis units (steps, or ms since epoch); null resets. */
  setZoom: (key: string, range: [number, number] | null) => void;
  /** Read every key again: pass as useLiveTail's onStart, and call when a run ends. */
  reloadAll: () => void;
  /** Append live points: pass as useLiveTail's onPoints. */
  applyLive: (points: LivePoint[]) => void;
}

/**
 * The histories of `keys` for `runIds`, downsampled by the server, with a finer read of a
 * zoomed range and room for live points. Changing runs, axis or maxPoints reads everything
 * again; adding keys reads only those.
 *
 * @example
 * const history = useMetricHistory({ runIds, keys, axis: 'step', maxPoints: 800 });
 * useLiveTail({ runIds, enabled: running, onStart: history.reloadAll, onPoints: history.applyLive });
 * const loss = history.get('loss'); // { series: [{ runId, steps, timestamps, values }], sampling, ... }
 */
export function useMetricHistory(options: MetricHistoryOptions): MetricHistory {
  const [store] = useState(() => new HistoryStore());
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  useEffect(() => () => store.dispose(), [store]);
  const runKey = JSON.stringify(options.runIds);
  const keysKey = JSON.stringify(options.keys);
  useEffect(() => {
    store.sync(JSON.parse(runKey) as string[], JSON.parse(keysKey) as string[], options.axis, options.maxPoints);
  }, [store, runKey, keysKey, options.axis, options.maxPoints]);
  const setZoom = useCallback((key: string, range: [number, number] | null) => store.setZoom(key, range), [store]);
  const reloadAll = useCallback(() => store.reloadAll(), [store]);
  const applyLive = useCallback((points: LivePoint[]) => store.applyLive(points), [store]);
  const get = useCallback((key: string) => store.view(key), [store]);
  return useMemo(() => ({ get, setZoom, reloadAll, applyLive }), [get, setZoom, reloadAll, applyLive]);
}
