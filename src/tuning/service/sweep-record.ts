import type { SweepState, Trial, TrialState } from '../../core/tuning-types.js';
import type { SweepConfig } from '../config/index.js';

/** A sweep as the service keeps it: the validated config beside the YAML it came from. */
export interface SweepRecord {
  sweepId: string;
  name: string;
  state: SweepState;
  reason: string | null;
  configText: string;
  config: SweepConfig;
  cwd: string;
  env: Record<string, string>;
  experimentId: string;
  createdTime: number;
  endTime: number | null;
}

/** The trial columns a change may set. */
export type TrialPatch = Partial<Pick<Trial, 'state' | 'value' | 'lastT' | 'reports' | 'jobId' | 'runId' | 'attempt' | 'reason' | 'endTime'>>;

export const ACTIVE_TRIAL_STATES: readonly TrialState[] = ['running'];
