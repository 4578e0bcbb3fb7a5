import type { Job } from '../../core/compute-types.js';
import type { Logger } from '../../core/index.js';
import { placeJobs, queueOrder, type Allocation, type HostCapacity, type Placement, type QueuedJob } from './placement.js';

export interface SchedulerOptions {
  hosts: HostCapacity[];
  /** One priority point per this many ms waited (default one minute). */
  agingMs?: number;
  /** Most SLURM submissions in flight at once. */
  maxSlurmStarts?: number;
  logger: Logger;
  /** Starts a placed job. The scheduler has already taken its resources; `release` gives them back. */
  launch(job: Job, placement: Placement | undefined): Promise<void>;
}

/**
 * The in-memory side of scheduling: the queue of jobs waiting and the resources that
 * starting and running jobs hold on each host. The database is the truth; on start the
 * service loads both from it. A pass runs soon after anything changes (a submit, an end),
 * never two at once, so a burst of submits costs a few passes, not one each.
 *
 * SLURM jobs are not placed here: the cluster schedules them. They leave the queue in
 * priority order as fast as `sbatch` takes them.
 */
export class Scheduler {
  private readonly queued = new Map<string, { job: Job; entry: QueuedJob }>();
  private readonly allocations = new Map<string, Allocation>();
  private readonly agingMs: number;
  private scheduled = false;
  private running = false;
  private again = false;
  private slurmInFlight = 0;
  private closed = false;
  private readonly agingTimer: NodeJS.Timeout;

  constructor(private readonly options: SchedulerOptions) {
    this.agingMs = options.agingMs ?? 60_000;
    // Aging changes the order even when nothing else happens.
    this.agingTimer = setInterval(() => this.kick(), Math.min(this.agingMs, 30_000));
    this.agingTimer.unref();
  }

  get hosts(): HostCapacity[] {
    return this.options.hosts;
  }

  enqueue(job: Job, queuedTime: number): void {
    this.queued.set(job.jobId, {
      job,
      entry: { jobId: job.jobId, priority: job.priority, queuedTime, resources: job.resources, timeoutSeconds: job.timeoutSeconds },
    });
    this.kick();
  }

  /** Takes a job out of the queue (cancelled). Returns whether it was there. */
  dequeue(jobId: string): boolean {
    return this.queued.delete(jobId);
  }

  /** Records resources held by a job found starting or running at start-up. */
  hold(allocation: Allocation): void {
    this.allocations.set(allocation.jobId, allocation);
  }

  /** A job's deadline is known once it runs; backfill decisions use it. */
  setDeadline(jobId: string, endsBy: number): void {
    const a = this.allocations.get(jobId);
    if (a) a.endsBy = endsBy;
  }

  release(jobId: string): void {
    if (this.allocations.delete(jobId)) this.kick();
  }

  /** Queued jobs in the order they would be considered. */
  queueSnapshot(now = Date.now()): Job[] {
    const entries = queueOrder(
      [...this.queued.values()].map((q) => q.entry),
      now,
      this.agingMs,
    );
    return entries.map((e) => this.queued.get(e.jobId)!.job);
  }

  usedOn(host: string): { cpus: number; memoryMb: number; gpuIndices: number[]; jobs: number } {
    const used = { cpus: 0, memoryMb: 0, gpuIndices: [] as number[], jobs: 0 };
    for (const a of this.allocations.values()) {
      if (a.host !== host) continue;
      used.cpus += a.cpus;
      used.memoryMb += a.memoryMb;
      used.gpuIndices.push(...a.gpuIndices.flat());
      used.jobs += 1;
    }
    used.gpuIndices.sort((x, y) => x - y);
    return used;
  }

  kick(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pass();
    });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.agingTimer);
  }

  private pass(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      this.placeLocal();
      this.submitSlurm();
    } catch (e) {
      this.options.logger.error({ err: e }, 'scheduling pass failed');
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    }
  }

  private placeLocal(): void {
    const queue = [...this.queued.values()].filter((q) => q.job.executor === 'local').map((q) => q.entry);
    if (queue.length === 0) return;
    const placements = placeJobs({
      hosts: this.options.hosts,
      allocations: [...this.allocations.values()],
      queue,
      now: Date.now(),
      agingMs: this.agingMs,
    });
    for (const p of placements) {
      const { job } = this.queued.get(p.jobId)!;
      this.queued.delete(p.jobId);
      const r = job.resources;
      this.allocations.set(job.jobId, {
        jobId: job.jobId,
        host: p.host,
        cpus: r.cpus * r.nodes,
        memoryMb: r.memoryMb * r.nodes,
        gpuIndices: p.gpuIndices,
        endsBy: Infinity,
      });
      this.start(job, p);
    }
  }

  private submitSlurm(): void {
    const max = this.options.maxSlurmStarts ?? 8;
    if (this.slurmInFlight >= max) return;
    const waiting = this.queueSnapshot().filter((j) => j.executor === 'slurm');
    for (const job of waiting.slice(0, max - this.slurmInFlight)) {
      this.queued.delete(job.jobId);
      this.slurmInFlight++;
      this.start(job, undefined, () => {
        this.slurmInFlight--;
        this.kick();
      });
    }
  }

  private start(job: Job, placement: Placement | undefined, then?: () => void): void {
    this.options
      .launch(job, placement)
      .catch((e: unknown) => this.options.logger.error({ err: e, jobId: job.jobId }, 'starting a job failed'))
      .finally(() => then?.());
  }
}
