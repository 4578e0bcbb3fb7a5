import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutorKind, Job, JobState } from '../../core/compute-types.js';
import { FlywheelError, type Logger } from '../../core/index.js';
import type { RunStatus } from '../../core/tracking-types.js';
import type { TrackingApi } from '../../tracking/index.js';
import type { ExecutionSink, Executor, Launch, Outcome } from '../executors/executor.js';
import { jobEnv } from './job-env.js';
import { NOT_STARTED, type JobPatch } from './job-rows.js';
import type { JobStore } from './job-store.js';
import type { Placement } from './placement.js';
import type { Scheduler } from './scheduler.js';

const RUN_STATUS_OF: Record<Outcome['state'], RunStatus> = {
  succeeded: 'FINISHED',
  failed: 'FAILED',
  lost: 'FAILED',
  cancelled: 'KILLED',
  timed_out: 'KILLED',
};

export interface JobLifecycleOptions {
  store: JobStore;
  tracking: TrackingApi;
  logger: Logger;
  /** Attempt folders live under `<jobsDir>/<jobId>/attempt-<n>`. */
  jobsDir: string;
}

/**
 * Moves jobs through their states as executors report, and keeps the job's run in step:
 * the run is RUNNING while an attempt runs and ends FINISHED, FAILED or KILLED with it; an
 * attempt's logs become artifacts of the run. Everything that happens to one job is done
 * in order (one promise chain per job), so a job that ends a millisecond after it starts
 * still records `running` before `succeeded`.
 */
export class JobLifecycle implements ExecutionSink {
  private executors = new Map<ExecutorKind, Executor>();
  private scheduler!: Scheduler;
  private trackingUri = '';
  /** Jobs starting or running, as last stored. */
  private readonly active = new Map<string, Job>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<void>>();
  /** Jobs asked to stop while starting, with the reason, applied once the executor has them. */
  private readonly cancelRequested = new Map<string, string>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly endListeners: ((jobId: string) => void)[] = [];

  constructor(private readonly options: JobLifecycleOptions) {}

  connect(parts: { executors: Map<ExecutorKind, Executor>; scheduler: Scheduler; trackingUri: string }): void {
    this.executors = parts.executors;
    this.scheduler = parts.scheduler;
    this.trackingUri = parts.trackingUri;
  }

  attemptDir(jobId: string, attempt: number): string {
    return join(this.options.jobsDir, jobId, `attempt-${attempt}`);
  }

  launchOf(job: Job, gpuIndices: number[][]): Launch {
    // Never the server's whole environment: its credentials must not reach a user's job.
    const env = jobEnv(process.env, job.env, {
      FW_TRACKING_URI: this.trackingUri,
      MLFLOW_TRACKING_URI: this.trackingUri,
      FW_RUN_ID: job.runId,
      MLFLOW_RUN_ID: job.runId,
      MLFLOW_EXPERIMENT_ID: job.experimentId,
      FW_JOB_ID: job.jobId,
      FW_JOB_NAME: job.name,
      FW_JOB_ATTEMPT: String(job.attempt),
    });
    return {
      jobId: job.jobId,
      attempt: job.attempt,
      name: job.name,
      command: job.command,
      cwd: job.cwd,
      env,
      resources: job.resources,
      partition: job.partition,
      timeoutSeconds: job.timeoutSeconds,
      gpuIndices,
      dir: this.attemptDir(job.jobId, job.attempt),
    };
  }

  /** Called by the scheduler with resources already taken for the job. */
  async launch(job: Job, placement: Placement | undefined): Promise<void> {
    const gpuIndices = placement?.gpuIndices ?? [];
    const starting: Job = { ...job, state: 'starting', host: placement?.host ?? null, gpuIndices, reason: null };
    const moved = await this.options.store.transition(job.jobId, ['queued'], { state: 'starting', attempt: job.attempt, host: starting.host, gpuIndices, reason: null }, Date.now());
    if (!moved) {
      // Cancelled between the scheduler's pass and now.
      this.scheduler.release(job.jobId);
      return;
    }
    this.active.set(job.jobId, starting);
    const executor = this.executor(job.executor);
    try {
      const started = await executor.start(this.launchOf(starting, gpuIndices));
      await this.serial(job.jobId, async () => {
        const current = this.active.get(job.jobId);
        if (current?.attempt !== job.attempt || current.externalId === started.externalId) return;
        await this.options.store.update(job.jobId, { externalId: started.externalId });
        current.externalId = started.externalId;
      });
      const cancelReason = this.cancelRequested.get(job.jobId);
      if (cancelReason !== undefined) await executor.stop(job.jobId, job.attempt, { state: 'cancelled', reason: cancelReason });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.finished(job.jobId, job.attempt, { state: 'failed', exitCode: null, reason: `could not start: ${message}`, usage: null, logs: [] });
    }
  }

  running(jobId: string, attempt: number, detail: { host: string | null; externalId: string }): void {
    void this.serial(jobId, async () => {
      const job = this.active.get(jobId);
      if (!job || job.attempt !== attempt) return;
      const now = Date.now();
      if (job.state === 'starting') {
        const patch: JobPatch & { attempt: number } = { state: 'running', attempt, startTime: now, externalId: detail.externalId, reason: null };
        if (detail.host !== null) patch.host = detail.host;
        if (!(await this.options.store.transition(jobId, ['starting'], patch, now))) return;
        Object.assign(job, { state: 'running', startTime: now, externalId: detail.externalId, host: detail.host ?? job.host });
        await this.updateRun(job.runId, { status: 'RUNNING' });
      }
      this.armTimeout(job);
    });
  }

  finished(jobId: string, attempt: number, outcome: Outcome): void {
    void this.serial(jobId, async () => {
      const job = this.active.get(jobId);
      if (!job || job.attempt !== attempt) return;
      this.active.delete(jobId);
      this.cancelRequested.delete(jobId);
      clearTimeout(this.timers.get(jobId));
      this.timers.delete(jobId);
      this.scheduler.release(jobId);
      // Logs and the run first: a client that sees the job ended finds both up to date.
      await this.keepLogs(job, outcome);
      const now = Date.now();
      const endTime = endTimeOf(outcome, job, now);
      const retriable = outcome.state === 'failed' || outcome.state === 'timed_out' || outcome.state === 'lost';
      if (retriable && job.attempt <= job.maxRetries) {
        const reason = `retry ${job.attempt} of ${job.maxRetries} after: ${outcome.reason ?? outcome.state}`;
        // The attempt's end and the requeue in one write: the job is never seen failed between attempts.
        const ending = { state: outcome.state, attempt: job.attempt, reason: outcome.reason, exitCode: outcome.exitCode };
        await this.requeue(job, ['starting', 'running'], reason, [ending]);
      } else {
        await this.updateRun(job.runId, { status: RUN_STATUS_OF[outcome.state], endTime });
        const ended = { state: outcome.state, attempt, exitCode: outcome.exitCode, reason: outcome.reason, endTime, usage: outcome.usage };
        await this.options.store.transition(jobId, ['starting', 'running'], ended, endTime);
      }
      this.notify(jobId);
    });
  }

  /** Puts a job that has ended back in the queue as its next attempt. */
  async requeue(job: Job, from: JobState[], reason: string, via: Parameters<JobStore['transition']>[4] = []): Promise<Job | undefined> {
    const now = Date.now();
    const next: Job = { ...job, ...NOT_STARTED, gpuIndices: [], attempt: job.attempt + 1, state: 'queued', reason };
    const patch = { ...NOT_STARTED, state: 'queued' as const, attempt: next.attempt, queuedTime: now, reason };
    if (!(await this.options.store.transition(job.jobId, from, patch, now, via))) return undefined;
    await this.updateRun(job.runId, { status: 'SCHEDULED' });
    this.scheduler.enqueue(next, now);
    return next;
  }

  /** Asks the executor to stop a starting or running job; it ends through `finished`. */
  async stop(job: Job, how: { state: 'cancelled' | 'timed_out'; reason: string }): Promise<void> {
    if (how.state === 'cancelled') this.cancelRequested.set(job.jobId, how.reason);
    await this.executor(job.executor).stop(job.jobId, job.attempt, how);
  }

  /** Resolves when the job leaves starting/running, or after `ms`. */
  waitForEnd(jobId: string, ms: number): Promise<void> {
    if (!this.active.has(jobId)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      const list = this.waiters.get(jobId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(jobId, list);
    });
  }

  /**
   * After a restart: every job stored as starting or running is found again through its
   * executor. A job whose attempt never started goes back to the queue; one that cannot
   * be found is lost. Never started twice: an attempt is only re-queued when its executor
   * finds no trace of it.
   */
  async recover(job: Job, localHost: string): Promise<void> {
    const executor = this.executors.get(job.executor);
    if (!executor) {
      this.active.set(job.jobId, job);
      this.finished(job.jobId, job.attempt, lostOutcome(`the ${job.executor} executor is not available on this server`));
      return;
    }
    if (job.executor === 'local') {
      if (job.host !== null && job.host !== localHost) {
        this.active.set(job.jobId, job);
        this.finished(job.jobId, job.attempt, lostOutcome(`it ran on host ${job.host}, and this server runs on ${localHost}`));
        return;
      }
      const r = job.resources;
      this.scheduler.hold({
        jobId: job.jobId,
        host: localHost,
        cpus: r.cpus * r.nodes,
        memoryMb: r.memoryMb * r.nodes,
        gpuIndices: job.gpuIndices,
        endsBy: job.startTime !== null && job.timeoutSeconds !== null ? job.startTime + job.timeoutSeconds * 1000 : Infinity,
      });
    }
    this.active.set(job.jobId, job);
    let found: Awaited<ReturnType<Executor['recover']>>;
    try {
      found = await executor.recover(this.launchOf(job, job.gpuIndices), job.externalId);
    } catch (e) {
      this.options.logger.error({ err: e, jobId: job.jobId }, 'recovering a job failed');
      this.finished(job.jobId, job.attempt, lostOutcome(`recovering it after a restart failed: ${(e as Error).message}`));
      return;
    }
    if (found !== 'not_started') return;
    if (job.state === 'starting') {
      this.active.delete(job.jobId);
      this.scheduler.release(job.jobId);
      const now = Date.now();
      const patch = { state: 'queued' as const, attempt: job.attempt, queuedTime: now, host: null, gpuIndices: [], externalId: null, reason: 'queued again: the server stopped before it started' };
      if (await this.options.store.transition(job.jobId, ['starting'], patch, now)) {
        this.scheduler.enqueue({ ...job, state: 'queued', host: null, gpuIndices: [], externalId: null }, now);
      }
    } else {
      this.finished(job.jobId, job.attempt, lostOutcome('its processes were gone after a server restart'));
    }
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Chains async work per job so its transitions never interleave. */
  private serial(jobId: string, work: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(jobId) ?? Promise.resolve();
    const next = prev.then(work).catch((e: unknown) => this.options.logger.error({ err: e, jobId }, 'job state change failed'));
    this.chains.set(jobId, next);
    void next.finally(() => {
      if (this.chains.get(jobId) === next) this.chains.delete(jobId);
    });
    return next;
  }

  private armTimeout(job: Job): void {
    if (job.timeoutSeconds === null || this.timers.has(job.jobId)) return;
    const start = job.startTime ?? Date.now();
    const endsBy = start + job.timeoutSeconds * 1000;
    this.scheduler.setDeadline(job.jobId, endsBy);
    const timer = setTimeout(() => {
      this.timers.delete(job.jobId);
      void this.stop(job, { state: 'timed_out', reason: `exceeded its timeout of ${job.timeoutSeconds} s` }).catch((e: unknown) =>
        this.options.logger.error({ err: e, jobId: job.jobId }, 'stopping a job that timed out failed'),
      );
    }, Math.max(0, endsBy - Date.now()));
    timer.unref();
    this.timers.set(job.jobId, timer);
  }

  /** Stores an attempt's non-empty logs as artifacts of its run: `logs/<file>`, `logs/attempt-N/<file>` after the first. */
  private async keepLogs(job: Job, outcome: Outcome): Promise<void> {
    try {
      const sizes = await Promise.all(outcome.logs.map((log) => stat(log.path).then((s) => s.size, () => 0)));
      const kept = outcome.logs.filter((_, i) => sizes[i]! > 0);
      // Most trivial jobs print nothing: no artifact, and no lookup of the run's folder.
      if (kept.length === 0) return;
      const root = await this.options.tracking.runArtifactRoot(job.runId);
      const folder = job.attempt === 1 ? 'logs' : `logs/attempt-${job.attempt}`;
      for (const log of kept) await this.options.tracking.putArtifact(`${root}/${folder}/${log.name}`, createReadStream(log.path));
    } catch (e) {
      this.options.logger.warn({ err: e, jobId: job.jobId }, 'storing job logs as artifacts failed');
    }
  }

  private async updateRun(runId: string, req: { status: RunStatus; endTime?: number }): Promise<void> {
    try {
      await this.options.tracking.updateRun({ runId, ...req });
    } catch (e) {
      // The run may have been deleted by its user; the job goes on regardless.
      if (!(e instanceof FlywheelError)) throw e;
      this.options.logger.warn({ err: e, runId }, 'updating the run of a job failed');
    }
  }

  private executor(kind: ExecutorKind): Executor {
    const executor = this.executors.get(kind);
    if (!executor) throw new FlywheelError('UNAVAILABLE', `the ${kind} executor is not available on this server`);
    return executor;
  }

  /** Called after each attempt of a job has ended and been recorded (retried or not). */
  onAttemptEnded(listener: (jobId: string) => void): void {
    this.endListeners.push(listener);
  }

  private notify(jobId: string): void {
    for (const w of this.waiters.get(jobId) ?? []) w();
    this.waiters.delete(jobId);
    for (const listener of this.endListeners) {
      try {
        listener(jobId);
      } catch (e) {
        this.options.logger.error({ err: e, jobId }, 'a job-end listener failed');
      }
    }
  }
}

/**
 * When an attempt ended: as its executor recorded it (the exit file's time, SLURM's
 * EndTime), so a job that ended while the server was down keeps its true end rather than
 * the restart's time. Kept between the job's start and now, whatever the clocks of the
 * nodes say.
 */
function endTimeOf(outcome: Outcome, job: Job, now: number): number {
  if (outcome.endTime === undefined) return now;
  return Math.min(now, Math.max(job.startTime ?? 0, Math.round(outcome.endTime)));
}

function lostOutcome(reason: string): Outcome {
  return { state: 'lost', exitCode: null, reason, usage: null, logs: [] };
}

