import type { ComputeApi } from '../../compute/index.js';
import { isTerminalJobState, type Job } from '../../core/compute-types.js';
import { conflict, invalidArgument, isFlywheelError, notFound, type Logger } from '../../core/index.js';
import type { ReportAction, SweepState, Trial, TrialState } from '../../core/tuning-types.js';
import type { TrackingApi } from '../../tracking/index.js';
import type { Stopper } from '../stopping/index.js';
import { readPoints, type MetricPoint } from './metric-replay.js';
import { ReportFeed, type TrialReport } from './report-feed.js';
import type { SweepRecord, TrialPatch } from './sweep-record.js';
import type { SweepStore } from './sweep-store.js';
import { reachesTarget, samplerFor, stopperFor, trialLimit, type Suggest } from './sweep-policy.js';
import { trialJobLabels, trialJobRequest, trialRunName, trialRunRecord } from './trial-job.js';

export interface RunnerDeps {
  store: SweepStore;
  tracking: TrackingApi;
  /** Absent on a server without compute: only client-driven sweeps can run there. */
  compute?: ComputeApi;
  logger: Logger;
  now: () => number;
}

const RULE_NAMES = { asha: 'ASHA', hyperband: 'Hyperband', median: 'the median stopping rule' } as const;

/** This many failures before anything succeeds ends the sweep: a broken command should not burn max_trials jobs. */
const FAILURES_BEFORE_GIVING_UP = 5;

/**
 * One active sweep's controller: creates trials from the sampler, runs them as compute jobs
 * (or hands them to a client), feeds the metrics they log to the early-stopping rule, stops
 * the poor ones, retries failures, and ends the sweep. Every operation, ticks and API calls
 * alike, runs through one promise chain, so no two ever interleave on the same sweep.
 *
 * Restart safety: a trial row is written before its job is submitted, and its job carries
 * labels naming the trial and attempt, so after a crash a trial without a stored job id is
 * first looked up by label and only submitted when no job has it (never lost, never twice).
 * The stopper's state is rebuilt by replaying every trial's logged metrics.
 */
export class SweepRunner {
  private trials: Trial[] = [];
  private readonly suggest: Suggest;
  private readonly stopper: Stopper | undefined;
  private readonly feed: ReportFeed;
  private readonly trialOfRun = new Map<string, number>();
  /** Trials that may have a job whose id was never stored (loaded without one after a restart). */
  private readonly unsure = new Set<number>();
  private cursor = 0;
  private exhausted = false;
  private chain: Promise<unknown> = Promise.resolve();
  private ticking: Promise<void> | undefined;
  private tickAgain = false;

  private constructor(
    private readonly deps: RunnerDeps,
    private sweep: SweepRecord,
    readonly gridSize: number | undefined,
  ) {
    this.suggest = samplerFor(sweep.config);
    this.stopper = stopperFor(sweep.config);
    // Without early stopping the step is the time axis: reports still give running trials a value.
    this.feed = new ReportFeed(sweep.config.metric.name, sweep.config.earlyStop?.timeMetric ?? 'step');
  }

  /** Loads a sweep's trials, rebuilds the stopper from their metrics, and repairs what a crash left half done. */
  static async open(deps: RunnerDeps, sweep: SweepRecord, gridSize: number | undefined): Promise<SweepRunner> {
    const runner = new SweepRunner(deps, sweep, gridSize);
    await runner.serial(() => runner.recover());
    return runner;
  }

  get record(): SweepRecord {
    return this.sweep;
  }

  get ended(): boolean {
    return this.sweep.state === 'finished' || this.sweep.state === 'cancelled' || this.sweep.state === 'failed';
  }

  /**
   * One pass of the control loop. Asked for while one is going (a job ended during a tick),
   * it runs once more after it rather than piling up or being lost.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    const run = async (): Promise<void> => {
      do {
        this.tickAgain = false;
        await this.serial(() => this.step());
      } while (this.tickAgain && !this.ended);
    };
    this.ticking = run().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  ask(): Promise<Trial> {
    return this.serial(async () => {
      if (this.sweep.config.command) {
        throw conflict(`Sweep '${this.sweep.sweepId}' runs its trials itself (it has a command); ask and tell are for sweeps without one.`);
      }
      if (this.sweep.state !== 'running') throw conflict(`Sweep '${this.sweep.sweepId}' is ${this.sweep.state}; trials are handed out only while it is running.`);
      const trial = await this.createTrial();
      if (!trial) throw conflict(`Sweep '${this.sweep.sweepId}' has no trials left (${this.limitReason()}).`);
      const run = await this.deps.tracking.createRun({
        experimentId: this.sweep.experimentId,
        runName: trialRunName(this.sweep, trial),
        startTime: this.deps.now(),
        tags: trialRunRecord(this.sweep, trial).tags,
      });
      await this.deps.tracking.logBatch({ runId: run.info.runId, params: trialRunRecord(this.sweep, trial).params });
      await this.patchTrial(trial, ['running'], { runId: run.info.runId });
      this.trialOfRun.set(run.info.runId, trial.number);
      return { ...trial };
    });
  }

  report(number: number, t: number, value: number): Promise<{ action: ReportAction; reason?: string }> {
    return this.serial(async () => {
      const trial = this.clientTrial(number);
      if (!Number.isFinite(t) || t < 0) throw invalidArgument(`t must be a number >= 0, not ${t}`);
      if (trial.state === 'stopped') return { action: 'stop', ...(trial.reason ? { reason: trial.reason } : {}) };
      if (trial.state !== 'running') throw conflict(`Trial ${number} of sweep '${this.sweep.sweepId}' has already ended (${trial.state}).`);
      const timeMetric = this.sweep.config.earlyStop?.timeMetric ?? 'step';
      const byStep = timeMetric === 'step' || timeMetric === this.sweep.config.metric.name;
      if (byStep && !Number.isInteger(t)) throw invalidArgument(`t is the step here (the time metric is '${timeMetric}'), so it must be an integer, not ${t}`);
      // Logged on the trial's run, so the run shows the curve and a restarted server replays it.
      const step = byStep ? t : trial.reports;
      const timestamp = this.deps.now();
      const metrics = [{ key: this.sweep.config.metric.name, value, step, timestamp }];
      if (!byStep) metrics.push({ key: timeMetric, value: t, step, timestamp });
      await this.deps.tracking.logBatch({ runId: trial.runId!, metrics });
      let action: ReportAction = 'continue';
      let reason: string | undefined;
      for (const m of metrics) {
        for (const r of this.feed.add({ runId: trial.runId!, ...m })) {
          const d = await this.applyReport(trial, r);
          if (d) ({ action, reason } = d);
        }
      }
      await this.persistProgress([trial]);
      // A stop may have ended the last trial the sweep had.
      await this.settle();
      return { action, ...(reason ? { reason } : {}) };
    });
  }

  tell(number: number, outcome: { value?: number; state?: 'completed' | 'failed'; reason?: string }): Promise<Trial> {
    return this.serial(async () => {
      const trial = this.clientTrial(number);
      if (trial.state !== 'running') throw conflict(`Trial ${number} of sweep '${this.sweep.sweepId}' has already ended (${trial.state}).`);
      const state = outcome.state ?? 'completed';
      const now = this.deps.now();
      if (state === 'completed') {
        if (outcome.value === undefined) throw invalidArgument('value is required to tell a completed trial');
        if (this.feed.latest(trial.runId!) !== outcome.value) {
          await this.deps.tracking.logBatch({ runId: trial.runId!, metrics: [{ key: this.sweep.config.metric.name, value: outcome.value, step: trial.reports, timestamp: now }] });
        }
        await this.endTrial(trial, 'completed', { value: outcome.value, reason: null });
        await this.deps.tracking.updateRun({ runId: trial.runId!, status: 'FINISHED', endTime: now });
      } else {
        await this.endTrial(trial, 'failed', { reason: outcome.reason ?? 'reported failed by the client' });
        await this.deps.tracking.updateRun({ runId: trial.runId!, status: 'FAILED', endTime: now });
      }
      await this.settle();
      return { ...trial };
    });
  }

  pause(): Promise<SweepRecord> {
    return this.serial(async () => {
      if (this.sweep.state === 'paused') return this.sweep;
      if (this.sweep.state !== 'running') throw conflict(`Sweep '${this.sweep.sweepId}' is ${this.sweep.state}; only a running sweep can be paused.`);
      await this.moveSweep(['running'], 'paused', null);
      return this.sweep;
    });
  }

  resume(): Promise<SweepRecord> {
    return this.serial(async () => {
      if (this.sweep.state === 'running') return this.sweep;
      if (this.sweep.state !== 'paused') throw conflict(`Sweep '${this.sweep.sweepId}' is ${this.sweep.state}; only a paused sweep can be resumed.`);
      await this.moveSweep(['paused'], 'running', null);
      await this.step();
      return this.sweep;
    });
  }

  cancel(): Promise<SweepRecord> {
    return this.serial(async () => {
      if (this.sweep.state === 'cancelled') return this.sweep;
      if (this.ended) throw conflict(`Sweep '${this.sweep.sweepId}' has already ended (${this.sweep.state}).`);
      await this.endSweep('cancelled', 'cancelled by user', 'the sweep was cancelled');
      return this.sweep;
    });
  }

  /** The trials as the controller knows them now (values of running trials included). */
  snapshot(): Promise<Trial[]> {
    return this.serial(async () => this.trials.map((t) => ({ ...t })));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  // ---- the control loop ----

  private async step(): Promise<void> {
    if (this.ended) return;
    const running = this.trials.filter((t) => t.state === 'running');
    // Job states first, metrics second: a job seen ended has logged everything it will, so
    // its final value is in what is read next.
    const endedJobs: [Trial, Job][] = [];
    if (this.deps.compute) {
      for (const t of running) {
        if (t.jobId === null) continue;
        const job = await this.deps.compute.get(t.jobId).catch((e: unknown) => this.jobGone(t, e));
        if (job && isTerminalJobState(job.state)) endedJobs.push([t, job]);
      }
    }
    const liveRuns = running.filter((t) => t.jobId !== null && t.runId !== null).map((t) => t.runId!);
    if (liveRuns.length > 0) {
      const { points, cursor } = await readPoints(this.deps.tracking, liveRuns, this.feed.keys, this.cursor);
      this.cursor = cursor;
      await this.feedPoints(points);
    }
    for (const [t, job] of endedJobs) await this.jobEnded(t, job);
    if (this.sweep.config.command && this.sweep.state === 'running') {
      for (const t of this.trials) if (t.state === 'running' && t.jobId === null) await this.launch(t);
    }
    await this.settle();
  }

  /** Ends the sweep when its budget, target or trials are used up, and fills free slots. */
  private async settle(): Promise<void> {
    if (this.ended) return;
    const budget = this.sweep.config.timeBudgetSeconds;
    if (budget !== undefined && this.deps.now() - this.sweep.createdTime >= budget * 1000) {
      await this.endSweep('finished', `time budget of ${formatSeconds(budget)} spent`, 'the sweep ran out of time');
      return;
    }
    const config = this.sweep.config;
    if (config.command && this.sweep.state === 'running' && this.deps.compute) {
      while (this.runningCount() < config.parallel) {
        const trial = await this.createTrial();
        if (!trial) break;
        await this.launch(trial);
        if (this.ended) return;
      }
    }
    if (this.runningCount() === 0 && !this.canCreate()) {
      await this.endSweep('finished', this.limitReason(), null);
    }
  }

  private async createTrial(): Promise<Trial | undefined> {
    if (!this.canCreate()) return undefined;
    const params = this.suggest(this.trials);
    if (params === undefined) {
      this.exhausted = true;
      return undefined;
    }
    const trial = await this.deps.store.insertTrial({
      sweepId: this.sweep.sweepId,
      state: 'running',
      params,
      value: null,
      lastT: null,
      reports: 0,
      jobId: null,
      runId: null,
      attempt: 1,
      reason: null,
      createdTime: this.deps.now(),
      endTime: null,
    });
    this.trials.push(trial);
    return trial;
  }

  private async launch(trial: Trial): Promise<void> {
    const compute = this.deps.compute!;
    if (this.unsure.delete(trial.number)) {
      const found = await compute.list({ labels: trialJobLabels(this.sweep.sweepId, trial), maxResults: 1 });
      const job = found.items[0];
      if (job) {
        await this.patchTrial(trial, ['running'], { jobId: job.jobId, runId: job.runId });
        this.trialOfRun.set(job.runId, trial.number);
        return;
      }
    }
    let job: Job;
    try {
      job = await compute.submit(trialJobRequest(this.sweep, trial));
    } catch (e) {
      // A refused submission (resources no host has, no SLURM) would be refused for every
      // trial: end the sweep with the reason rather than fail max_trials times.
      if (!isFlywheelError(e)) throw e;
      await this.endTrial(trial, 'failed', { reason: `could not submit its job: ${e.message}` });
      await this.endSweep('failed', `trial ${trial.number} could not be submitted: ${e.message}`, 'the sweep failed');
      return;
    }
    await this.patchTrial(trial, ['running'], { jobId: job.jobId, runId: job.runId });
    this.trialOfRun.set(job.runId, trial.number);
    await this.deps.tracking.logBatch({ runId: job.runId, ...trialRunRecord(this.sweep, trial) }).catch((e: unknown) => {
      this.deps.logger.warn({ err: e, sweepId: this.sweep.sweepId, trial: trial.number }, 'could not record the trial on its run');
    });
  }

  private async jobEnded(trial: Trial, job: Job): Promise<void> {
    if (trial.state !== 'running' || trial.jobId !== job.jobId) return;
    const metric = this.sweep.config.metric.name;
    if (job.state === 'succeeded') {
      const value = this.feed.latest(job.runId);
      if (value === undefined) await this.endTrial(trial, 'failed', { reason: `its job succeeded but never logged ${metric}` });
      else await this.endTrial(trial, 'completed', { value, reason: null });
      return;
    }
    if (job.state === 'cancelled') {
      await this.endTrial(trial, 'cancelled', { reason: `its job was cancelled${job.reason ? `: ${job.reason}` : ''}` });
      return;
    }
    const why = `job ${job.state.replace('_', ' ')}${job.reason ? `: ${job.reason}` : ''}`;
    if (trial.attempt <= this.sweep.config.maxRetries) {
      this.stopper?.remove(this.stopperKey(trial));
      this.feed.forget(job.runId);
      await this.patchTrial(trial, ['running'], {
        attempt: trial.attempt + 1,
        jobId: null,
        runId: null,
        value: null,
        lastT: null,
        reports: 0,
        reason: `retry ${trial.attempt} of ${this.sweep.config.maxRetries} after: ${why}`,
      });
      return;
    }
    await this.endTrial(trial, 'failed', { reason: why });
  }

  private async feedPoints(points: readonly MetricPoint[]): Promise<void> {
    const touched = new Set<Trial>();
    for (const p of points) {
      for (const r of this.feed.add(p)) {
        const trial = this.trialOfReport(r);
        if (!trial || trial.state !== 'running') continue;
        await this.applyReport(trial, r);
        touched.add(trial);
      }
    }
    await this.persistProgress([...touched]);
  }

  /** Gives a report to the stopper; stops the trial when told to. */
  private async applyReport(trial: Trial, r: TrialReport): Promise<{ action: ReportAction; reason?: string } | undefined> {
    trial.value = r.value;
    trial.lastT = r.t;
    trial.reports++;
    if (!this.stopper) return undefined;
    const d = this.stopper.report(this.stopperKey(trial), r.t, r.value);
    if (d.action !== 'stop') return { action: d.action };
    return { action: 'stop', reason: await this.stopTrial(trial, d.reason ?? `stopped early at ${r.t}`) };
  }

  /** Ends a trial as stopped early; returns the reason as recorded. */
  private async stopTrial(trial: Trial, reason: string): Promise<string> {
    const full = `stopped early by ${RULE_NAMES[this.sweep.config.earlyStop!.type]}: ${reason}`;
    await this.endTrial(trial, 'stopped', { reason: full });
    if (trial.runId) {
      await this.deps.tracking
        .logBatch({ runId: trial.runId, tags: [{ key: 'fw.sweep.stopped_early', value: 'true' }, { key: 'fw.sweep.stop_reason', value: full }] })
        .catch((e: unknown) => this.deps.logger.warn({ err: e, runId: trial.runId }, 'could not tag a stopped trial run'));
    }
    await this.stopWork(trial, `sweep ${this.sweep.sweepId}: ${full}`);
    return full;
  }

  /** Cancels a trial's job (its run ends KILLED with it), or ends a client trial's run. */
  private async stopWork(trial: Trial, reason: string): Promise<void> {
    if (trial.jobId && this.deps.compute) {
      // Not awaited: a cancel waits for the process to end, and the loop must not stall on it.
      // If the server dies first, recovery finds the job still running and cancels it again.
      void this.deps.compute.cancel(trial.jobId, { reason }).catch((e: unknown) => {
        if (!(isFlywheelError(e) && e.code === 'CONFLICT')) this.deps.logger.warn({ err: e, jobId: trial.jobId }, 'could not cancel a trial job');
      });
    } else if (trial.runId) {
      await this.deps.tracking.updateRun({ runId: trial.runId, status: 'KILLED', endTime: this.deps.now() }).catch(() => undefined);
    }
  }

  private async endTrial(trial: Trial, state: Exclude<TrialState, 'running'>, how: { value?: number; reason: string | null }): Promise<void> {
    const patch: TrialPatch = { state, reason: how.reason, endTime: this.deps.now(), value: how.value ?? trial.value, lastT: trial.lastT, reports: trial.reports };
    await this.patchTrial(trial, ['running'], patch);
    this.stopper?.remove(this.stopperKey(trial));
    if (state === 'completed' && trial.value !== null && reachesTarget(this.sweep.config, trial.value)) {
      await this.endSweep('finished', `target ${this.sweep.config.metric.target} reached by trial ${trial.number} (${trial.value})`, 'the sweep reached its target');
    } else if (state === 'failed') {
      const failed = this.trials.filter((t) => t.state === 'failed');
      const succeeded = this.trials.some((t) => t.state === 'completed' || t.state === 'stopped');
      if (!succeeded && failed.length >= FAILURES_BEFORE_GIVING_UP) {
        await this.endSweep('failed', `the first ${failed.length} trials failed and none succeeded (trial ${failed[0]!.number}: ${failed[0]!.reason})`, 'the sweep failed');
      }
    }
  }

  /** Ends the sweep and cancels its running trials. */
  private async endSweep(state: Extract<SweepState, 'finished' | 'cancelled' | 'failed'>, reason: string, trialReason: string | null): Promise<void> {
    if (this.ended) return;
    const from: SweepState[] = ['running', 'paused'];
    await this.moveSweep(from, state, reason);
    for (const t of this.trials) {
      if (t.state !== 'running') continue;
      const why = trialReason ?? 'the sweep ended';
      await this.endTrial(t, 'cancelled', { reason: why });
      await this.stopWork(t, `sweep ${this.sweep.sweepId}: ${why}`);
    }
  }

  private async moveSweep(from: SweepState[], state: SweepState, reason: string | null): Promise<void> {
    const terminal = state === 'finished' || state === 'cancelled' || state === 'failed';
    const endTime = terminal ? this.deps.now() : null;
    if (!(await this.deps.store.transitionSweep(this.sweep.sweepId, from, { state, reason, endTime }))) {
      // Only this runner moves an active sweep, so this means the row changed under us.
      throw conflict(`Sweep '${this.sweep.sweepId}' changed state meanwhile; try again.`);
    }
    this.sweep = { ...this.sweep, state, reason, endTime };
  }

  // ---- recovery ----

  private async recover(): Promise<void> {
    this.trials = await this.deps.store.trials(this.sweep.sweepId);
    // Running trials' progress is counted again from their metrics.
    for (const t of this.trials) if (t.state === 'running') t.reports = 0;
    for (const t of this.trials) if (t.runId) this.trialOfRun.set(t.runId, t.number);
    const runIds = this.trials.filter((t) => t.runId !== null).map((t) => t.runId!);
    if (runIds.length > 0) {
      const { points, cursor } = await readPoints(this.deps.tracking, runIds, this.feed.keys, 0);
      this.cursor = cursor;
      // Across trials, in the order they were logged: the order the stopper first saw them in.
      points.sort((a, b) => a.timestamp - b.timestamp);
      const stops: [Trial, string][] = [];
      for (const p of points) {
        for (const r of this.feed.add(p)) {
          const trial = this.trialOfReport(r);
          if (!trial) continue;
          const d = this.stopper?.report(this.stopperKey(trial), r.t, r.value);
          if (trial.state !== 'running') continue;
          Object.assign(trial, { value: r.value, lastT: r.t, reports: trial.reports + 1 });
          if (d?.action === 'stop') stops.push([trial, d.reason ?? `stopped early at ${r.t}`]);
        }
      }
      for (const t of this.trials) if (t.state !== 'running') this.stopper?.remove(this.stopperKey(t));
      for (const [t, reason] of stops) if (t.state === 'running') await this.stopTrial(t, reason);
    }
    for (const t of this.trials) {
      if (t.state === 'running' && t.jobId === null) {
        if (this.sweep.config.command) this.unsure.add(t.number);
        // A client trial whose run was never created was never handed out.
        else if (t.runId === null) await this.endTrial(t, 'cancelled', { reason: 'the server stopped before the trial was handed out' });
      }
      // Ended here but its job may still run: the cancel was lost with the previous server.
      if (t.state !== 'running' && t.state !== 'completed' && t.jobId && this.deps.compute) {
        const job = await this.deps.compute.get(t.jobId).catch(() => undefined);
        if (job && !isTerminalJobState(job.state)) await this.stopWork(t, `sweep ${this.sweep.sweepId}: ${t.reason ?? 'the trial ended'}`);
      }
    }
    await this.persistProgress(this.trials.filter((t) => t.state === 'running'));
  }

  // ---- helpers ----

  private clientTrial(number: number): Trial {
    const trial = this.trials.find((t) => t.number === number);
    if (!trial) throw notFound(`Sweep '${this.sweep.sweepId}' has no trial ${number}.`);
    if (trial.jobId !== null || this.sweep.config.command) {
      throw conflict(`Trial ${number} of sweep '${this.sweep.sweepId}' is run by the server; its metrics come from its job.`);
    }
    if (trial.runId === null) throw conflict(`Trial ${number} of sweep '${this.sweep.sweepId}' was never handed out.`);
    return trial;
  }

  private trialOfReport(r: TrialReport): Trial | undefined {
    const n = this.trialOfRun.get(r.runId);
    const trial = n === undefined ? undefined : this.trials.find((t) => t.number === n);
    return trial && trial.runId === r.runId ? trial : undefined;
  }

  private stopperKey(t: Trial): string {
    return `${t.number}.${t.attempt}`;
  }

  private runningCount(): number {
    return this.trials.filter((t) => t.state === 'running').length;
  }

  private canCreate(): boolean {
    return !this.exhausted && this.trials.length < trialLimit(this.sweep.config, this.gridSize);
  }

  private limitReason(): string {
    const max = this.sweep.config.maxTrials;
    if (this.exhausted || (max === undefined && this.gridSize !== undefined)) return `grid exhausted (${this.gridSize} points)`;
    return `max_trials (${max}) reached`;
  }

  private async patchTrial(trial: Trial, from: TrialState[], patch: TrialPatch): Promise<void> {
    if (!(await this.deps.store.updateTrial(this.sweep.sweepId, trial.number, from, patch))) {
      throw conflict(`Trial ${trial.number} of sweep '${this.sweep.sweepId}' changed state meanwhile.`);
    }
    Object.assign(trial, patch);
  }

  /** Stores running trials' latest value and step, so lists show progress without the controller. */
  private async persistProgress(trials: readonly Trial[]): Promise<void> {
    for (const t of trials) {
      if (t.state !== 'running') continue;
      await this.deps.store.updateTrial(this.sweep.sweepId, t.number, ['running'], { value: t.value, lastT: t.lastT, reports: t.reports });
    }
  }

  private jobGone(trial: Trial, e: unknown): undefined {
    this.deps.logger.warn({ err: e, sweepId: this.sweep.sweepId, trial: trial.number, jobId: trial.jobId }, 'could not read a trial job');
    return undefined;
  }
}

function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
