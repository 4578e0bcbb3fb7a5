import type { Trial } from '../../core/tuning-types.js';
import type { SweepConfig } from '../config/index.js';
import { GridSampler, RandomSampler, TpeSampler, tpeSamplerOptions } from '../search/index.js';
import type { Assignment, Goal, Observation } from '../space/space-types.js';
import { Asha, Hyperband, MedianStoppingRule, type Stopper } from '../stopping/index.js';

/**
 * The next point to try given every trial so far, or undefined when the space is used up
 * (grid only). Every trial is passed, failed ones too: the samplers derive their random
 * stream from the history's length and a grid skips points already tried, so leaving a
 * failed trial out would propose its point again.
 */
export type Suggest = (trials: readonly Trial[]) => Assignment | undefined;

export function samplerFor(config: SweepConfig): Suggest {
  const history = (trials: readonly Trial[]): Observation[] => observations(config.metric.goal, trials);
  switch (config.method) {
    case 'grid': {
      const grid = new GridSampler(config.space);
      return (trials) => grid.next(history(trials));
    }
    case 'random': {
      const random = new RandomSampler(config.space, { seed: config.seed ?? 0 });
      return (trials) => random.suggest(history(trials));
    }
    case 'tpe': {
      const sampler = new TpeSampler(config.space, config.tpe ? tpeSamplerOptions(config.tpe, config.seed ?? 0) : { seed: config.seed ?? 0 });
      return (trials) => sampler.suggest(history(trials));
    }
  }
}

/**
 * Trials as samplers see them: values to minimise. Running, failed and cancelled trials have
 * none (the constant liar counts them as bad, so parallel workers and retries do not pile
 * onto one point). A trial stopped early ranks behind every completed one, the further it
 * got the better, then by its last value, as Optuna orders pruned trials: its value comes
 * from less training, so it must not look as good as a finished trial's. Samplers only
 * order values, so ranks placed above the worst completed value are enough.
 */
export function observations(goal: Goal, trials: readonly Pick<Trial, 'number' | 'state' | 'params' | 'value' | 'lastT'>[]): Observation[] {
  const sign = goal === 'maximize' ? -1 : 1;
  const valued = (t: Pick<Trial, 'value'>) => t.value !== null && !Number.isNaN(t.value);
  const completed = trials.filter((t) => t.state === 'completed' && valued(t)).map((t) => sign * t.value!);
  const worst = completed.length > 0 ? Math.max(...completed) : 0;
  const stopped = trials
    .filter((t) => t.state === 'stopped' && valued(t))
    .sort((a, b) => (b.lastT ?? 0) - (a.lastT ?? 0) || sign * a.value! - sign * b.value! || a.number - b.number);
  const stoppedRank = new Map(stopped.map((t, i) => [t.number, worst + 1 + i]));
  return trials.map((t) => {
    if (t.state === 'completed' && valued(t)) return { params: t.params, value: sign * t.value! };
    const rank = stoppedRank.get(t.number);
    return rank === undefined ? { params: t.params } : { params: t.params, value: rank };
  });
}

/** The sweep's early-stopping rule, or undefined when it has none. */
export function stopperFor(config: SweepConfig): Stopper | undefined {
  const e = config.earlyStop;
  if (!e) return undefined;
  const names = { goal: config.metric.goal, metric: config.metric.name, timeUnit: e.timeMetric };
  switch (e.type) {
    case 'asha':
      return new Asha({ minT: e.minT, maxT: e.maxT, eta: e.reductionFactor, ...names });
    case 'hyperband':
      return new Hyperband({ minT: e.minT, maxT: e.maxT, eta: e.reductionFactor, ...names });
    case 'median':
      return new MedianStoppingRule({ graceT: e.graceT, minTrials: e.minTrials, ...names });
  }
}

/** How many trials the sweep may create at most: max_trials, else the whole grid. */
export function trialLimit(config: SweepConfig, gridSize: number | undefined): number {
  return config.maxTrials ?? gridSize ?? Number.POSITIVE_INFINITY;
}

/** Whether `value` meets the sweep's target. */
export function reachesTarget(config: SweepConfig, value: number): boolean {
  const target = config.metric.target;
  if (target === undefined || Number.isNaN(value)) return false;
  return config.metric.goal === 'maximize' ? value >= target : value <= target;
}

/** Whether `a` is better than `b` for the sweep's goal. */
export function isBetter(config: SweepConfig, a: number, b: number): boolean {
  return config.metric.goal === 'maximize' ? a > b : a < b;
}
