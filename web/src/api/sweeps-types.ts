// The wire shapes of the sweeps API (docs/sweeps-api.md, snake_case), as the UI reads them.

export const SWEEP_STATES = ['running', 'paused', 'finished', 'cancelled', 'failed'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];

export const TRIAL_STATES = ['running', 'completed', 'stopped', 'failed', 'cancelled'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

export type SweepMethod = 'grid' | 'random' | 'tpe';
export type MetricGoal = 'minimize' | 'maximize';

/** A parameter's value as the server sends it (YAML scalars). */
export type ParamValue = string | number | boolean | null;

/** Only trials whose parameter named here took one of `values` have this parameter. */
export interface ParameterCondition {
  parameter: string;
  values: ParamValue[];
}

interface ParameterBase {
  name: string;
  condition?: ParameterCondition;
}

export type ParameterSpec = ParameterBase &
  (
    | { kind: 'constant'; value: ParamValue }
    | { kind: 'categorical'; values: ParamValue[]; probabilities?: number[] }
    | { kind: 'uniform' | 'int_uniform' | 'log_uniform'; min: number; max: number }
    | { kind: 'q_uniform'; min: number; max: number; q: number }
    | { kind: 'normal'; mu: number; sigma: number }
  );
export type ParameterKind = ParameterSpec['kind'];

export type EarlyStop =
  | { type: 'asha' | 'hyperband'; time_metric: string; min_t: number; max_t: number; reduction_factor: number }
  | { type: 'median'; time_metric: string; grace_t: number; min_trials: number };

export interface SweepCounts {
  total: number;
  running: number;
  completed: number;
  stopped: number;
  failed: number;
  cancelled: number;
}

export interface Trial {
  sweep_id: string;
  number: number;
  state: TrialState;
  params: Record<string, ParamValue>;
  /**
   * The metric in its own sign: final for completed, last reported otherwise; null when none
   * yet. NaN or ±Infinity for a diverged trial (the wire's strings, read by sweeps-wire.ts).
   */
  value: number | null;
  last_t: number | null;
  reports: number;
  /** Null for client-driven trials. */
  job_id: string | null;
  run_id: string;
  attempt: number;
  reason: string | null;
  created_time: number;
  end_time: number | null;
}

export interface Sweep {
  sweep_id: string;
  name: string;
  state: SweepState;
  reason: string | null;
  method: SweepMethod;
  metric: { name: string; goal: MetricGoal; target: number | null };
  /** Null: a grid without a limit runs the whole grid (grid_size). */
  max_trials: number | null;
  grid_size: number | null;
  parallel: number;
  driven_by: 'server' | 'client';
  command: string[] | null;
  early_stop: EarlyStop | null;
  time_budget_seconds: number | null;
  max_retries: number;
  parameters: ParameterSpec[];
  experiment_id: string;
  /** The YAML as given. */
  config: string;
  created_time: number;
  end_time: number | null;
  counts: SweepCounts;
  best_trial: Trial | null;
}

export interface ParameterImportance {
  parameter: string;
  /** Shares summing to 1. */
  importance: number;
}

// A state this UI does not know (a newer server) counts as ended, so nothing offers to act on it.
export const isLiveSweepState = (s: string): boolean => s === 'running' || s === 'paused';
