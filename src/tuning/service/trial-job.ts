import type { SubmitJobRequest } from '../../core/compute-types.js';
import type { Tag } from '../../core/tracking-types.js';
import type { Trial } from '../../core/tuning-types.js';
import { formatParamValue, paramsToEnv, renderCommand } from '../config/index.js';
import type { SweepRecord } from './sweep-record.js';

/** Labels that find a trial's job again after a restart (the job may exist before its id was stored). */
export function trialJobLabels(sweepId: string, trial: Pick<Trial, 'number' | 'attempt'>): Record<string, string> {
  return { 'fw.sweep_id': sweepId, 'fw.sweep_trial': String(trial.number), 'fw.sweep_attempt': String(trial.attempt) };
}

/** The compute job that runs one attempt of a trial. */
export function trialJobRequest(sweep: SweepRecord, trial: Trial): SubmitJobRequest {
  const { config } = sweep;
  return {
    command: renderCommand(config.command!, trial.params),
    name: trialRunName(sweep, trial),
    cwd: sweep.cwd,
    env: { ...sweep.env, ...paramsToEnv(trial.params), FW_SWEEP_ID: sweep.sweepId, FW_SWEEP_TRIAL: String(trial.number) },
    resources: config.resources,
    ...(config.executor ? { executor: config.executor } : {}),
    // Retries are the sweep's: each attempt gets a fresh job and run, so a failed attempt's
    // metrics never mix with the next one's in what the stopper reads.
    maxRetries: 0,
    labels: trialJobLabels(sweep.sweepId, trial),
    experimentId: sweep.experimentId,
  };
}

export function trialRunName(sweep: SweepRecord, trial: Pick<Trial, 'number'>): string {
  return `${sweep.name}-${trial.number}`;
}

/** What a trial's run records of it: the parameters as params, the sweep and trial as tags. */
export function trialRunRecord(sweep: SweepRecord, trial: Trial): { params: { key: string; value: string }[]; tags: Tag[] } {
  return {
    params: Object.entries(trial.params).map(([key, value]) => ({ key, value: formatParamValue(value) })),
    tags: [
      { key: 'fw.sweep_id', value: sweep.sweepId },
      { key: 'fw.sweep_name', value: sweep.name },
      { key: 'fw.sweep_trial', value: String(trial.number) },
      { key: 'fw.sweep_attempt', value: String(trial.attempt) },
    ],
  };
}
