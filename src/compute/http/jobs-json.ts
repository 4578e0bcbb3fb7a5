import type { ComputeStatus, Job, JobEvent } from '../../core/compute-types.js';

/** A job in the API's snake_case JSON (docs/jobs-api.md). */
export function jobJson(j: Job, queuePosition: number | null = null): Record<string, unknown> {
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

export function eventJson(e: JobEvent): Record<string, unknown> {
  return { time: e.time, state: e.state, attempt: e.attempt, reason: e.reason, exit_code: e.exitCode };
}

export function statusJson(s: ComputeStatus): Record<string, unknown> {
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
