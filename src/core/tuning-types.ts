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
