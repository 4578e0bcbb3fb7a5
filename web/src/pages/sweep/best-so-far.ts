import type { MetricGoal, Trial } from '../../api/sweeps-types';

/** True when `a` is a better value of the metric than `b` for this goal. */
export const isBetter = (a: number, b: number, goal: MetricGoal): boolean => (goal === 'minimize' ? a < b : a > b);

export interface BestSoFarSeries {
  /** Trial numbers, ascending. */
  x: number[];
  /** Each trial's value (null: none yet, or not finite). */
  values: (number | null)[];
  /** The best final value among the trials up to this one (null before the first). */
  best: (number | null)[];
}

/**
 * The best-so-far curve of a sweep. Only completed trials move the best: a stopped or
 * running trial's value was reported part-way through, so it is plotted but is no result.
 */
export function bestSoFar(trials: readonly Trial[], goal: MetricGoal): BestSoFarSeries {
  const sorted = [...trials].sort((a, b) => a.number - b.number);
  const out: BestSoFarSeries = { x: [], values: [], best: [] };
  let best: number | null = null;
  for (const t of sorted) {
    const v = t.value !== null && Number.isFinite(t.value) ? t.value : null;
    if (v !== null && t.state === 'completed' && (best === null || isBetter(v, best, goal))) best = v;
    out.x.push(t.number);
    out.values.push(v);
    out.best.push(best);
  }
  return out;
}
