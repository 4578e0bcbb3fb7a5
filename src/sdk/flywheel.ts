import { userInfo } from 'node:os';
import { trackingUri } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { ActiveRun, type ActiveRunOptions, type LoggingOptions } from './active-run.js';
import { DataClient } from './data/data-client.js';
import { JobsClient } from './jobs-client.js';
import { ModelsClient } from './models-client.js';
import { SweepsClient } from './sweeps-client.js';
import { TrackingClient } from './tracking-client.js';
import type { Experiment, Tag } from './types.js';
import { runFromWire } from './wire.js';

export interface FlywheelOptions extends LoggingOptions {
  /** The server; default FW_TRACKING_URI, else MLFLOW_TRACKING_URI, else http://127.0.0.1:5050. */
  trackingUri?: string;
  /** Limit for one API request in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Where defaults are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface StartRunOptions {
  /** The experiment by id; wins over `experimentName`. */
  experimentId?: string;
  /** The experiment by name, created when missing. */
  experimentName?: string;
  runName?: string;
  tags?: Record<string, string>;
  /** Default: now. */
  startTime?: number;
}

/** MLflow's "Default" experiment, which every MLflow server (and Flywheel) has. */
const DEFAULT_EXPERIMENT_ID = '0';

/**
 * The entry point for training code.
 *
 * @example
 * import { Flywheel } from 'flywheel';
 * const fw = new Flywheel();                        // FW_TRACKING_URI or http://127.0.0.1:5050
 * const run = await fw.startRun({ experimentName: 'iris', runName: 'lr-0.01' });
 * await run.logParams({ lr: 0.01 });
 * run.logMetric('loss', 0.42, 1);
 * await run.end();
 *
 * // In a job launched by Flywheel (or anything that sets FW_RUN_ID / MLFLOW_RUN_ID):
 * const run = (await Flywheel.activeRunFromEnv()) ?? (await fw.startRun());
 *
 * // Compute jobs:
 * const job = await fw.jobs.submit({ command: ['python', 'train.py'], resources: { gpus: 1 } });
 *
 * // Datasets:
 * await fw.data.add('./pets', { dataset: 'pets', message: 'more cats' });
 * const dir = await run.useDataset('pets@latest');
 *
 * // Hyperparameter sweeps:
 * const sweep = await fw.sweeps.create(yamlText, { cwd: process.cwd() });
 * const best = (await fw.sweeps.waitFor(sweep.sweepId)).bestTrial;
 *
 * // The model registry:
 * const v = await fw.models.register('iris', run.runId); // the run's `model/` folder
 * await fw.models.setAlias('iris', 'production', v.version);
 */
export class Flywheel extends TrackingClient {
  /** Submit, watch and control compute jobs. */
  readonly jobs: JobsClient;
  /** Versioned datasets: add, status, checkout, diff, log, ... */
  readonly data: DataClient;
  /** Create, watch and control hyperparameter sweeps; drive client-side ones by ask/tell. */
  readonly sweeps: SweepsClient;
  /** The model registry: register a run's model, versions, aliases, files. */
  readonly models: ModelsClient;
  private readonly env: NodeJS.ProcessEnv;
  private readonly logging: LoggingOptions;
  private currentExperimentId: string | undefined;

  constructor(options: FlywheelOptions = {}) {
    const env = options.env ?? process.env;
    super({
      baseUrl: options.trackingUri ?? trackingUri(env),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.env = env;
    this.logging = options;
    this.jobs = new JobsClient(this.rest);
    this.data = new DataClient(this.rest, { env });
    this.sweeps = new SweepsClient(this.rest);
    this.models = new ModelsClient(this.rest, currentUser());
  }

  /** A client configured from the environment only (FW_TRACKING_URI, MLFLOW_TRACKING_URI). */
  static fromEnv(options: Omit<FlywheelOptions, 'trackingUri'> = {}): Flywheel {
    return new Flywheel(options);
  }

  /** The run named by FW_RUN_ID or MLFLOW_RUN_ID, resumed; undefined when neither is set. */
  static activeRunFromEnv(options: Omit<FlywheelOptions, 'trackingUri'> = {}): Promise<ActiveRun | undefined> {
    return Flywheel.fromEnv(options).activeRunFromEnv();
  }

  /** The run named by FW_RUN_ID or MLFLOW_RUN_ID, resumed; undefined when neither is set. */
  async activeRunFromEnv(): Promise<ActiveRun | undefined> {
    const runId = this.env.FW_RUN_ID || this.env.MLFLOW_RUN_ID;
    return runId ? this.resumeRun(runId) : undefined;
  }

  /**
   * Makes `name` the experiment later runs go to, creating it if it does not exist (as
   * MLflow's set_experiment does). A deleted experiment of that name is an error.
   */
  async setExperiment(name: string): Promise<Experiment> {
    const experiment = await this.getOrCreateExperiment(name);
    this.currentExperimentId = experiment.experimentId;
    return experiment;
  }

  /** Creates a run and returns a handle to log to it. */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    const experimentId = await this.resolveExperimentId(options);
    const user = currentUser();
    const tags: Tag[] = Object.entries({ ...(user ? { 'mlflow.user': user } : {}), ...options.tags }).map(
      ([key, value]) => ({ key, value }),
    );
    const res = await this.rest.mlflow<{ run: unknown }>('POST', 'runs/create', {
      experiment_id: experimentId,
      start_time: options.startTime ?? Date.now(),
      tags,
      ...(options.runName !== undefined ? { run_name: options.runName } : {}),
      ...(user ? { user_id: user } : {}),
    });
    return new ActiveRun(this.rest, runFromWire(res.run).info, this.runOptions());
  }

  /**
   * A handle to log to an existing run. Like MLflow's start_run(run_id=...), a run that is not
   * RUNNING is set back to RUNNING.
   */
  async resumeRun(runId: string): Promise<ActiveRun> {
    const run = await this.getRun(runId);
    if (run.info.lifecycleStage === 'deleted') {
      throw new FlywheelError('FAILED_PRECONDITION', `run ${runId} is deleted; restore it before logging to it`);
    }
    const info = run.info.status === 'RUNNING' ? run.info : await this.updateRun({ runId, status: 'RUNNING' });
    return new ActiveRun(this.rest, info, this.runOptions());
  }

  private runOptions(): ActiveRunOptions {
    return { ...this.logging, data: this.data, env: this.env };
  }

  private async resolveExperimentId(options: StartRunOptions): Promise<string> {
    if (options.experimentId !== undefined) return options.experimentId;
    if (options.experimentName !== undefined) return (await this.getOrCreateExperiment(options.experimentName)).experimentId;
    if (this.currentExperimentId !== undefined) return this.currentExperimentId;
    const fromEnv = this.env.FW_EXPERIMENT_ID || this.env.MLFLOW_EXPERIMENT_ID;
    if (fromEnv) return fromEnv;
    const nameFromEnv = this.env.FW_EXPERIMENT_NAME || this.env.MLFLOW_EXPERIMENT_NAME;
    if (nameFromEnv) return (await this.getOrCreateExperiment(nameFromEnv)).experimentId;
    return DEFAULT_EXPERIMENT_ID;
  }

  private async getOrCreateExperiment(name: string): Promise<Experiment> {
    let experiment: Experiment;
    try {
      experiment = await this.getExperimentByName(name);
    } catch (e) {
      if (!(e instanceof FlywheelError) || e.code !== 'NOT_FOUND') throw e;
      try {
        return await this.getExperiment(await this.createExperiment(name));
      } catch (createError) {
        // Another process created it between our two calls: use theirs.
        if (!(createError instanceof FlywheelError) || createError.code !== 'ALREADY_EXISTS') throw createError;
        experiment = await this.getExperimentByName(name);
      }
    }
    if (experiment.lifecycleStage === 'deleted') {
      throw new FlywheelError(
        'FAILED_PRECONDITION',
        `experiment '${name}' is deleted; restore it or permanently delete it before using the name again`,
      );
    }
    return experiment;
  }
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): MLflow leaves the user empty too.
    return undefined;
  }
}
