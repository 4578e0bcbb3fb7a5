import type { MetricGoal, Trial } from '../../api/sweeps-types';

/** How the trials table is ordered: by number, or by value best first or worst first. */
export const TRIAL_SORTS = ['number', 'best', 'worst'] as const;
export type TrialSort = (typeof TRIAL_SORTS)[number];

/** The trials in the asked order; trials without a value (or with NaN) always come last, by number. */
export function sortTrials(trials: readonly Trial[], sort: TrialSort, goal: MetricGoal): Trial[] {
  const byNumber = (a: Trial, b: Trial) => a.number - b.number;
  if (sort === 'number') return [...trials].sort(byNumber);
  // Best first: ascending for minimize, descending for maximize; worst first the reverse.
  const sign = (goal === 'minimize' ? 1 : -1) * (sort === 'best' ? 1 : -1);
  const has = (t: Trial) => t.value !== null && !Number.isNaN(t.value);
  return [...trials].sort((a, b) => {
    if (!has(a) || !has(b)) return has(a) === has(b) ? byNumber(a, b) : has(a) ? -1 : 1;
    // Equal infinities subtract to NaN, which falls through to the number like any tie.
    return sign * (a.value! - b.value!) || byNumber(a, b);
  });
}

/** The next order when the value header is clicked: number, best first, worst first, number. */
export const nextTrialSort = (s: TrialSort): TrialSort => (s === 'number' ? 'best' : s === 'best' ? 'worst' : 'number');
