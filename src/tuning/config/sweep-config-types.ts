import type { ExecutorKind, JobResources, SweepMethod } from '../../core/index.js';
import type { Goal, SearchSpace } from '../space/space-types.js';

export { SWEEP_METHODS, type SweepMethod } from '../../core/index.js';

export const EARLY_STOP_TYPES = ['asha', 'hyperband', 'median'] as const;
export type EarlyStopType = (typeof EARLY_STOP_TYPES)[number];

export interface SweepMetric {
  name: string;
  goal: Goal;
  /** The sweep stops once a trial reaches this value (>= when maximizing, <= when minimizing). */
  target?: number;
}

/**
 * When to stop poor trials. `t` is measured in `timeMetric` (a step-like metric trials log,
 * "epoch" by default). ASHA and Hyperband use rungs at minT * reductionFactor^k up to maxT;
 * the median rule stops a trial below the median of others at the same t, once it is past
 * graceT and at least minTrials others have reported there.
 */
export type EarlyStopConfig =
  | { type: 'asha' | 'hyperband'; timeMetric: string; minT: number; maxT: number; reductionFactor: number }
  | { type: 'median'; timeMetric: string; graceT: number; minTrials: number };

/** TPE settings (names as in Optuna: n_startup_trials, gamma, n_ei_candidates). */
export interface TpeOptions {
  /** Random trials before TPE starts modelling. */
  startupTrials: number;
  /**
   * Fixed fraction of finished trials in the "good" group (ceil(gamma * n)). Absent: the
   * sampler's default, Optuna's min(ceil(0.1 * n), 25).
   */
  gamma?: number;
  /** Candidates sampled from the good density per proposal, ranked by expected improvement. */
  candidates: number;
}

/** A validated sweep file. Produced by `parseSweepConfig`; JSON-serialisable for storage. */
export interface SweepConfig {
  name: string;
  /**
   * argv template: each element may hold `${param}` placeholders (see `renderCommand`).
   * Absent: the sweep is driven from code (ask/tell), and the server launches nothing.
   */
  command?: string[];
  metric: SweepMetric;
  method: SweepMethod;
  /** Absent only for grid, which then runs the whole grid. */
  maxTrials?: number;
  parallel: number;
  seed?: number;
  timeBudgetSeconds?: number;
  /** How many times a failed trial is retried before it counts as failed. */
  maxRetries: number;
  /** Per trial; what is absent gets the scheduler's default. */
  resources: Partial<JobResources>;
  executor?: ExecutorKind;
  space: SearchSpace;
  earlyStop?: EarlyStopConfig;
  /** Present (with defaults filled in) exactly when method is tpe. */
  tpe?: TpeOptions;
}
