import type { Goal } from '../../space/space-types.js';

/**
 * Orders metric values best first for a goal. NaN (a diverged trial, a metric that could
 * not be computed) is worse than every number, for either goal, so it never sets a cutoff
 * that a real value fails.
 */
export function compareBest(goal: Goal, a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  if (a === b) return 0;
  return (goal === 'maximize' ? a > b : a < b) ? -1 : 1;
}

/** True when `a` is strictly worse than `b` for the goal (NaN is worst). */
export const isWorse = (goal: Goal, a: number, b: number): boolean => compareBest(goal, a, b) > 0;

/** The best of a non-empty list (NaN only if all are NaN). */
export const bestOf = (goal: Goal, values: readonly number[]): number =>
  values.reduce((best, v) => (compareBest(goal, v, best) < 0 ? v : best));

/** Four significant digits are enough to tell a user why a trial was stopped. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
