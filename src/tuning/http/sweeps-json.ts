import type { Trial } from '../../core/tuning-types.js';
import type { EarlyStopConfig } from '../config/index.js';
import type { Parameter } from '../space/space-types.js';
import type { SweepView } from '../service/sweep-service.js';

/** A sweep in the API's snake_case JSON (docs/sweeps-api.md). */
export function sweepJson(view: SweepView): Record<string, unknown> {
  const { sweep, counts, best, gridSize } = view;
  const c = sweep.config;
  return {
    sweep_id: sweep.sweepId,
    name: sweep.name,
    state: sweep.state,
    reason: sweep.reason,
    method: c.method,
    metric: { name: c.metric.name, goal: c.metric.goal, target: c.metric.target ?? null },
    max_trials: c.maxTrials ?? null,
    grid_size: gridSize ?? null,
    parallel: c.parallel,
    driven_by: c.command ? 'server' : 'client',
    command: c.command ?? null,
    early_stop: c.earlyStop ? earlyStopJson(c.earlyStop) : null,
    time_budget_seconds: c.timeBudgetSeconds ?? null,
    max_retries: c.maxRetries,
    parameters: c.space.parameters.map(parameterJson),
    experiment_id: sweep.experimentId,
    config: sweep.configText,
    created_time: sweep.createdTime,
    end_time: sweep.endTime,
    counts,
    best_trial: best && trialJson(best),
  };
}

export function trialJson(t: Trial): Record<string, unknown> {
  return {
    sweep_id: t.sweepId,
    number: t.number,
    state: t.state,
    params: t.params,
    value: jsonNumber(t.value),
    last_t: t.lastT,
    reports: t.reports,
    job_id: t.jobId,
    run_id: t.runId,
    attempt: t.attempt,
    reason: t.reason,
    created_time: t.createdTime,
    end_time: t.endTime,
  };
}

/** JSON has no NaN: a diverged trial's value is sent as the string, as MLflow's API does. */
function jsonNumber(v: number | null): number | string | null {
  return v !== null && !Number.isFinite(v) ? String(v) : v;
}

function earlyStopJson(e: EarlyStopConfig): Record<string, unknown> {
  return e.type === 'median'
    ? { type: e.type, time_metric: e.timeMetric, grace_t: e.graceT, min_trials: e.minTrials }
    : { type: e.type, time_metric: e.timeMetric, min_t: e.minT, max_t: e.maxT, reduction_factor: e.reductionFactor };
}

function parameterJson(p: Parameter): Record<string, unknown> {
  return { name: p.name, ...p.spec, ...(p.condition ? { condition: p.condition } : {}) };
}
