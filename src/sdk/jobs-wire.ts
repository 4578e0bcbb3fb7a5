import type {
  ComputeStatus,
  ExecutorKind,
  GpuInfo,
  HostStatus,
  Job,
  JobEvent,
  JobResources,
  JobState,
  JobUsage,
  ListJobsRequest,
  PartitionStatus,
  SubmitJobRequest,
} from '../core/compute-types.js';
import type { QueryValue } from './rest-client.js';
import { defined, list, num, numOrNull, obj, str, strOrNull, type Json } from './wire-readers.js';

/**
 * The jobs API's JSON (snake_case, docs/jobs-api.md) and the mappers to and from the
 * camelCase types of src/core/compute-types.ts. Readers are lenient like the tracking ones
 * (wire.ts): a field a server leaves out gets its neutral value rather than `undefined`.
 */

const strings = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x)]));

// An unknown state from a newer server is kept as is: showing it beats hiding the job.
const jobState = (v: unknown): JobState => str(v) as JobState;
const executorKind = (v: unknown): ExecutorKind => (str(v) || 'local') as ExecutorKind;

export function resourcesFromWire(v: unknown): JobResources {
  const r = obj(v);
  return { cpus: num(r.cpus, 1), memoryMb: num(r.memory_mb), gpus: num(r.gpus), nodes: num(r.nodes, 1) };
}

function usageFromWire(v: unknown): JobUsage | null {
  if (v === null || v === undefined) return null;
  const u = obj(v);
  return {
    cpuUserSeconds: numOrNull(u.cpu_user_seconds),
    cpuSystemSeconds: numOrNull(u.cpu_system_seconds),
    maxRssMb: numOrNull(u.max_rss_mb),
    wallSeconds: numOrNull(u.wall_seconds),
  };
}

export function jobFromWire(v: unknown): Job {
  const j = obj(v);
  return {
    jobId: str(j.job_id),
    name: str(j.name),
    command: list(j.command).map(str),
    cwd: str(j.cwd),
    env: strings(j.env),
    resources: resourcesFromWire(j.resources),
    priority: num(j.priority),
    queue: str(j.queue) || 'default',
    executor: executorKind(j.executor),
    partition: strOrNull(j.partition),
    timeoutSeconds: numOrNull(j.timeout_seconds),
    maxRetries: num(j.max_retries),
    attempt: num(j.attempt, 1),
    labels: strings(j.labels),
    state: jobState(j.state),
    reason: strOrNull(j.reason),
    exitCode: numOrNull(j.exit_code),
    runId: str(j.run_id),
    experimentId: str(j.experiment_id),
    createdTime: num(j.created_time),
    startTime: numOrNull(j.start_time),
    endTime: numOrNull(j.end_time),
    host: strOrNull(j.host),
    gpuIndices: list(j.gpu_indices).map((worker) => list(worker).map((i) => num(i))),
    externalId: strOrNull(j.external_id),
    usage: usageFromWire(j.usage),
  };
}

export function jobEventFromWire(v: unknown, jobId: string): JobEvent {
  const e = obj(v);
  return {
    jobId: str(e.job_id) || jobId,
    time: num(e.time),
    state: jobState(e.state),
    attempt: num(e.attempt, 1),
    reason: strOrNull(e.reason),
    exitCode: numOrNull(e.exit_code),
  };
}

/** The body of `POST /api/v1/jobs`. */
export function submitToWire(req: SubmitJobRequest): Json {
  const r = req.resources;
  return defined({
    command: req.command,
    name: req.name,
    cwd: req.cwd,
    env: req.env,
    resources: r && defined({ cpus: r.cpus, memory_mb: r.memoryMb, gpus: r.gpus, nodes: r.nodes }),
    priority: req.priority,
    queue: req.queue,
    executor: req.executor,
    partition: req.partition,
    timeout_seconds: req.timeoutSeconds,
    max_retries: req.maxRetries,
    labels: req.labels,
    experiment_id: req.experimentId,
  });
}

/** The query of `GET /api/v1/jobs`: states and labels repeat (`label=team=vision`). */
export function listToQuery(req: ListJobsRequest): Record<string, QueryValue> {
  return {
    state: req.states && req.states.length > 0 ? req.states : undefined,
    label: req.labels ? Object.entries(req.labels).map(([k, v]) => `${k}=${v}`) : undefined,
    executor: req.executor,
    queue: req.queue,
    max_results: req.maxResults,
    page_token: req.pageToken,
  };
}

function gpuFromWire(v: unknown): GpuInfo {
  const g = obj(v);
  return { index: num(g.index), name: str(g.name), memoryMb: numOrNull(g.memory_mb), uuid: strOrNull(g.uuid) };
}

function hostFromWire(v: unknown): HostStatus {
  const h = obj(v);
  const used = obj(h.used);
  return {
    name: str(h.name),
    executor: executorKind(h.executor),
    cpus: num(h.cpus),
    memoryMb: num(h.memory_mb),
    gpus: list(h.gpus).map(gpuFromWire),
    used: { cpus: num(used.cpus), memoryMb: num(used.memory_mb), gpuIndices: list(used.gpu_indices).map((i) => num(i)) },
    runningJobs: num(h.running_jobs),
  };
}

function partitionFromWire(v: unknown): PartitionStatus {
  const p = obj(v);
  return {
    name: str(p.name),
    isDefault: p.is_default === true,
    state: str(p.state),
    nodes: num(p.nodes),
    cpus: num(p.cpus),
    memoryMb: num(p.memory_mb),
    gpus: num(p.gpus),
    maxTimeMinutes: numOrNull(p.max_time_minutes),
  };
}

export function computeStatusFromWire(v: unknown): ComputeStatus {
  const s = obj(v);
  return {
    hosts: list(s.hosts).map(hostFromWire),
    partitions: list(s.partitions).map(partitionFromWire),
    queued: num(s.queued),
    running: num(s.running),
  };
}
