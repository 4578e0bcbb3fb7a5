import type { ReportAction, SweepCounts, SweepState, Trial, TrialParamValue } from '../core/tuning-types.js';

/**
 * A sweep as the SDK returns it: the camelCase of docs/sweeps-api.md's Sweep JSON. (The
 * server keeps its own record with the parsed config; this is what the API shows of it.)
 */
export interface Sweep {
  sweepId: string;
  name: string;
  state: SweepState;
  /** Why it ended: "max_trials (60) reached", "target 0.97 reached by trial 12", ... */
  reason: string | null;
  method: SweepMethod;
  metric: SweepMetric;
  /** Null: a grid without a limit runs the whole grid (`gridSize`). */
  maxTrials: number | null;
  /** Grid only: points in the grid. */
  gridSize: number | null;
  parallel: number;
  /** `server`: it has a command, run as jobs; `client`: code asks for trials and tells results. */
  drivenBy: 'server' | 'client';
  command: string[] | null;
  earlyStop: SweepEarlyStop | null;
  timeBudgetSeconds: number | null;
  maxRetries: number;
  parameters: SweepParameter[];
  experimentId: string;
  /** The YAML as given. */
  config: string;
  createdTime: number;
  endTime: number | null;
  counts: SweepCounts;
  /** Null before any trial has a value. */
  bestTrial: Trial | null;
}

export type SweepMethod = 'grid' | 'random' | 'tpe';
export type MetricGoal = 'minimize' | 'maximize';

export interface SweepMetric {
  name: string;
  goal: MetricGoal;
  target: number | null;
}

export type SweepEarlyStop =
  | { type: 'asha'; timeMetric: string; minT: number; maxT: number; reductionFactor: number }
  | { type: 'median'; timeMetric: string; graceT: number; minTrials: number };

/** One dimension of the search space; present only when `condition` holds, if it has one. */
export type SweepParameter = {
  /** Dotted for nested groups: `optimizer.lr`. */
  name: string;
  condition?: { parameter: string; values: TrialParamValue[] };
} & (
  | { kind: 'constant'; value: TrialParamValue }
  | { kind: 'categorical'; values: TrialParamValue[]; probabilities?: number[] }
  | { kind: 'uniform' | 'int_uniform' | 'log_uniform'; min: number; max: number }
  | { kind: 'q_uniform'; min: number; max: number; q: number }
  | { kind: 'normal'; mu: number; sigma: number }
);

export interface ParameterImportance {
  parameter: string;
  /** Shares summing to 1, largest first. */
  importance: number;
}

/** What `trial.report()` answers: go on, stop now (stopped early), or the sweep is done with it. */
export interface ReportResult {
  action: ReportAction;
  reason: string | null;
}
