import type { CreateSweepRequest, ListSweepsRequest, SweepCounts, SweepState, Trial, TrialParamValue, TrialState } from '../core/tuning-types.js';
import { decodeOptionalNumber } from './json-numbers.js';
import type { QueryValue } from './rest-client.js';
import type { ParameterImportance, ReportResult, Sweep, SweepEarlyStop, SweepParameter } from './sweep-types.js';
import { defined, list, num, numOrNull, obj, str, strOrNull, type Json } from './wire-readers.js';

/**
 * The sweeps API's JSON (snake_case, docs/sweeps-api.md) and the mappers to and from the
 * camelCase types. Readers are lenient like jobs-wire.ts: a field a server leaves out gets
 * its neutral value rather than `undefined`, and an unknown state is kept as is.
 */

const paramValue = (v: unknown): TrialParamValue => (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : str(v));
const paramValues = (v: unknown): Record<string, TrialParamValue> =>
  Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, paramValue(x)]));

export function trialFromWire(v: unknown): Trial {
  const t = obj(v);
  return {
    sweepId: str(t.sweep_id),
    number: num(t.number),
    state: str(t.state) as TrialState,
    params: paramValues(t.params),
    // A diverged trial's NaN comes as the string "NaN" (JSON has none).
    value: decodeOptionalNumber(t.value),
    lastT: numOrNull(t.last_t),
    reports: num(t.reports),
    jobId: strOrNull(t.job_id),
    runId: strOrNull(t.run_id),
    attempt: num(t.attempt, 1),
    reason: strOrNull(t.reason),
    createdTime: num(t.created_time),
    endTime: numOrNull(t.end_time),
  };
}

function countsFromWire(v: unknown): SweepCounts {
  const c = obj(v);
  return {
    total: num(c.total),
    running: num(c.running),
    completed: num(c.completed),
    stopped: num(c.stopped),
    failed: num(c.failed),
    cancelled: num(c.cancelled),
  };
}

function earlyStopFromWire(v: unknown): SweepEarlyStop | null {
  if (v === null || v === undefined) return null;
  const e = obj(v);
  if (e.type === 'median') {
    return { type: 'median', timeMetric: str(e.time_metric), graceT: num(e.grace_t), minTrials: num(e.min_trials) };
  }
  return { type: 'asha', timeMetric: str(e.time_metric), minT: num(e.min_t), maxT: num(e.max_t), reductionFactor: num(e.reduction_factor, 3) };
}

function parameterFromWire(v: unknown): SweepParameter {
  const p = obj(v);
  const c = p.condition === undefined || p.condition === null ? undefined : obj(p.condition);
  const base = { name: str(p.name), ...(c ? { condition: { parameter: str(c.parameter), values: list(c.values).map(paramValue) } } : {}) };
  const kind = str(p.kind);
  switch (kind) {
    case 'constant':
      return { ...base, kind, value: paramValue(p.value) };
    case 'categorical':
      return {
        ...base,
        kind,
        values: list(p.values).map(paramValue),
        ...(Array.isArray(p.probabilities) ? { probabilities: p.probabilities.map((x) => num(x)) } : {}),
      };
    case 'q_uniform':
      return { ...base, kind, min: num(p.min), max: num(p.max), q: num(p.q, 1) };
    case 'normal':
      return { ...base, kind, mu: num(p.mu), sigma: num(p.sigma, 1) };
    case 'int_uniform':
    case 'log_uniform':
      return { ...base, kind, min: num(p.min), max: num(p.max) };
    default:
      // 'uniform', or a kind from a newer server, read as a range so tables still show it.
      return { ...base, kind: 'uniform', min: num(p.min), max: num(p.max) };
  }
}

export function sweepFromWire(v: unknown): Sweep {
  const s = obj(v);
  const metric = obj(s.metric);
  const best = s.best_trial;
  return {
    sweepId: str(s.sweep_id),
    name: str(s.name),
    state: str(s.state) as SweepState,
    reason: strOrNull(s.reason),
    method: str(s.method) as Sweep['method'],
    metric: { name: str(metric.name), goal: metric.goal === 'minimize' ? 'minimize' : 'maximize', target: numOrNull(metric.target) },
    maxTrials: numOrNull(s.max_trials),
    gridSize: numOrNull(s.grid_size),
    parallel: num(s.parallel, 1),
    drivenBy: s.driven_by === 'client' ? 'client' : 'server',
    command: Array.isArray(s.command) ? s.command.map(str) : null,
    earlyStop: earlyStopFromWire(s.early_stop),
    timeBudgetSeconds: numOrNull(s.time_budget_seconds),
    maxRetries: num(s.max_retries),
    parameters: list(s.parameters).map(parameterFromWire),
    experimentId: str(s.experiment_id),
    config: str(s.config),
    createdTime: num(s.created_time),
    endTime: numOrNull(s.end_time),
    counts: countsFromWire(s.counts),
    bestTrial: best === null || best === undefined ? null : trialFromWire(best),
  };
}

export function importanceFromWire(v: unknown): ParameterImportance[] {
  return list(obj(v).importance).map((x) => {
    const i = obj(x);
    return { parameter: str(i.parameter), importance: num(i.importance) };
  });
}

export function reportResultFromWire(v: unknown): ReportResult {
  const r = obj(v);
  const action = r.action === 'stop' || r.action === 'complete' ? r.action : 'continue';
  return { action, reason: strOrNull(r.reason) };
}

/** The body of `POST /api/v1/sweeps`. */
export function createToWire(req: CreateSweepRequest): Json {
  return defined({ config: req.config, cwd: req.cwd, env: req.env, experiment_id: req.experimentId });
}

/** The query of `GET /api/v1/sweeps`: states repeat. */
export function listToQuery(req: ListSweepsRequest): Record<string, QueryValue> {
  return {
    state: req.states && req.states.length > 0 ? req.states : undefined,
    max_results: req.maxResults,
    page_token: req.pageToken,
  };
}
