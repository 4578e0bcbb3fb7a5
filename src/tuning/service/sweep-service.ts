import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ComputeApi } from '../../compute/index.js';
import { conflict, FlywheelError, invalidArgument, isFlywheelError, notFound, type Logger } from '../../core/index.js';
import type { Page } from '../../core/tracking-types.js';
import {
  SWEEP_STATES,
  type CreateSweepRequest,
  type ListSweepsRequest,
  type ReportAction,
  type SweepCounts,
  type Trial,
} from '../../core/tuning-types.js';
import type { TuningTables as Database } from '../storage/index.js';
import type { TrackingApi } from '../../tracking/index.js';
import { parameterImportance, type ParameterImportance } from '../analysis/index.js';
import { parseSweepConfig, type SweepConfig } from '../config/index.js';
import { GridSampler } from '../search/index.js';
import { SweepRunner } from './sweep-runner.js';
import type { SweepRecord } from './sweep-record.js';
import { emptyCounts, SweepStore } from './sweep-store.js';

export interface SweepServiceOptions {
  db: Kysely<Database>;
  tracking: TrackingApi;
  compute?: ComputeApi;
  logger: Logger;
  /** How often each active sweep's controller looks at its trials; default 500 ms. */
  tickMs?: number;
  now?: () => number;
}

/** A sweep with what lists and pages show beside it. */
export interface SweepView {
  sweep: SweepRecord;
  counts: SweepCounts;
  best: Trial | null;
  /** Grid sweeps: the number of points. */
  gridSize: number | undefined;
}

/** Trials in flight at once, at most: the controller reads all their metrics in one request. */
export const MAX_PARALLEL = 100;
/** A grid larger than this must set max_trials (counting it is linear in its size). */
export const MAX_GRID = 1_000_000;

export const newSweepId = (): string => `s${randomBytes(6).toString('hex')}`;

/**
 * Sweeps: creation from a YAML config, listing, pause/resume/cancel, ask/report/tell, and
 * the control loop in `fw server` that drives every running sweep (one SweepRunner each).
 * Created stopped: `start()` picks up the sweeps a previous server left active.
 */
export class SweepService {
  private readonly store: SweepStore;
  private readonly runners = new Map<string, SweepRunner>();
  private readonly importanceCache = new Map<string, { key: string; result: ParameterImportance[] }>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: SweepServiceOptions) {
    this.store = new SweepStore(options.db);
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    for (const sweep of await this.store.sweepsInStates(['running', 'paused'])) {
      try {
        await this.openRunner(sweep);
      } catch (e) {
        this.options.logger.error({ err: e, sweepId: sweep.sweepId }, 'could not resume a sweep; it stays as it was');
      }
    }
    this.started = true;
    // A trial's job ending frees a slot: the sweep reacts now rather than at the next tick.
    this.options.compute?.onJobEnded((jobId) => void this.jobEnded(jobId));
    this.timer = setInterval(() => void this.tickAll(), this.options.tickMs ?? 500);
    this.timer.unref();
  }

  async create(req: CreateSweepRequest): Promise<SweepView> {
    if (typeof req.config !== 'string' || req.config.trim() === '') throw invalidArgument("'config' must be the sweep file's YAML text");
    const config = parseSweepConfig(req.config, 'sweep config');
    if (config.parallel > MAX_PARALLEL) throw invalidArgument(`parallel must be at most ${MAX_PARALLEL}`, [{ path: 'parallel', message: `must be at most ${MAX_PARALLEL}` }]);
    if (config.command && !this.options.compute) {
      throw new FlywheelError('UNAVAILABLE', 'this server runs no jobs, so a sweep with a command cannot run here; leave out command to drive trials from code');
    }
    // Refuses, before anything is stored, a grid too large to count without max_trials.
    gridSizeOf(config);
    const experimentId = req.experimentId ?? (await this.experimentFor(config.name));
    const sweep: SweepRecord = {
      sweepId: newSweepId(),
      name: config.name,
      state: 'running',
      reason: null,
      configText: req.config,
      config,
      cwd: req.cwd ?? process.cwd(),
      env: req.env ?? {},
      experimentId,
      createdTime: this.now(),
      endTime: null,
    };
    // The experiment must exist: a typo would otherwise fail every trial's job.
    await this.options.tracking.getExperiment(experimentId);
    await this.store.insertSweep(sweep);
    const runner = await this.openRunner(sweep);
    // The first trials start now rather than at the next tick.
    if (this.started) await this.afterOp(runner, runner.tick());
    return this.get(sweep.sweepId);
  }

  async list(req: ListSweepsRequest): Promise<Page<SweepView>> {
    for (const s of req.states ?? []) {
      if (!SWEEP_STATES.includes(s)) throw invalidArgument(`unknown state '${s}'; use one of: ${SWEEP_STATES.join(', ')}`);
    }
    const page = await this.store.listSweeps(req);
    const items = await this.views(page.items);
    return page.nextPageToken ? { items, nextPageToken: page.nextPageToken } : { items };
  }

  async get(sweepId: string): Promise<SweepView> {
    const [view] = await this.views([await this.record(sweepId)]);
    return view!;
  }

  async trials(sweepId: string): Promise<Trial[]> {
    await this.record(sweepId);
    return this.store.trials(sweepId);
  }

  /** Which parameters explain the metric, over trials with a value (completed or stopped). */
  async importance(sweepId: string): Promise<ParameterImportance[]> {
    const sweep = await this.record(sweepId);
    const scored = (await this.store.trials(sweepId)).filter((t) => (t.state === 'completed' || t.state === 'stopped') && t.value !== null);
    // A forest over 1,000 trials takes ~0.5 s of this thread: computed again only when a trial has ended since.
    const key = `${scored.length}:${Math.max(0, ...scored.map((t) => t.endTime ?? 0))}`;
    const cached = this.importanceCache.get(sweepId);
    if (cached?.key === key) return cached.result;
    const result = parameterImportance(sweep.config.space, scored.map((t) => ({ params: t.params, value: t.value! })), { seed: sweep.config.seed ?? 0 });
    this.importanceCache.set(sweepId, { key, result });
    return result;
  }

  pause(sweepId: string): Promise<SweepView> {
    return this.onRunner(sweepId, (r) => r.pause(), 'paused');
  }

  resume(sweepId: string): Promise<SweepView> {
    return this.onRunner(sweepId, (r) => r.resume(), 'resumed');
  }

  async cancel(sweepId: string): Promise<SweepView> {
    const sweep = await this.record(sweepId);
    if (sweep.state === 'cancelled') return this.get(sweepId);
    return this.onRunner(sweepId, (r) => r.cancel(), 'cancelled');
  }

  async ask(sweepId: string): Promise<Trial> {
    const runner = await this.runnerOf(sweepId, 'asked for a trial');
    return this.afterOp(runner, runner.ask());
  }

  async report(sweepId: string, number: number, t: number, value: number): Promise<{ action: ReportAction; reason?: string }> {
    const sweep = await this.record(sweepId);
    const runner = this.runners.get(sweepId);
    if (!runner) {
      // A trial stopped by a sweep that has since ended still hears why.
      const trial = await this.store.trial(sweepId, number);
      if (trial?.state === 'stopped') return { action: 'stop', ...(trial.reason ? { reason: trial.reason } : {}) };
      throw conflict(`Sweep '${sweepId}' has ended (${sweep.state}); its trials take no more reports.`);
    }
    return this.afterOp(runner, runner.report(number, t, value));
  }

  async tell(sweepId: string, number: number, outcome: { value?: number; state?: 'completed' | 'failed'; reason?: string }): Promise<Trial> {
    const runner = await this.runnerOf(sweepId, 'told a result');
    return this.afterOp(runner, runner.tell(number, outcome));
  }

  /** Stops the control loop. Trial jobs keep running; the next start picks the sweeps up again. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.started = false;
    // Let a tick in progress finish its writes before the database closes.
    await Promise.all([...this.runners.values()].map((r) => r.snapshot().catch(() => undefined)));
    this.runners.clear();
  }

  private async jobEnded(jobId: string): Promise<void> {
    if (!this.started || this.runners.size === 0) return;
    try {
      const job = await this.options.compute!.get(jobId);
      const runner = this.runners.get(job.labels['fw.sweep_id'] ?? '');
      if (runner) await this.afterOp(runner, runner.tick());
    } catch (e) {
      this.options.logger.warn({ err: e, jobId }, 'could not react to a trial job ending; the next tick will');
    }
  }

  private async tickAll(): Promise<void> {
    for (const runner of [...this.runners.values()]) {
      try {
        await this.afterOp(runner, runner.tick());
      } catch (e) {
        this.options.logger.error({ err: e, sweepId: runner.record.sweepId }, 'sweep controller step failed; retrying at the next tick');
      }
    }
  }

  private async openRunner(sweep: SweepRecord): Promise<SweepRunner> {
    const deps = { store: this.store, tracking: this.options.tracking, logger: this.options.logger, now: this.now };
    const runner = await SweepRunner.open(this.options.compute ? { ...deps, compute: this.options.compute } : deps, sweep, gridSizeOf(sweep.config));
    if (!runner.ended) this.runners.set(sweep.sweepId, runner);
    return runner;
  }

  /** Drops a runner once its sweep has ended, whatever the operation's outcome. */
  private async afterOp<T>(runner: SweepRunner, op: Promise<T>): Promise<T> {
    try {
      return await op;
    } finally {
      if (runner.ended) this.runners.delete(runner.record.sweepId);
    }
  }

  private async onRunner(sweepId: string, op: (r: SweepRunner) => Promise<unknown>, verb: string): Promise<SweepView> {
    const runner = await this.runnerOf(sweepId, verb);
    await this.afterOp(runner, op(runner));
    return this.get(sweepId);
  }

  private async runnerOf(sweepId: string, verb: string): Promise<SweepRunner> {
    const sweep = await this.record(sweepId);
    const runner = this.runners.get(sweepId);
    if (!runner) throw conflict(`Sweep '${sweepId}' has ended (${sweep.state}) and cannot be ${verb}.`);
    return runner;
  }

  private async record(sweepId: string): Promise<SweepRecord> {
    const sweep = this.runners.get(sweepId)?.record ?? (await this.store.getSweep(sweepId));
    if (!sweep) throw notFound(`Sweep '${sweepId}' does not exist.`);
    return sweep;
  }

  private async views(sweeps: SweepRecord[]): Promise<SweepView[]> {
    const current = sweeps.map((s) => this.runners.get(s.sweepId)?.record ?? s);
    const counts = await this.store.counts(current.map((s) => s.sweepId));
    const best = await this.store.best(current);
    return current.map((sweep) => ({
      sweep,
      counts: counts.get(sweep.sweepId) ?? emptyCounts(),
      best: best.get(sweep.sweepId) ?? null,
      gridSize: gridSizeOf(sweep.config),
    }));
  }

  /** The experiment named after the sweep, created on first use. */
  private async experimentFor(name: string): Promise<string> {
    try {
      return (await this.options.tracking.getExperimentByName(name)).experimentId;
    } catch (e) {
      if (!(isFlywheelError(e) && e.code === 'NOT_FOUND')) throw e;
    }
    try {
      return await this.options.tracking.createExperiment({ name });
    } catch (e) {
      // Created meanwhile by another request.
      if (isFlywheelError(e) && e.code === 'ALREADY_EXISTS') return (await this.options.tracking.getExperimentByName(name)).experimentId;
      throw e;
    }
  }
}

const gridSizes = new WeakMap<SweepConfig, number | undefined>();

/** The grid's point count (grid sweeps only); refused above MAX_GRID unless max_trials bounds the sweep. */
function gridSizeOf(config: SweepConfig): number | undefined {
  if (config.method !== 'grid') return undefined;
  if (gridSizes.has(config)) return gridSizes.get(config);
  let n = 0;
  for (const _ of new GridSampler(config.space).points()) {
    if (++n > MAX_GRID) break;
  }
  if (n > MAX_GRID && config.maxTrials === undefined) {
    throw invalidArgument(`the grid has more than ${MAX_GRID.toLocaleString('en-US')} points; set max_trials to run part of it`, [
      { path: 'max_trials', message: `required for a grid of more than ${MAX_GRID} points` },
    ]);
  }
  const size = n > MAX_GRID ? undefined : n;
  gridSizes.set(config, size);
  return size;
}
