import { access, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { constants as osConstants } from 'node:os';
import type { JobResources, JobUsage, PartitionStatus } from '../../../core/compute-types.js';
import { invalidArgument, type Logger } from '../../../core/index.js';
import type { ExecutionSink, Executor, Launch, Outcome, Started, WorkerEnv } from '../executor.js';
import { groupRssMb, isOurProcess, signalGroup } from './process-probe.js';
import { Spawner } from './spawner.js';
import { pidFileTime, readExitRecord, readPidFile, stopMarker, workerFiles, type WorkerExit } from './worker-files.js';
import { wrapperScript } from './wrapper-script.js';

export interface LocalExecutorOptions {
  sink: ExecutionSink;
  logger: Logger;
  /** What this host offers; the scheduler places within it, `validate` refuses beyond it. */
  capacity: { cpus: number; memoryMb: number; gpuCount: number };
  /** Between SIGTERM and SIGKILL when stopping (default 10 s). */
  killGraceMs?: number;
  /** How often workers that are not our children (re-attached after a restart) are checked (default 500 ms). */
  reattachPollMs?: number;
  /** How often memory is sampled (default 2 s). */
  usageSampleMs?: number;
}

interface Worker {
  rank: number;
  pid: number;
  /**
   * Whether its exit is reported by the spawner. False for a worker re-attached after a
   * restart (or whose spawner died): its end is then found by polling.
   */
  reported: boolean;
  exited: boolean;
  exitCode: number | null;
  record: WorkerExit | undefined;
  files: ReturnType<typeof workerFiles>;
}

interface Attempt {
  launch: Launch;
  workers: Worker[];
  /** When its workers started (ms): for wall time. Re-attached, from their pid files. */
  startedAt: number;
  stopping: { state: 'cancelled' | 'timed_out'; reason: string } | undefined;
  /** Whether its workers were sent SIGTERM: a worker reported as spawned after that gets it then. */
  terminating: boolean;
  /** The first worker that failed on its own; the others are then stopped. */
  firstFailure: Worker | undefined;
  killTimer: NodeJS.Timeout | undefined;
  maxRssMb: number | null;
  /** Until every worker is spawned (and `running` reported) the attempt cannot end. */
  launching: boolean;
  done: boolean;
}

/**
 * Runs attempts as child processes of this server, each worker in its own process group
 * (so a stop reaches everything the command started), with stdout and stderr going
 * straight to a log file. Workers are spawned detached and write to files, not pipes,
 * so they survive a server restart and are re-attached by `recover`.
 */
export class LocalExecutor implements Executor {
  readonly kind = 'local' as const;
  readonly host = hostname();
  private readonly attempts = new Map<string, Attempt>();
  private readonly killGraceMs: number;
  private readonly reattachPollMs: number;
  private reattachTimer: NodeJS.Timeout | undefined;
  private readonly usageTimer: NodeJS.Timeout;
  private readonly spawner: Spawner;

  constructor(private readonly options: LocalExecutorOptions) {
    this.killGraceMs = options.killGraceMs ?? 10_000;
    this.reattachPollMs = options.reattachPollMs ?? 500;
    this.usageTimer = setInterval(() => void this.sampleUsage(), options.usageSampleMs ?? 2000);
    this.usageTimer.unref();
    this.spawner = new Spawner(options.logger);
  }

  /** Starts the process that spawns workers, so the first job does not wait for it. */
  warm(): void {
    this.spawner.warm();
  }

  async validate(resources: JobResources, partition: string | null): Promise<void> {
    if (partition !== null) throw invalidArgument('partition is a SLURM setting; the local executor has none');
    const { cpus, memoryMb, gpuCount } = this.options.capacity;
    const n = resources.nodes;
    const workers = n === 1 ? '' : ` (${n} workers x ${resources.cpus} CPUs, ${resources.memoryMb} MiB, ${resources.gpus} GPUs)`;
    if (resources.gpus > 0 && gpuCount === 0) {
      throw invalidArgument(`this host (${this.host}) has no GPUs (none found by nvidia-smi), but the job asks for ${resources.gpus}`);
    }
    if (resources.cpus * n > cpus) throw invalidArgument(`the job needs ${resources.cpus * n} CPUs${workers}; this host has ${cpus}`);
    if (resources.memoryMb * n > memoryMb) {
      throw invalidArgument(`the job needs ${resources.memoryMb * n} MiB of memory${workers}; this host has ${memoryMb} MiB for jobs`);
    }
    if (resources.gpus * n > gpuCount) throw invalidArgument(`the job needs ${resources.gpus * n} GPUs${workers}; this host has ${gpuCount}`);
  }

  async start(launch: Launch): Promise<Started> {
    try {
      await access(launch.cwd);
    } catch {
      throw invalidArgument(`working directory ${launch.cwd} does not exist on ${this.host}`);
    }
    await mkdir(launch.dir, { recursive: true });
    const n = launch.resources.nodes;
    const masterPort = String(await freePort());
    const attempt: Attempt = {
      launch,
      workers: [],
      startedAt: Date.now(),
      stopping: undefined,
      terminating: false,
      firstFailure: undefined,
      killTimer: undefined,
      maxRssMb: null,
      launching: true,
      done: false,
    };
    this.attempts.set(key(launch.jobId, launch.attempt), attempt);
    const spawned: Promise<void>[] = [];
    for (let rank = 0; rank < n; rank++) {
      const files = workerFiles(launch.dir, rank, n);
      const workerEnv: WorkerEnv = {
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: masterPort,
        WORLD_SIZE: String(n),
        RANK: String(rank),
        LOCAL_RANK: String(rank),
        LOCAL_WORLD_SIZE: String(n),
      };
      const gpus = launch.gpuIndices[rank] ?? [];
      const env: Record<string, string> = { ...launch.env, ...workerEnv };
      // Without a GPU grant a job must not see any GPU, not all of them.
      env.CUDA_VISIBLE_DEVICES = gpus.join(',');
      spawned.push(
        this.spawner
          .spawn({ file: '/bin/sh', args: ['-c', wrapperScript(files), 'fw-job', ...launch.command], cwd: launch.cwd, env, log: files.log })
          .then(({ pid, exited }) => {
            const worker: Worker = { rank, pid, reported: true, exited: false, exitCode: null, record: undefined, files };
            attempt.workers.push(worker);
            // Spawned as a stop was being sent: the loop in `terminate` did not see it.
            if (attempt.terminating) signalGroup(pid, 'SIGTERM');
            exited.then(
              ({ code, signal }) => void this.workerExited(attempt, worker, code, signal),
              () => this.watchByPolling(worker),
            );
          }),
      );
    }
    const results = await Promise.allSettled(spawned);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) {
      // A worker that could not be spawned: stop the ones that were; the attempt fails to start.
      attempt.done = true;
      for (const w of attempt.workers) signalGroup(w.pid, 'SIGKILL');
      this.attempts.delete(key(launch.jobId, launch.attempt));
      throw (failure as PromiseRejectedResult).reason;
    }
    attempt.workers.sort((a, b) => a.rank - b.rank);
    const externalId = attempt.workers.map((w) => w.pid).join(',');
    this.options.sink.running(launch.jobId, launch.attempt, { host: this.host, externalId });
    attempt.launching = false;
    // Workers that ended while others were still being spawned.
    if (attempt.workers.every((w) => w.exited)) this.finish(attempt);
    return { externalId, host: this.host };
  }

  async recover(launch: Launch, externalId: string | null): Promise<'attached' | 'finished' | 'not_started'> {
    const n = launch.resources.nodes;
    const stored = externalId ? externalId.split(',').map(Number) : [];
    const workers: Worker[] = [];
    for (let rank = 0; rank < n; rank++) {
      const files = workerFiles(launch.dir, rank, n);
      const pid = stored[rank] ?? (await readPidFile(files.pid));
      if (pid === undefined) continue;
      workers.push({ rank, pid, reported: false, exited: false, exitCode: null, record: undefined, files });
    }
    if (workers.length === 0) return 'not_started';
    // Its true start, not this restart: the wall time of a job that ran across a restart counts from it.
    const started = (await Promise.all(workers.map((w) => pidFileTime(w.files.pid)))).filter((t): t is number => t !== undefined);
    const attempt: Attempt = {
      launch,
      workers,
      startedAt: started.length > 0 ? Math.min(...started) : Date.now(),
      stopping: undefined,
      terminating: false,
      firstFailure: undefined,
      killTimer: undefined,
      maxRssMb: null,
      launching: false,
      done: false,
    };
    this.attempts.set(key(launch.jobId, launch.attempt), attempt);
    this.options.sink.running(launch.jobId, launch.attempt, { host: this.host, externalId: workers.map((w) => w.pid).join(',') });
    await this.pollReattached(attempt);
    if (attempt.done) return 'finished';
    this.startPolling();
    return 'attached';
  }

  async stop(jobId: string, attemptNo: number, how: { state: 'cancelled' | 'timed_out'; reason: string }): Promise<void> {
    const attempt = this.attempts.get(key(jobId, attemptNo));
    if (!attempt || attempt.done) return;
    attempt.stopping ??= how;
    await this.terminate(attempt);
  }

  async partitions(): Promise<PartitionStatus[]> {
    return [];
  }

  async close(): Promise<void> {
    clearInterval(this.usageTimer);
    if (this.reattachTimer) clearInterval(this.reattachTimer);
    for (const a of this.attempts.values()) {
      if (a.killTimer) clearTimeout(a.killTimer);
    }
    // Workers run on without us and are recovered on restart.
    this.attempts.clear();
    this.spawner.close();
  }

  /**
   * SIGTERM to every live worker's group now, SIGKILL after the grace period. The stop
   * marker is written first: a worker whose command has not been exec'd yet may lose the
   * signal, and then finds the marker and does not start it (`wrapper-script.ts`).
   */
  private async terminate(attempt: Attempt): Promise<void> {
    try {
      await writeFile(stopMarker(attempt.launch.dir), '');
    } catch (e) {
      this.options.logger.warn({ err: e, dir: attempt.launch.dir }, 'could not write the stop marker; a command stopped as it starts may run until SIGKILL');
    }
    if (attempt.done) return;
    attempt.terminating = true;
    for (const w of attempt.workers) if (!w.exited) signalGroup(w.pid, 'SIGTERM');
    attempt.killTimer ??= setTimeout(() => {
      for (const w of attempt.workers) if (!w.exited) signalGroup(w.pid, 'SIGKILL');
    }, this.killGraceMs);
    attempt.killTimer.unref();
  }

  private async workerExited(attempt: Attempt, worker: Worker, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    worker.record = await readExitRecord(worker.files.exit);
    // The shell reports a command killed by a signal as 128 + its number, as SLURM and bash do.
    worker.exitCode = worker.record?.code ?? code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : null);
    worker.exited = true;
    this.afterWorkerExit(attempt, worker);
  }

  private afterWorkerExit(attempt: Attempt, worker: Worker): void {
    if (worker.exitCode !== 0 && !attempt.stopping && !attempt.firstFailure) {
      attempt.firstFailure = worker;
      // One failed worker fails the job: the others are stopped rather than left waiting on it.
      if (attempt.workers.some((w) => !w.exited)) void this.terminate(attempt);
    }
    if (!attempt.launching && attempt.workers.every((w) => w.exited)) this.finish(attempt);
  }

  private finish(attempt: Attempt): void {
    if (attempt.done) return;
    attempt.done = true;
    if (attempt.killTimer) clearTimeout(attempt.killTimer);
    this.attempts.delete(key(attempt.launch.jobId, attempt.launch.attempt));
    this.options.sink.finished(attempt.launch.jobId, attempt.launch.attempt, outcomeOf(attempt));
  }

  private async pollAllReattached(): Promise<void> {
    const reattached = [...this.attempts.values()].filter((a) => a.workers.some((w) => !w.reported && !w.exited));
    if (reattached.length === 0 && this.reattachTimer) {
      clearInterval(this.reattachTimer);
      this.reattachTimer = undefined;
    }
    for (const a of reattached) await this.pollReattached(a);
  }

  /** Workers that are not our children give no exit event: their end is seen by polling. */
  private async pollReattached(attempt: Attempt): Promise<void> {
    for (const w of attempt.workers) {
      if (w.exited || w.reported) continue;
      if (await isOurProcess(w.pid, w.files.exit)) continue;
      w.record = await readExitRecord(w.files.exit);
      w.exitCode = w.record?.code ?? null;
      w.exited = true;
      this.afterWorkerExit(attempt, w);
    }
  }

  private startPolling(): void {
    this.reattachTimer ??= setInterval(() => void this.pollAllReattached(), this.reattachPollMs);
  }

  /** The spawner died before reporting this worker's exit: watch it like a re-attached one. */
  private watchByPolling(worker: Worker): void {
    worker.reported = false;
    this.startPolling();
  }

  private async sampleUsage(): Promise<void> {
    if (this.attempts.size === 0) return;
    const pgids = new Set<number>();
    for (const a of this.attempts.values()) for (const w of a.workers) if (!w.exited) pgids.add(w.pid);
    try {
      const rss = await groupRssMb(pgids);
      for (const a of this.attempts.values()) {
        const total = a.workers.reduce((sum, w) => sum + (rss.get(w.pid) ?? 0), 0);
        if (total > 0) a.maxRssMb = Math.max(a.maxRssMb ?? 0, Math.round(total * 10) / 10);
      }
    } catch (e) {
      this.options.logger.warn({ err: e }, 'sampling job memory failed');
    }
  }
}

function outcomeOf(attempt: Attempt): Outcome {
  const n = attempt.workers.length;
  const logs = attempt.workers.map((w) => ({ name: w.files.logName, path: w.files.log }));
  // The last exit file's time when every worker left one: the true end, even of an attempt
  // that ended while the server was down. A worker killed hard leaves none: then now.
  const endTime = attempt.workers.length > 0 && attempt.workers.every((w) => w.record) ? Math.max(...attempt.workers.map((w) => w.record!.endedAt)) : undefined;
  const usage: JobUsage = {
    cpuUserSeconds: sumOrNull(attempt.workers.map((w) => w.record?.cpuUserSeconds ?? null)),
    cpuSystemSeconds: sumOrNull(attempt.workers.map((w) => w.record?.cpuSystemSeconds ?? null)),
    maxRssMb: attempt.maxRssMb,
    wallSeconds: Math.max(0, ((endTime ?? Date.now()) - attempt.startedAt) / 1000),
  };
  const ended = endTime !== undefined ? { endTime } : {};
  const failed = attempt.firstFailure ?? attempt.workers.find((w) => w.exitCode !== 0);
  const exitCode = failed ? failed.exitCode : 0;
  if (attempt.stopping) return { state: attempt.stopping.state, exitCode, reason: attempt.stopping.reason, usage, logs, ...ended };
  if (!failed) return { state: 'succeeded', exitCode: 0, reason: null, usage, logs, ...ended };
  const who = n === 1 ? 'the command' : `worker rank ${failed.rank}`;
  if (failed.exitCode === null) {
    return { state: 'lost', exitCode: null, reason: `${who} ended while the server was down, without recording an exit status`, usage, logs, ...ended };
  }
  return { state: 'failed', exitCode, reason: `${who} exited with code ${exitCode}${signalHint(failed.exitCode)}`, usage, logs, ...ended };
}

function signalHint(code: number | null): string {
  if (code === null || code <= 128) return '';
  const name = Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0];
  if (!name) return '';
  return name === 'SIGKILL' ? ' (killed by SIGKILL; out of memory?)' : ` (killed by ${name})`;
}

function sumOrNull(values: (number | null)[]): number | null {
  if (values.some((v) => v === null)) return null;
  return Math.round((values as number[]).reduce((a, b) => a + b, 0) * 1000) / 1000;
}

const key = (jobId: string, attempt: number): string => `${jobId}#${attempt}`;

/** A port nothing listens on now, for the rendezvous of a job's workers (MASTER_PORT). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
