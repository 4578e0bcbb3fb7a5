import type { Selectable } from 'kysely';
import type { ExecutorKind, Job, JobEvent, JobState, JobUsage } from '../../core/compute-types.js';
import type { JobEventsTable, JobsTable } from '../storage/index.js';

/** The one mapping between a jobs row and the domain type. Labels come from their own table. */
export function jobFromRow(r: Selectable<JobsTable>, labels: Record<string, string>): Job {
  return {
    jobId: r.job_id,
    name: r.name,
    command: JSON.parse(r.command) as string[],
    cwd: r.cwd,
    env: JSON.parse(r.env) as Record<string, string>,
    resources: { cpus: r.cpus, memoryMb: r.memory_mb, gpus: r.gpus, nodes: r.nodes },
    priority: r.priority,
    queue: r.queue,
    executor: r.executor as ExecutorKind,
    partition: r.partition,
    timeoutSeconds: r.timeout_seconds,
    maxRetries: r.max_retries,
    attempt: r.attempt,
    labels,
    state: r.state as JobState,
    reason: r.reason,
    exitCode: r.exit_code,
    runId: r.run_id,
    experimentId: String(r.experiment_id),
    createdTime: r.created_time,
    startTime: r.start_time,
    endTime: r.end_time,
    host: r.host,
    gpuIndices: JSON.parse(r.gpu_indices) as number[][],
    externalId: r.external_id,
    usage: r.usage === null ? null : (JSON.parse(r.usage) as JobUsage),
  };
}

export function jobToRow(job: Job, queuedTime: number): JobsTable {
  return {
    job_id: job.jobId,
    name: job.name,
    command: JSON.stringify(job.command),
    cwd: job.cwd,
    env: JSON.stringify(job.env),
    cpus: job.resources.cpus,
    memory_mb: job.resources.memoryMb,
    gpus: job.resources.gpus,
    nodes: job.resources.nodes,
    priority: job.priority,
    queue: job.queue,
    executor: job.executor,
    partition: job.partition,
    timeout_seconds: job.timeoutSeconds,
    max_retries: job.maxRetries,
    attempt: job.attempt,
    state: job.state,
    reason: job.reason,
    exit_code: job.exitCode,
    run_id: job.runId,
    experiment_id: Number(job.experimentId),
    created_time: job.createdTime,
    queued_time: queuedTime,
    start_time: job.startTime,
    end_time: job.endTime,
    host: job.host,
    gpu_indices: JSON.stringify(job.gpuIndices),
    external_id: job.externalId,
    usage: job.usage === null ? null : JSON.stringify(job.usage),
  };
}

/** The columns a state change may set; JSON ones are encoded here so callers pass domain values. */
export interface JobPatch {
  state?: JobState;
  reason?: string | null;
  exitCode?: number | null;
  attempt?: number;
  queuedTime?: number;
  startTime?: number | null;
  endTime?: number | null;
  host?: string | null;
  gpuIndices?: number[][];
  externalId?: string | null;
  usage?: JobUsage | null;
}

/** What a job knows of no attempt yet: a new job, or one queued again for its next attempt. */
export const NOT_STARTED = {
  exitCode: null,
  startTime: null,
  endTime: null,
  host: null,
  gpuIndices: [] as number[][],
  externalId: null,
  usage: null,
} as const satisfies Partial<Job>;

export function patchToRow(p: JobPatch): Partial<JobsTable> {
  const row: Partial<JobsTable> = {};
  if (p.state !== undefined) row.state = p.state;
  if (p.reason !== undefined) row.reason = p.reason;
  if (p.exitCode !== undefined) row.exit_code = p.exitCode;
  if (p.attempt !== undefined) row.attempt = p.attempt;
  if (p.queuedTime !== undefined) row.queued_time = p.queuedTime;
  if (p.startTime !== undefined) row.start_time = p.startTime;
  if (p.endTime !== undefined) row.end_time = p.endTime;
  if (p.host !== undefined) row.host = p.host;
  if (p.gpuIndices !== undefined) row.gpu_indices = JSON.stringify(p.gpuIndices);
  if (p.externalId !== undefined) row.external_id = p.externalId;
  if (p.usage !== undefined) row.usage = p.usage === null ? null : JSON.stringify(p.usage);
  return row;
}

export function eventFromRow(r: Selectable<JobEventsTable>): JobEvent {
  return {
    jobId: r.job_id,
    time: r.time,
    state: r.state as JobState,
    attempt: r.attempt,
    reason: r.reason,
    exitCode: r.exit_code,
  };
}
