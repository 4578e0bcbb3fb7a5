import type { Goal } from '../space/space-types.js';
import { invalidArgument, type ValidationIssue } from '../../core/errors.js';
import { bestOf, compareBest, formatValue, isWorse } from './internal/goal-order.js';
import { checkStep, reached } from './internal/milestones.js';
import type { Decision, Stopper } from './stopping-types.js';

export interface MedianStoppingOptions {
  goal: Goal;
  /** Other trials that must have reached step t before anyone is judged there; default 3. */
  minTrials?: number;
  /** No trial is judged before this step; default 0. */
  graceT?: number;
  /** When set, a trial reporting at or past it is complete. */
  maxT?: number;
  metric?: string;
  timeUnit?: string;
}

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): a trial is stopped
 * at step t when its best value so far is strictly worse than the median of the other
 * trials' running averages (mean of their values at steps <= t).
 *
 * Vizier compares with completed trials; like Ray Tune's MedianStoppingRule, "the others"
 * here are the trials that have reported at step t or later (finished or not, stopped ones
 * included), so that in a parallel sweep the rule starts working once `minTrials` trials have
 * got that far, not only after whole trials end. A trial keeps one value per step (a repeated
 * report replaces it), so replaying a history after a controller restart changes no average.
 * NaN is the worst value: a NaN running average sorts last, and a trial whose values are all
 * NaN is worse than any numeric median. An even count's median is the mean of the middle two.
 */
export class MedianStoppingRule implements Stopper {
  private readonly opts: Required<Omit<MedianStoppingOptions, 'maxT'>> & { maxT?: number };
  // trial -> step -> value; kept after a trial ends, as the history others are compared with.
  private readonly history = new Map<string, Map<number, number>>();
  private readonly lastT = new Map<string, number>();
  private readonly ended = new Map<string, Decision>();

  constructor(options: MedianStoppingOptions) {
    const issues: ValidationIssue[] = [];
    const { minTrials = 3, graceT = 0, maxT } = options;
    if (!(Number.isInteger(minTrials) && minTrials >= 1)) issues.push({ path: 'min_trials', message: 'must be an integer >= 1' });
    if (!(Number.isFinite(graceT) && graceT >= 0)) issues.push({ path: 'grace_t', message: 'must be a number >= 0' });
    if (maxT !== undefined && !(Number.isFinite(maxT) && maxT > 0)) issues.push({ path: 'max_t', message: 'must be a number above 0' });
    if (issues.length > 0) throw invalidArgument('invalid median stopping rule', issues);
    this.opts = { metric: 'metric', timeUnit: 't', ...options, minTrials, graceT };
  }

  report(trialId: string, t: number, value: number): Decision {
    checkStep(trialId, t);
    const ended = this.ended.get(trialId);
    if (ended) return ended;
    const steps = this.history.get(trialId) ?? new Map<number, number>();
    this.history.set(trialId, steps.set(t, value));
    this.lastT.set(trialId, Math.max(t, this.lastT.get(trialId) ?? -Infinity));

    const { goal, minTrials, graceT, maxT, metric, timeUnit } = this.opts;
    if (maxT !== undefined && reached(t, maxT)) {
      const done: Decision = { action: 'complete' };
      this.ended.set(trialId, done);
      return done;
    }
    if (t < graceT) return { action: 'continue' };
    // A trial that first reported past t has no average up to t, so it is not one of the others.
    const averages = [...this.lastT]
      .filter(([id, last]) => id !== trialId && last >= t)
      .map(([id]) => this.valuesUpTo(id, t))
      .filter((values) => values.length > 0)
      .map((values) => values.reduce((a, b) => a + b, 0) / values.length);
    if (averages.length < minTrials) return { action: 'continue' };

    const median = medianOf(goal, averages);
    const best = bestOf(goal, this.valuesUpTo(trialId, t));
    if (!isWorse(goal, best, median)) return { action: 'continue', cutoff: median };
    const stop: Decision = {
      action: 'stop',
      cutoff: median,
      reason:
        `${metric} best ${formatValue(best)} by ${timeUnit} ${formatValue(t)} is worse than the median ` +
        `${formatValue(median)} of ${averages.length} other trials' running averages up to that ${timeUnit}`,
    };
    this.ended.set(trialId, stop);
    return stop;
  }

  remove(trialId: string): void {
    this.ended.delete(trialId);
  }

  private valuesUpTo(trialId: string, t: number): number[] {
    return [...(this.history.get(trialId) ?? [])].filter(([step]) => step <= t).map(([, v]) => v);
  }

}

function medianOf(goal: Goal, values: number[]): number {
  const sorted = [...values].sort((a, b) => compareBest(goal, a, b));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
