import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import {
  isTerminalJobState,
  TERMINAL_JOB_STATES,
  type ComputeStatus,
  type ExecutorKind,
  type GpuInfo,
  type Job,
  type JobEvent,
  type ListJobsRequest,
  type SubmitJobRequest,
} from '../core/compute-types.js';
import { conflict, FlywheelError, notFound, type Logger } from '../core/index.js';
import type { Page } from '../core/tracking-types.js';
import type { ComputeTables as Database } from './storage/index.js';
import type { TrackingApi } from '../tracking/index.js';
import type { ComputeApi, LogChunk, ReadLogRequest } from './compute-api.js';
import type { ExecutionSink, Executor } from './executors/executor.js';
import { LocalExecutor } from './executors/local/local-executor.js';
import { discoverGpus } from './internal/gpu-discovery.js';
import { JobLifecycle } from './internal/job-lifecycle.js';
import { NOT_STARTED } from './internal/job-rows.js';
import { MAX_LOG_READ, readJobLog } from './internal/job-logs.js';
import { newJobId, normalizeSubmit } from './internal/job-request.js';
import { JobStore } from './internal/job-store.js';
import { Scheduler } from './internal/scheduler.js';

export interface ComputeServiceOptions {
  db: Kysely<Database>;
  tracking: TrackingApi;
  logger: Logger;
  dataDir: string;
  /** What jobs may use on this host; default: all CPUs, 90% of memory, the GPUs nvidia-smi lists. */
  cpus?: number;
  memoryMb?: number;
  gpus?: GpuInfo[];
  killGraceMs?: number;
  agingMs?: number;
  /** Builds the SLURM executor, or undefined where SLURM is not to be used. */
  slurm?: (sink: ExecutionSink) => Executor | undefined;
}

/** Waiting this long for a cancelled job to end lets most cancels answer with the final state. */
const CANCEL_WAIT_MS = 2000;

/**
 * Jobs: submit, list, cancel, retry, logs; the scheduler loop and the executors. Created
 * stopped: `start(trackingUri)` recovers what a previous server left running and begins
 * scheduling, once the server knows the URL jobs report to.
 */
export class ComputeService implements ComputeApi {
  private readonly store: JobStore;
  private readonly lifecycle: JobLifecycle;
  private readonly local: LocalExecutor;
  private readonly executors = new Map<ExecutorKind, Executor>();
  private readonly scheduler: Scheduler;
  private readonly gpus: GpuInfo[];
  private started = false;

  private constructor(private readonly options: ComputeServiceOptions, gpus: GpuInfo[]) {
    this.gpus = gpus;
    this.store = new JobStore(options.db);
    this.lifecycle = new JobLifecycle({ store: this.store, tracking: options.tracking, logger: options.logger, jobsDir: join(options.dataDir, 'jobs') });
    const cpus = options.cpus ?? availableParallelism();
    const memoryMb = options.memoryMb ?? Math.floor((totalmem() * 0.9) / (1024 * 1024));
    this.local = new LocalExecutor({
      sink: this.lifecycle,
      logger: options.logger,
      capacity: { cpus, memoryMb, gpuCount: gpus.length },
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    });
    this.executors.set('local', this.local);
    const slurm = options.slurm?.(this.lifecycle);
    if (slurm) this.executors.set('slurm', slurm);
    this.scheduler = new Scheduler({
      hosts: [{ name: this.local.host, cpus, memoryMb, gpuIndices: gpus.map((g) => g.index) }],
      logger: options.logger,
      ...(options.agingMs !== undefined ? { agingMs: options.agingMs } : {}),
      launch: (job, placement) => this.lifecycle.launch(job, placement),
    });
  }

  static async create(options: ComputeServiceOptions): Promise<ComputeService> {
    return new ComputeService(options, options.gpus ?? (await discoverGpus()));
  }

  /** Recovers jobs left starting or running, queues the queued ones, and starts scheduling. */
  async start(trackingUri: string): Promise<void> {
    this.lifecycle.connect({ executors: this.executors, scheduler: this.scheduler, trackingUri });
    this.local.warm();
    for (const { job } of await this.store.inStates(['starting', 'running'])) await this.lifecycle.recover(job, this.local.host);
    for (const { job, queuedTime } of await this.store.inStates(['queued'])) this.scheduler.enqueue(job, queuedTime);
    this.started = true;
    this.scheduler.kick();
  }

  async submit(req: SubmitJobRequest): Promise<Job> {
    const spec = normalizeSubmit(req, { cwd: process.cwd() });
    const executor = this.executors.get(spec.executor);
    if (!executor) {
      throw new FlywheelError(
        'UNAVAILABLE',
        `the ${spec.executor} executor is not available on this server${spec.executor === 'slurm' ? ' (no SLURM cluster answered: sbatch/sinfo not found or not responding)' : ''}`,
      );
    }
    // Refused now, not left queued forever: a request no host or partition could ever hold.
    await executor.validate(spec.resources, spec.partition, spec.timeoutSeconds);
    const jobId = newJobId();
    const now = Date.now();
    const run = await this.options.tracking.createRun({
      experimentId: spec.experimentId,
      runName: spec.name,
      startTime: now,
      jobId,
      status: 'SCHEDULED',
      tags: [
        { key: 'fw.job_id', value: jobId },
        { key: 'mlflow.source.name', value: spec.command.join(' ').slice(0, 500) },
      ],
    });
    const job: Job = { jobId, ...spec, ...NOT_STARTED, gpuIndices: [], attempt: 1, state: 'queued', reason: null, runId: run.info.runId, createdTime: now };
    await this.store.insert(job, { reason: null });
    if (this.started) this.scheduler.enqueue(job, now);
    return job;
  }

  async get(jobId: string): Promise<Job> {
    const job = await this.store.get(jobId);
    if (!job) throw notFound(`Job '${jobId}' does not exist.`);
    return job;
  }

  list(req: ListJobsRequest): Promise<Page<Job>> {
    return this.store.list(req);
  }

  async events(jobId: string): Promise<JobEvent[]> {
    await this.get(jobId);
    return this.store.events(jobId);
  }

  async cancel(jobId: string, options: { reason?: string } = {}): Promise<Job> {
    const reason = options.reason ?? 'cancelled by user';
    const job = await this.get(jobId);
    if (job.state === 'queued') {
      this.scheduler.dequeue(jobId);
      const now = Date.now();
      if (await this.store.transition(jobId, ['queued'], { state: 'cancelled', attempt: job.attempt, reason, endTime: now }, now)) {
        await this.options.tracking.updateRun({ runId: job.runId, status: 'KILLED', endTime: now }).catch(() => undefined);
        return this.get(jobId);
      }
      // It started meanwhile: stop it like a running job.
      return this.cancel(jobId, options);
    }
    if (job.state === 'starting' || job.state === 'running') {
      const ended = this.lifecycle.waitForEnd(jobId, CANCEL_WAIT_MS);
      await this.lifecycle.stop(job, { state: 'cancelled', reason });
      await ended;
      return this.get(jobId);
    }
    if (job.state === 'cancelled') return job;
    throw conflict(`Job '${jobId}' has already ended (${job.state}); there is nothing to cancel.`);
  }

  async retry(jobId: string): Promise<Job> {
    const job = await this.get(jobId);
    if (!isTerminalJobState(job.state)) throw conflict(`Job '${jobId}' is ${job.state}; only a job that has ended can be retried.`);
    const next = await this.lifecycle.requeue(job, [...TERMINAL_JOB_STATES], 'retried by user');
    if (!next) throw conflict(`Job '${jobId}' changed state while being retried; try again.`);
    return this.get(jobId);
  }

  async readLog(req: ReadLogRequest): Promise<LogChunk> {
    const job = await this.get(req.jobId);
    const attempt = req.attempt ?? job.attempt;
    return readJobLog(
      job,
      { rank: req.rank ?? 0, attempt, offset: req.offset ?? 0, limit: req.limit ?? MAX_LOG_READ, dir: this.lifecycle.attemptDir(job.jobId, attempt) },
      this.options.tracking,
    );
  }

  async status(): Promise<ComputeStatus> {
    const counts = await this.store.countByState();
    const hosts = this.scheduler.hosts.map((h) => {
      const used = this.scheduler.usedOn(h.name);
      return {
        name: h.name,
        executor: 'local' as const,
        cpus: h.cpus,
        memoryMb: h.memoryMb,
        gpus: this.gpus,
        used: { cpus: used.cpus, memoryMb: used.memoryMb, gpuIndices: used.gpuIndices },
        runningJobs: used.jobs,
      };
    });
    const slurm = this.executors.get('slurm');
    const partitions = slurm ? await slurm.partitions().catch(() => []) : [];
    return { hosts, partitions, queued: counts.get('queued') ?? 0, running: (counts.get('running') ?? 0) + (counts.get('starting') ?? 0) };
  }

  onJobEnded(listener: (jobId: string) => void): void {
    this.lifecycle.onAttemptEnded(listener);
  }

  queueOrder(): string[] {
    return this.scheduler.queueSnapshot().map((j) => j.jobId);
  }

  /** Stops scheduling. Running jobs keep running and are recovered by the next start. */
  async close(): Promise<void> {
    this.scheduler.close();
    this.lifecycle.close();
    for (const e of this.executors.values()) await e.close();
  }
}
