import { z } from 'zod';
import {
  EXECUTOR_KINDS,
  JOB_STATES,
  type ComputeStatus,
  type Job,
  type JobEvent,
  type ListJobsRequest,
  type SubmitJobRequest,
} from '../core/compute-types.js';
import { QueryBool, StringMap } from './common.js';
import { defineRoute, rawResponse } from './route-contract.js';

// The jobs API (docs/jobs-api.md): snake_case JSON, and the one mapping to and from the
// camelCase types of src/core/compute-types.ts that the server and the SDK both use.

const int = z.number().int();
const JobStateWire = z.enum(JOB_STATES);
const ExecutorWire = z.enum(EXECUTOR_KINDS);

export const JobResourcesWire = z.object({ cpus: int, memory_mb: int, gpus: int, nodes: int }).meta({ id: 'JobResources' });

export const JobWire = z
  .object({
    job_id: z.string(),
    name: z.string(),
    command: z.array(z.string()),
    cwd: z.string(),
    env: StringMap,
    resources: JobResourcesWire,
    priority: int,
    queue: z.string(),
    executor: ExecutorWire,
    partition: z.string().nullable(),
    timeout_seconds: int.nullable(),
    max_retries: int,
    attempt: int,
    labels: StringMap,
    state: JobStateWire,
    reason: z.string().nullable(),
    exit_code: int.nullable(),
    run_id: z.string(),
    experiment_id: z.string(),
    created_time: int,
    start_time: int.nullable(),
    end_time: int.nullable(),
    host: z.string().nullable(),
    gpu_indices: z.array(z.array(int)),
    external_id: z.string().nullable(),
    queue_position: int.nullable().describe("1-based place in the scheduler's order while queued; null otherwise"),
    usage: z
      .object({
        cpu_user_seconds: z.number().nullable(),
        cpu_system_seconds: z.number().nullable(),
        max_rss_mb: z.number().nullable(),
        wall_seconds: z.number().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Job' });
export type JobWire = z.infer<typeof JobWire>;

export const JobEventWire = z
  .object({ time: int, state: JobStateWire, attempt: int, reason: z.string().nullable(), exit_code: int.nullable() })
  .meta({ id: 'JobEvent' });
export type JobEventWire = z.infer<typeof JobEventWire>;

export const ComputeStatusWire = z
  .object({
    hosts: z.array(
      z.object({
        name: z.string(),
        executor: ExecutorWire,
        cpus: z.number(),
        memory_mb: z.number(),
        gpus: z.array(z.object({ index: int, name: z.string(), memory_mb: z.number().nullable(), uuid: z.string().nullable() })),
        used: z.object({ cpus: z.number(), memory_mb: z.number(), gpu_indices: z.array(int) }),
        running_jobs: int,
      }),
    ),
    partitions: z
      .array(
        z.object({
          name: z.string(),
          is_default: z.boolean(),
          state: z.string(),
          nodes: int,
          cpus: int.describe('Per node'),
          memory_mb: z.number(),
          gpus: int,
          max_time_minutes: int.nullable().describe('Null when unlimited'),
        }),
      )
      .describe('Empty when no SLURM cluster is reachable'),
    queued: int,
    running: int,
  })
  .meta({ id: 'ComputeStatus' });
export type ComputeStatusWire = z.infer<typeof ComputeStatusWire>;

export const SubmitJobWire = z.strictObject({
  command: z.array(z.string()).min(1),
  name: z.string().optional(),
  cwd: z.string().optional(),
  env: StringMap.optional(),
  resources: z
    .strictObject({
      cpus: int.optional(),
      memory_mb: int.optional(),
      memory: z.union([z.string(), int]).optional().describe('A size like 512M, 4G or 1T, or MiB'),
      gpus: int.optional(),
      nodes: int.optional(),
    })
    .optional(),
  priority: int.optional(),
  queue: z.string().optional(),
  executor: z.string().optional(),
  partition: z.string().optional(),
  timeout_seconds: int.optional(),
  max_retries: int.optional(),
  labels: StringMap.optional(),
  experiment_id: z.union([z.string(), int]).optional(),
});
export type SubmitJobWire = z.input<typeof SubmitJobWire>;

// Strict: a misspelt filter (`?stat=running`) is an error, not a silently unfiltered list.
const repeated = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
export const ListJobsQuery = z.strictObject({
  state: repeated.optional().describe('Repeat or comma-separate: queued, running, ...'),
  label: repeated.optional().describe('key=value; repeat for several'),
  executor: z.string().optional(),
  queue: z.string().optional(),
  max_results: z.coerce.number().optional(),
  page_token: z.string().optional(),
});

const JobIdParams = z.object({ id: z.string() });
const JobAnswer = z.object({ job: JobWire });

export const jobsRoutes = {
  submit: defineRoute({ methods: ['POST'], path: '/api/v1/jobs', tag: 'jobs', summary: 'Submit a job', body: SubmitJobWire, response: JobAnswer }),
  list: defineRoute({
    methods: ['GET'],
    path: '/api/v1/jobs',
    tag: 'jobs',
    summary: 'Jobs, newest first, filtered by state, labels, executor, queue',
    query: ListJobsQuery,
    response: z.object({ jobs: z.array(JobWire), next_page_token: z.string().optional() }),
  }),
  get: defineRoute({ methods: ['GET'], path: '/api/v1/jobs/:id', tag: 'jobs', summary: 'One job', params: JobIdParams, response: JobAnswer }),
  events: defineRoute({
    methods: ['GET'],
    path: '/api/v1/jobs/:id/events',
    tag: 'jobs',
    summary: "A job's state changes, oldest first",
    params: JobIdParams,
    response: z.object({ events: z.array(JobEventWire) }),
  }),
  cancel: defineRoute({ methods: ['POST'], path: '/api/v1/jobs/:id/cancel', tag: 'jobs', summary: 'Cancel a job', params: JobIdParams, response: JobAnswer }),
  retry: defineRoute({ methods: ['POST'], path: '/api/v1/jobs/:id/retry', tag: 'jobs', summary: 'Run an ended job again as a new attempt', params: JobIdParams, response: JobAnswer }),
  logs: defineRoute({
    methods: ['GET'],
    path: '/api/v1/jobs/:id/logs',
    tag: 'jobs',
    summary: "A worker's log from an offset; with follow, streamed until the attempt ends (headers x-log-size, x-log-offset, x-job-state)",
    params: JobIdParams,
    query: z.strictObject({
      rank: z.coerce.number().int().min(0).optional(),
      attempt: z.coerce.number().int().min(1).optional(),
      offset: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(1).optional(),
      follow: QueryBool.optional(),
    }),
    response: rawResponse('text/plain', 'The log bytes'),
  }),
  status: defineRoute({
    methods: ['GET'],
    path: '/api/v1/compute/status',
    tag: 'jobs',
    summary: 'Hosts, their use, SLURM partitions and queue counts',
    response: ComputeStatusWire,
  }),
} as const;

/** A job as the API writes it. */
export function jobToWire(j: Job, queuePosition: number | null = null): JobWire {
  return {
    job_id: j.jobId,
    name: j.name,
    command: j.command,
    cwd: j.cwd,
    env: j.env,
    resources: { cpus: j.resources.cpus, memory_mb: j.resources.memoryMb, gpus: j.resources.gpus, nodes: j.resources.nodes },
    priority: j.priority,
    queue: j.queue,
    executor: j.executor,
    partition: j.partition,
    timeout_seconds: j.timeoutSeconds,
    max_retries: j.maxRetries,
    attempt: j.attempt,
    labels: j.labels,
    state: j.state,
    reason: j.reason,
    exit_code: j.exitCode,
    run_id: j.runId,
    experiment_id: j.experimentId,
    created_time: j.createdTime,
    start_time: j.startTime,
    end_time: j.endTime,
    host: j.host,
    gpu_indices: j.gpuIndices,
    external_id: j.externalId,
    queue_position: queuePosition,
    usage: j.usage && {
      cpu_user_seconds: j.usage.cpuUserSeconds,
      cpu_system_seconds: j.usage.cpuSystemSeconds,
      max_rss_mb: j.usage.maxRssMb,
      wall_seconds: j.usage.wallSeconds,
    },
  };
}

/** A job as the SDK reads it. */
export function jobFromWire(w: JobWire): Job {
  return {
    jobId: w.job_id,
    name: w.name,
    command: w.command,
    cwd: w.cwd,
    env: w.env,
    resources: { cpus: w.resources.cpus, memoryMb: w.resources.memory_mb, gpus: w.resources.gpus, nodes: w.resources.nodes },
    priority: w.priority,
    queue: w.queue,
    executor: w.executor,
    partition: w.partition,
    timeoutSeconds: w.timeout_seconds,
    maxRetries: w.max_retries,
    attempt: w.attempt,
    labels: w.labels,
    state: w.state,
    reason: w.reason,
    exitCode: w.exit_code,
    runId: w.run_id,
    experimentId: w.experiment_id,
    createdTime: w.created_time,
    startTime: w.start_time,
    endTime: w.end_time,
    host: w.host,
    gpuIndices: w.gpu_indices,
    externalId: w.external_id,
    usage: w.usage && {
      cpuUserSeconds: w.usage.cpu_user_seconds,
      cpuSystemSeconds: w.usage.cpu_system_seconds,
      maxRssMb: w.usage.max_rss_mb,
      wallSeconds: w.usage.wall_seconds,
    },
  };
}

export function jobEventToWire(e: JobEvent): JobEventWire {
  return { time: e.time, state: e.state, attempt: e.attempt, reason: e.reason, exit_code: e.exitCode };
}

export function jobEventFromWire(w: JobEventWire, jobId: string): JobEvent {
  return { jobId, time: w.time, state: w.state, attempt: w.attempt, reason: w.reason, exitCode: w.exit_code };
}

export function computeStatusToWire(s: ComputeStatus): ComputeStatusWire {
  return {
    hosts: s.hosts.map((h) => ({
      name: h.name,
      executor: h.executor,
      cpus: h.cpus,
      memory_mb: h.memoryMb,
      gpus: h.gpus.map((g) => ({ index: g.index, name: g.name, memory_mb: g.memoryMb, uuid: g.uuid })),
      used: { cpus: h.used.cpus, memory_mb: h.used.memoryMb, gpu_indices: h.used.gpuIndices },
      running_jobs: h.runningJobs,
    })),
    partitions: s.partitions.map((p) => ({
      name: p.name,
      is_default: p.isDefault,
      state: p.state,
      nodes: p.nodes,
      cpus: p.cpus,
      memory_mb: p.memoryMb,
      gpus: p.gpus,
      max_time_minutes: p.maxTimeMinutes,
    })),
    queued: s.queued,
    running: s.running,
  };
}

export function computeStatusFromWire(w: ComputeStatusWire): ComputeStatus {
  return {
    hosts: w.hosts.map((h) => ({
      name: h.name,
      executor: h.executor,
      cpus: h.cpus,
      memoryMb: h.memory_mb,
      gpus: h.gpus.map((g) => ({ index: g.index, name: g.name, memoryMb: g.memory_mb, uuid: g.uuid })),
      used: { cpus: h.used.cpus, memoryMb: h.used.memory_mb, gpuIndices: h.used.gpu_indices },
      runningJobs: h.running_jobs,
    })),
    partitions: w.partitions.map((p) => ({
      name: p.name,
      isDefault: p.is_default,
      state: p.state,
      nodes: p.nodes,
      cpus: p.cpus,
      memoryMb: p.memory_mb,
      gpus: p.gpus,
      maxTimeMinutes: p.max_time_minutes,
    })),
    queued: w.queued,
    running: w.running,
  };
}

/** The body of `POST /api/v1/jobs` from the SDK's request. */
export function submitToWire(req: SubmitJobRequest): SubmitJobWire {
  const r = req.resources;
  const resources: NonNullable<SubmitJobWire['resources']> = {};
  if (r?.cpus !== undefined) resources.cpus = r.cpus;
  if (r?.memoryMb !== undefined) resources.memory_mb = r.memoryMb;
  if (r?.gpus !== undefined) resources.gpus = r.gpus;
  if (r?.nodes !== undefined) resources.nodes = r.nodes;
  const w: SubmitJobWire = { command: req.command };
  if (req.name !== undefined) w.name = req.name;
  if (req.cwd !== undefined) w.cwd = req.cwd;
  if (req.env) w.env = req.env;
  if (r) w.resources = resources;
  if (req.priority !== undefined) w.priority = req.priority;
  if (req.queue !== undefined) w.queue = req.queue;
  if (req.executor !== undefined) w.executor = req.executor;
  if (req.partition !== undefined) w.partition = req.partition;
  if (req.timeoutSeconds !== undefined) w.timeout_seconds = req.timeoutSeconds;
  if (req.maxRetries !== undefined) w.max_retries = req.maxRetries;
  if (req.labels) w.labels = req.labels;
  if (req.experimentId !== undefined) w.experiment_id = req.experimentId;
  return w;
}

/** The query of `GET /api/v1/jobs`: states and labels repeat (`label=team=vision`). */
export function listToQuery(req: ListJobsRequest): Record<string, string | number | string[] | undefined> {
  return {
    state: req.states && req.states.length > 0 ? req.states : undefined,
    label: req.labels ? Object.entries(req.labels).map(([k, v]) => `${k}=${v}`) : undefined,
    executor: req.executor,
    queue: req.queue,
    max_results: req.maxResults,
    page_token: req.pageToken,
  };
}
