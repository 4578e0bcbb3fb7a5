import type { TrackingApi } from '../../tracking/index.js';

export interface MetricPoint {
  runId: string;
  key: string;
  step: number;
  timestamp: number;
  value: number;
}

/** The tail API's limits: runs per request and points per answer. */
export const TAIL_RUNS = 100;
const TAIL_POINTS = 10_000;

/**
 * Every point of `keys` logged by `runIds` after `cursor`, with a cursor to continue from.
 * Runs are read 100 to a request; the cursor returned is the smallest any request ended at,
 * so nothing is skipped when points land between requests, at the price of reading some
 * twice (callers drop repeats).
 */
export async function readPoints(tracking: TrackingApi, runIds: readonly string[], keys: string[], cursor: number): Promise<{ points: MetricPoint[]; cursor: number }> {
  const points: MetricPoint[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runIds.length; i += TAIL_RUNS) {
    const chunk = runIds.slice(i, i + TAIL_RUNS);
    let at = cursor;
    for (;;) {
      const page = await tracking.tailMetrics({ runIds: chunk, keys, cursor: at, maxPoints: TAIL_POINTS });
      points.push(...page.points);
      at = page.cursor;
      if (page.points.length < TAIL_POINTS) break;
    }
    next = Math.min(next, at);
  }
  return { points, cursor: Number.isFinite(next) ? next : cursor };
}
