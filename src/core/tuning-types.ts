/**
 * The tuning domain (sweeps and their trials), shared by the server (src/tuning) and the SDK,
 * which may import nothing but src/core. Times are epoch milliseconds. Wire shapes are in
 * docs/sweeps-api.md.
 */

export const SWEEP_STATES = ['running', 'paused', 'finished', 'cancelled', 'failed'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];
export const TERMINAL_SWEEP_STATES: readonly SweepState[] = ['finished', 'cancelled', 'failed'];

export const TRIAL_STATES = ['running', 'completed', 'stopped', 'failed', 'cancelled'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

export type TrialParamValue = number | string | boolean;

export interface Trial {
  sweepId: string;
  /** 1, 2, ... in the order trials were created. */
  number: number;
  state: TrialState;
  params: Record<string, TrialParamValue>;
  /** The metric in its own sign: final when completed, the last reported otherwise; null before any. */
  value: number | null;
  /** Time step of the last report; null before any. */
  lastT: number | null;
  /** Reports the stopper has seen. */
  reports: number;
  /** The compute job running it; null for trials run by a client (ask/tell). */
  jobId: string | null;
  runId: string | null;
  attempt: number;
  reason: string | null;
  createdTime: number;
  endTime: number | null;
}

export interface SweepCounts {
  total: number;
  running: number;
  completed: number;
  stopped: number;
  failed: number;
  cancelled: number;
}

export interface CreateSweepRequest {
  /** The sweep file's YAML text. */
  config: string;
  /** Where trial commands run; default the server's working directory. */
  cwd?: string;
  env?: Record<string, string>;
  /** Default: an experiment named after the sweep, created when missing. */
  experimentId?: string;
}

export interface ListSweepsRequest {
  states?: SweepState[];
  maxResults?: number;
  pageToken?: string;
}

export type ReportAction = 'continue' | 'stop' | 'complete';

export const SWEEP_METHODS = ['grid', 'random', 'tpe'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];
export type MetricGoal = 'minimize' | 'maximize';

/**
 * A sweep as the API shows it (docs/sweeps-api.md), in camelCase: what the SDK returns. The
 * server keeps its own record with the parsed config; this is the view of it.
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

export interface SweepMetric {
  name: string;
  goal: MetricGoal;
  target: number | null;
}

export type SweepEarlyStop =
  | { type: 'asha' | 'hyperband'; timeMetric: string; minT: number; maxT: number; reductionFactor: number }
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
