import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { JobResources, PartitionStatus } from '../../../core/compute-types.js';
import type { Logger } from '../../../core/index.js';
import type { ExecutionSink, Executor, Launch, Outcome, Started } from '../executor.js';
import { attemptFiles, batchScript, sbatchArgs, slurmJobName } from './batch-script.js';
import { checkFit, partitionStatuses } from './partition-fit.js';
import { SlurmCommands, type SlurmCommandsOptions } from './slurm-commands.js';
import { lostOutcome, outcomeOf, phaseOf } from './slurm-outcome.js';
import { recordOfRow, type JobRecord, type NodeGroup, type QueueRow } from './slurm-parsers.js';

export interface SlurmExecutorOptions extends SlurmCommandsOptions {
  sink: ExecutionSink;
  logger: Logger;
  /** How often the one squeue for all active attempts runs (default 250 ms). */
  pollIntervalMs?: number;
  /** How long `sinfo`'s answer serves `validate` (default 5 s). */
  sinfoCacheMs?: number;
}

interface Tracked {
  launch: Launch;
  slurmId: string;
  reportedRunning: boolean;
  stopping: { state: 'cancelled' | 'timed_out'; reason: string } | undefined;
}

/**
 * Runs attempts as SLURM batch jobs. `start` writes a batch script into the attempt's
 * folder and submits it; one poll loop (one `squeue` for every active attempt) follows
 * them, and `scontrol` (or `sacct`, where the cluster keeps accounting) tells how each
 * ended. The attempt's folder must be on a filesystem the nodes share.
 *
 * @example
 * const slurm = new SlurmExecutor({ sink, logger });
 * await slurm.validate(launch.resources, null);
 * const { externalId } = await slurm.start(launch); // the SLURM job id
 */
export class SlurmExecutor implements Executor {
  readonly kind = 'slurm' as const;
  private readonly commands: SlurmCommands;
  /** By SLURM job id. */
  private readonly tracked = new Map<string, Tracked>();
  private readonly pollIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;
  private pollFailing = false;
  private sinfoCache: { at: number; groups: Promise<NodeGroup[]> } | undefined;

  constructor(private readonly options: SlurmExecutorOptions) {
    this.commands = new SlurmCommands(options);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  async validate(resources: JobResources, partition: string | null, timeoutSeconds: number | null = null): Promise<void> {
    checkFit(await this.nodeGroups(), resources, partition, timeoutSeconds);
  }

  async partitions(): Promise<PartitionStatus[]> {
    return partitionStatuses(await this.nodeGroups());
  }

  async start(launch: Launch): Promise<Started> {
    const files = attemptFiles(launch.dir, launch.resources.nodes);
    await mkdir(launch.dir, { recursive: true });
    // Owner-only: the script holds the job's whole environment, secrets included.
    await writeFile(files.script, batchScript(launch), { mode: 0o700 });
    const slurmId = await this.commands.sbatch([...sbatchArgs(launch), files.script]);
    await writeFile(files.jobId, `${slurmId}\n`).catch((e: unknown) =>
      this.options.logger.warn({ err: e, jobId: launch.jobId, slurmId }, 'writing the SLURM job id file failed'),
    );
    this.track(launch, slurmId);
    return { externalId: slurmId, host: null };
  }

  async recover(launch: Launch, externalId: string | null): Promise<'attached' | 'finished' | 'not_started'> {
    const files = attemptFiles(launch.dir, launch.resources.nodes);
    const slurmId = externalId ?? (await readJobIdFile(files.jobId)) ?? (await this.findByName(launch));
    if (slurmId === undefined) {
      // No trace in SLURM, but a log means it ran and was forgotten (MinJobAge) while we were down.
      if (await exists(files.batchLog)) {
        const lost = lostOutcome('it ran, but SLURM no longer knows the job and kept no accounting of it', await this.logsOf(launch));
        this.options.sink.finished(launch.jobId, launch.attempt, lost);
        return 'finished';
      }
      return 'not_started';
    }
    const t = this.track(launch, slurmId);
    try {
      const row = (await this.commands.squeue([slurmId])).get(slurmId);
      if (row && phaseOf(row.state) !== 'ended') {
        if (phaseOf(row.state) === 'running') this.reportRunning(t, row.nodes);
        return 'attached';
      }
      return (await this.conclude(t, row)) ? 'finished' : 'attached';
    } catch (e) {
      // The job was submitted, so it is followed even while the controller does not answer
      // (after a whole-site restart, say): the poll reports it once SLURM is back.
      this.options.logger.warn({ err: e, jobId: launch.jobId, slurmId }, 'SLURM did not answer while recovering a job; polling it');
      return 'attached';
    }
  }

  async stop(jobId: string, attempt: number, how: { state: 'cancelled' | 'timed_out'; reason: string }): Promise<void> {
    const t = [...this.tracked.values()].find((x) => x.launch.jobId === jobId && x.launch.attempt === attempt);
    if (!t) return;
    t.stopping ??= how;
    await this.commands.scancel(t.slurmId);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.tracked.clear();
  }

  private track(launch: Launch, slurmId: string): Tracked {
    const t: Tracked = { launch, slurmId, reportedRunning: false, stopping: undefined };
    this.tracked.set(slurmId, t);
    this.schedulePoll();
    return t;
  }

  private schedulePoll(): void {
    if (this.closed || this.timer || this.polling || this.tracked.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  /** One round: never throws; a cluster that does not answer is retried next round. */
  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const ids = [...this.tracked.keys()];
      const rows = await this.commands.squeue(ids);
      if (this.pollFailing) this.options.logger.info('SLURM answers again');
      this.pollFailing = false;
      for (const id of ids) {
        const t = this.tracked.get(id);
        if (!t) continue;
        const row = rows.get(id);
        const phase = row ? phaseOf(row.state) : 'ended';
        if (phase === 'running') this.reportRunning(t, row?.nodes ?? null);
        else if (phase === 'ended') await this.conclude(t, row);
      }
    } catch (e) {
      // Logged once per outage, not every round.
      if (!this.pollFailing) this.options.logger.warn({ err: e }, 'polling SLURM failed; retrying');
      this.pollFailing = true;
    } finally {
      this.polling = false;
      this.schedulePoll();
    }
  }

  private reportRunning(t: Tracked, nodes: string | null): void {
    if (t.reportedRunning || this.closed) return;
    t.reportedRunning = true;
    this.options.sink.running(t.launch.jobId, t.launch.attempt, { host: nodes, externalId: t.slurmId });
  }

  /**
   * Reads how a job ended, and reports it; false when it has not ended after all. The
   * squeue row says it for a job the controller still holds; `scontrol` is asked only for
   * one squeue no longer lists.
   */
  private async conclude(t: Tracked, row?: QueueRow): Promise<boolean> {
    let record: JobRecord | undefined = row ? recordOfRow(row) : await this.commands.showJob(t.slurmId);
    if (record && phaseOf(record.state) !== 'ended') return false;
    // Accounting, where there is any, also knows CPU time and peak memory.
    const accounted = await this.commands.sacct(t.slurmId).catch(() => undefined);
    if (accounted && phaseOf(accounted.state) === 'ended') record = { ...accounted, reason: record?.reason ?? null };
    if (this.closed || this.tracked.get(t.slurmId) !== t) return true;
    this.tracked.delete(t.slurmId);
    const { jobId, attempt } = t.launch;
    const logs = await this.logsOf(t.launch);
    if (!record) {
      const why = `SLURM no longer knows job ${t.slurmId} (it keeps ended jobs for MinJobAge) and keeps no accounting`;
      const lost = lostOutcome(why, logs);
      // Asked to stop and gone: it was stopped, even if how it ended can no longer be read.
      this.options.sink.finished(jobId, attempt, t.stopping ? { ...lost, state: t.stopping.state, reason: t.stopping.reason } : lost);
      return true;
    }
    // A job that ran between two polls was never seen running; one cancelled while pending never ran.
    if (record.nodes !== null) this.reportRunning(t, record.nodes);
    const firstFailure = t.launch.resources.nodes > 1 ? await firstFailedWorker(t.launch) : undefined;
    this.options.sink.finished(jobId, attempt, outcomeOf({ record, workers: t.launch.resources.nodes, stopping: t.stopping, firstFailure, logs }));
    return true;
  }

  private async findByName(launch: Launch): Promise<string | undefined> {
    const name = slurmJobName(launch.jobId, launch.attempt);
    const ids = await this.commands.idsByName(name);
    const found = ids.length > 0 ? ids : await this.commands.sacctIdsByName(name);
    if (found.length > 1) {
      this.options.logger.warn({ jobId: launch.jobId, slurmIds: found }, "several SLURM jobs carry this attempt's name; following the last");
    }
    return found[found.length - 1];
  }

  private async logsOf(launch: Launch): Promise<Outcome['logs']> {
    const n = launch.resources.nodes;
    const files = attemptFiles(launch.dir, n);
    const candidates = n === 1 ? [files.batchLog] : [...Array.from({ length: n }, (_, rank) => files.rankLog(rank)), files.batchLog];
    const logs: Outcome['logs'] = [];
    for (const path of candidates) if (await exists(path)) logs.push({ name: path.slice(launch.dir.length + 1), path });
    return logs;
  }

  private nodeGroups(): Promise<NodeGroup[]> {
    const now = Date.now();
    if (!this.sinfoCache || now - this.sinfoCache.at > (this.options.sinfoCacheMs ?? 5000)) {
      const groups = this.commands.sinfo();
      this.sinfoCache = { at: now, groups };
      // A failure is not kept: the next call asks again.
      groups.catch(() => {
        if (this.sinfoCache?.groups === groups) this.sinfoCache = undefined;
      });
    }
    return this.sinfoCache.groups;
  }
}

/** The distributed worker that failed first, by its exit file's time: the others were stopped because of it. */
async function firstFailedWorker(launch: Launch): Promise<{ rank: number; code: number } | undefined> {
  const files = attemptFiles(launch.dir, launch.resources.nodes);
  let first: { rank: number; code: number; at: number } | undefined;
  for (let rank = 0; rank < launch.resources.nodes; rank++) {
    const path = files.rankExit(rank);
    const code = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(code) || code === 0) continue;
    const at = (await stat(path)).mtimeMs;
    if (!first || at < first.at) first = { rank, code, at };
  }
  return first && { rank: first.rank, code: first.code };
}

async function readJobIdFile(path: string): Promise<string | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return /^\d+$/.test(text.trim()) ? text.trim() : undefined;
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
