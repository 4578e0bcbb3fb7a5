import { z } from 'zod';
import {
  SWEEP_METHODS,
  SWEEP_STATES,
  TRIAL_STATES,
  type CreateSweepRequest,
  type ListSweepsRequest,
  type ParameterImportance,
  type ReportResult,
  type Sweep,
  type SweepEarlyStop,
  type SweepParameter,
  type Trial,
} from '../core/tuning-types.js';
import { ProtoDouble, StringMap } from './common.js';
import { defineRoute } from './route-contract.js';

// The sweeps API (docs/sweeps-api.md): snake_case JSON, and the one mapping to and from the
// camelCase types of src/core/tuning-types.ts that the server and the SDK both use.

const int = z.number().int();

/**
 * JSON has no NaN: a diverged trial's value travels as "NaN" / "Infinity" / "-Infinity", as
 * MLflow's API writes metric values. Decoded, it is the JS number.
 */
const WireDouble = ProtoDouble.transform((v) => (typeof v === 'number' ? v : Number(v)));

/** A parameter's value: a YAML scalar of the sweep file. */
const ParamValueWire = z.union([z.number(), z.string(), z.boolean()]);

export const TrialWire = z
  .object({
    sweep_id: z.string(),
    number: int.describe('1, 2, ... in the order trials were created'),
    state: z.enum(TRIAL_STATES),
    params: z.record(z.string(), ParamValueWire),
    value: WireDouble.nullable().describe('The metric in its own sign: final when completed, the last reported otherwise; null before any'),
    last_t: z.number().nullable(),
    reports: int,
    job_id: z.string().nullable().describe('Null for client-driven trials'),
    run_id: z.string().nullable(),
    attempt: int,
    reason: z.string().nullable(),
    created_time: int,
    end_time: int.nullable(),
  })
  .meta({ id: 'Trial' });
/** A trial as the server writes it (the value may be "NaN"). */
export type TrialWire = z.input<typeof TrialWire>;
/** A trial as decoded (the value a number). */
export type TrialDecoded = z.output<typeof TrialWire>;

const EarlyStopWire = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['asha', 'hyperband']), time_metric: z.string(), min_t: z.number(), max_t: z.number(), reduction_factor: z.number() }),
  z.object({ type: z.literal('median'), time_metric: z.string(), grace_t: z.number(), min_trials: int }),
]);

const ParameterBase = {
  name: z.string().describe('Dotted for nested groups: optimizer.lr'),
  condition: z.object({ parameter: z.string(), values: z.array(ParamValueWire) }).optional(),
};
export const SweepParameterWire = z
  .discriminatedUnion('kind', [
    z.object({ ...ParameterBase, kind: z.literal('constant'), value: ParamValueWire }),
    z.object({ ...ParameterBase, kind: z.literal('categorical'), values: z.array(ParamValueWire), probabilities: z.array(z.number()).optional() }),
    z.object({ ...ParameterBase, kind: z.enum(['uniform', 'int_uniform', 'log_uniform']), min: z.number(), max: z.number() }),
    z.object({ ...ParameterBase, kind: z.literal('q_uniform'), min: z.number(), max: z.number(), q: z.number() }),
    z.object({ ...ParameterBase, kind: z.literal('normal'), mu: z.number(), sigma: z.number() }),
  ])
  .meta({ id: 'SweepParameter' });
export type SweepParameterWire = z.infer<typeof SweepParameterWire>;

export const SweepCountsWire = z.object({ total: int, running: int, completed: int, stopped: int, failed: int, cancelled: int });

export const SweepWire = z
  .object({
    sweep_id: z.string(),
    name: z.string(),
    state: z.enum(SWEEP_STATES),
    reason: z.string().nullable().describe('Why it ended: "max_trials (60) reached", ...'),
    method: z.enum(SWEEP_METHODS),
    metric: z.object({ name: z.string(), goal: z.enum(['minimize', 'maximize']), target: z.number().nullable() }),
    max_trials: int.nullable().describe('Null: a grid without a limit runs the whole grid (grid_size)'),
    grid_size: int.nullable(),
    parallel: int,
    driven_by: z.enum(['server', 'client']),
    command: z.array(z.string()).nullable(),
    early_stop: EarlyStopWire.nullable(),
    time_budget_seconds: z.number().nullable(),
    max_retries: int,
    parameters: z.array(SweepParameterWire),
    experiment_id: z.string(),
    config: z.string().describe('The YAML as given'),
    created_time: int,
    end_time: int.nullable(),
    counts: SweepCountsWire,
    best_trial: TrialWire.nullable(),
  })
  .meta({ id: 'Sweep' });
export type SweepWire = z.input<typeof SweepWire>;
export type SweepDecoded = z.output<typeof SweepWire>;

export const ParameterImportanceWire = z.object({ parameter: z.string(), importance: z.number().describe('Shares summing to 1, largest first') });
export type ParameterImportanceWire = z.infer<typeof ParameterImportanceWire>;

export const CreateSweepWire = z.strictObject({
  config: z.string().min(1, 'the sweep file is empty').describe("The sweep file's YAML text"),
  cwd: z.string().min(1).optional(),
  env: StringMap.optional(),
  experiment_id: z.union([z.string().regex(/^\d+$/, 'must be an experiment id'), z.number().int().min(0)]).optional(),
});
export type CreateSweepWire = z.input<typeof CreateSweepWire>;

const repeated = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
export const ListSweepsQuery = z.strictObject({
  state: repeated.optional().describe('Repeat or comma-separate: running, paused, ...'),
  max_results: z.coerce.number().optional(),
  page_token: z.string().optional(),
});

export const ReportWire = z.strictObject({ t: z.number(), value: WireDouble });
export const ReportResultWire = z.object({ action: z.enum(['continue', 'stop', 'complete']), reason: z.string().optional() });

export const TellWire = z.strictObject({
  value: WireDouble.optional(),
  state: z.enum(['completed', 'failed']).optional(),
  reason: z.string().max(1000).optional(),
});
export type TellWire = z.input<typeof TellWire>;

const SweepIdParams = z.object({ id: z.string() });
const TrialParams = z.object({ id: z.string(), number: z.string().describe('The trial number: 1, 2, ...') });
const SweepAnswer = z.object({ sweep: SweepWire });
const TrialAnswer = z.object({ trial: TrialWire });

export const sweepsRoutes = {
  create: defineRoute({
    methods: ['POST'],
    path: '/api/v1/sweeps',
    tag: 'sweeps',
    summary: 'Start a sweep from its YAML; 400 lists every problem of the file with its line and key',
    body: CreateSweepWire,
    response: SweepAnswer,
  }),
  list: defineRoute({
    methods: ['GET'],
    path: '/api/v1/sweeps',
    tag: 'sweeps',
    summary: 'Sweeps, newest first, filtered by state',
    query: ListSweepsQuery,
    response: z.object({ sweeps: z.array(SweepWire), next_page_token: z.string().optional() }),
  }),
  get: defineRoute({ methods: ['GET'], path: '/api/v1/sweeps/:id', tag: 'sweeps', summary: 'One sweep', params: SweepIdParams, response: SweepAnswer }),
  trials: defineRoute({
    methods: ['GET'],
    path: '/api/v1/sweeps/:id/trials',
    tag: 'sweeps',
    summary: "A sweep's trials by number",
    params: SweepIdParams,
    response: z.object({ trials: z.array(TrialWire) }),
  }),
  importance: defineRoute({
    methods: ['GET'],
    path: '/api/v1/sweeps/:id/importance',
    tag: 'sweeps',
    summary: 'How much each parameter explains of the metric, largest first; empty below 4 trials with a value',
    params: SweepIdParams,
    response: z.object({ importance: z.array(ParameterImportanceWire) }),
  }),
  pause: defineRoute({ methods: ['POST'], path: '/api/v1/sweeps/:id/pause', tag: 'sweeps', summary: 'No new trials start; running ones go on', params: SweepIdParams, response: SweepAnswer }),
  resume: defineRoute({ methods: ['POST'], path: '/api/v1/sweeps/:id/resume', tag: 'sweeps', summary: 'Resume a paused sweep', params: SweepIdParams, response: SweepAnswer }),
  cancel: defineRoute({
    methods: ['POST'],
    path: '/api/v1/sweeps/:id/cancel',
    tag: 'sweeps',
    summary: 'End the sweep; its running trials are cancelled',
    params: SweepIdParams,
    response: SweepAnswer,
  }),
  ask: defineRoute({
    methods: ['POST'],
    path: '/api/v1/sweeps/:id/trials',
    tag: 'sweeps',
    summary: 'Ask for a new trial with suggested parameters and a run (client-driven sweeps; 409 when none is left)',
    params: SweepIdParams,
    body: z.strictObject({}),
    response: TrialAnswer,
  }),
  report: defineRoute({
    methods: ['POST'],
    path: '/api/v1/sweeps/:id/trials/:number/report',
    tag: 'sweeps',
    summary: "Report a value at a time step; the answer says whether the trial goes on",
    params: TrialParams,
    body: ReportWire,
    response: ReportResultWire,
  }),
  tell: defineRoute({
    methods: ['POST'],
    path: '/api/v1/sweeps/:id/trials/:number/tell',
    tag: 'sweeps',
    summary: "End a trial: completed with its value, or failed",
    params: TrialParams,
    body: TellWire,
    response: TrialAnswer,
  }),
} as const;

/** JSON has no NaN: a non-finite number is written as its string. */
const wireDouble = (v: number): number | 'NaN' | 'Infinity' | '-Infinity' => (Number.isFinite(v) ? v : (String(v) as 'NaN' | 'Infinity' | '-Infinity'));

export function trialToWire(t: Trial): TrialWire {
  return {
    sweep_id: t.sweepId,
    number: t.number,
    state: t.state,
    params: t.params,
    value: t.value === null ? null : wireDouble(t.value),
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

export function trialFromWire(w: TrialDecoded): Trial {
  return {
    sweepId: w.sweep_id,
    number: w.number,
    state: w.state,
    params: w.params,
    value: w.value,
    lastT: w.last_t,
    reports: w.reports,
    jobId: w.job_id,
    runId: w.run_id,
    attempt: w.attempt,
    reason: w.reason,
    createdTime: w.created_time,
    endTime: w.end_time,
  };
}

function earlyStopToWire(e: SweepEarlyStop): z.input<typeof EarlyStopWire> {
  return e.type === 'median'
    ? { type: e.type, time_metric: e.timeMetric, grace_t: e.graceT, min_trials: e.minTrials }
    : { type: e.type, time_metric: e.timeMetric, min_t: e.minT, max_t: e.maxT, reduction_factor: e.reductionFactor };
}

function earlyStopFromWire(w: z.output<typeof EarlyStopWire>): SweepEarlyStop {
  return w.type === 'median'
    ? { type: w.type, timeMetric: w.time_metric, graceT: w.grace_t, minTrials: w.min_trials }
    : { type: w.type, timeMetric: w.time_metric, minT: w.min_t, maxT: w.max_t, reductionFactor: w.reduction_factor };
}

export function sweepToWire(s: Sweep): SweepWire {
  return {
    sweep_id: s.sweepId,
    name: s.name,
    state: s.state,
    reason: s.reason,
    method: s.method,
    metric: { name: s.metric.name, goal: s.metric.goal, target: s.metric.target },
    max_trials: s.maxTrials,
    grid_size: s.gridSize,
    parallel: s.parallel,
    driven_by: s.drivenBy,
    command: s.command,
    early_stop: s.earlyStop && earlyStopToWire(s.earlyStop),
    time_budget_seconds: s.timeBudgetSeconds,
    max_retries: s.maxRetries,
    // The parameter's wire shape is the domain's (snake_case has nothing to rename in it).
    parameters: s.parameters satisfies SweepParameterWire[],
    experiment_id: s.experimentId,
    config: s.config,
    created_time: s.createdTime,
    end_time: s.endTime,
    counts: s.counts,
    best_trial: s.bestTrial && trialToWire(s.bestTrial),
  };
}

export function sweepFromWire(w: SweepDecoded): Sweep {
  return {
    sweepId: w.sweep_id,
    name: w.name,
    state: w.state,
    reason: w.reason,
    method: w.method,
    metric: { name: w.metric.name, goal: w.metric.goal, target: w.metric.target },
    maxTrials: w.max_trials,
    gridSize: w.grid_size,
    parallel: w.parallel,
    drivenBy: w.driven_by,
    command: w.command,
    earlyStop: w.early_stop && earlyStopFromWire(w.early_stop),
    timeBudgetSeconds: w.time_budget_seconds,
    maxRetries: w.max_retries,
    parameters: w.parameters satisfies SweepParameter[],
    experimentId: w.experiment_id,
    config: w.config,
    createdTime: w.created_time,
    endTime: w.end_time,
    counts: w.counts,
    bestTrial: w.best_trial && trialFromWire(w.best_trial),
  };
}

export function reportResultFromWire(w: z.output<typeof ReportResultWire>): ReportResult {
  return { action: w.action, reason: w.reason ?? null };
}

export function importanceFromWire(w: ParameterImportanceWire[]): ParameterImportance[] {
  return w.map((i) => ({ parameter: i.parameter, importance: i.importance }));
}

/** The body of `POST /api/v1/sweeps` from the SDK's request. */
export function createSweepToWire(req: CreateSweepRequest): CreateSweepWire {
  const w: CreateSweepWire = { config: req.config };
  if (req.cwd !== undefined) w.cwd = req.cwd;
  if (req.env !== undefined) w.env = req.env;
  if (req.experimentId !== undefined) w.experiment_id = req.experimentId;
  return w;
}

/** The body of a trial's `tell`. */
export function tellToWire(outcome: { value?: number; state: 'completed' | 'failed'; reason?: string | undefined }): TellWire {
  return {
    ...(outcome.value !== undefined ? { value: wireDouble(outcome.value) } : {}),
    state: outcome.state,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
  };
}

/** The body of a trial's `report`. */
export function reportToWire(t: number, value: number): z.input<typeof ReportWire> {
  return { t, value: wireDouble(value) };
}

/** The query of `GET /api/v1/sweeps`: states repeat. */
export function listSweepsToQuery(req: ListSweepsRequest): Record<string, string | number | string[] | undefined> {
  return {
    state: req.states && req.states.length > 0 ? req.states : undefined,
    max_results: req.maxResults,
    page_token: req.pageToken,
  };
}
