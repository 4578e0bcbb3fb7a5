import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { nowMs } from '../core/clock.js';
import { invalidArgument, type FlywheelError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { artifactProxyRoot, artifactUrlPath, joinArtifactPath, listFilesRecursive } from './artifact-paths.js';
import type { BatchEntry } from './batch-chunks.js';
import { LogBatcher } from './log-batcher.js';
import type { RestClient } from './rest-client.js';
import type { RetryOptions } from './retry.js';
import { DataClient, type VersionRef } from './data/data-client.js';
import { useDataset, type UseDatasetOptions } from './data/use-dataset.js';
import type { Dataset, RunInfo, RunStatus, Tag } from './types.js';
import { datasetInputToWire, type LogBatchBody } from './wire.js';

/** How a run's metrics, params and tags are buffered and sent. */
export interface LoggingOptions {
  /** Flush the buffer this often (default 1000 ms). */
  flushIntervalMs?: number;
  /** Above this many points not yet acknowledged, logMetric waits for room (default 100 000). */
  maxBufferedPoints?: number;
  retry?: RetryOptions;
  /** Limit for one artifact upload (default 10 minutes); 0 means none. */
  artifactTimeoutMs?: number;
  /** Told about every batch the server refused; the error is also thrown by the next flush() or end(). */
  onError?(error: FlywheelError, rejected: LogBatchBody): void;
  logger?: Logger;
}

export type ParamValue = string | number | boolean;

/** What Flywheel hands an ActiveRun besides the logging options. */
export interface ActiveRunOptions extends LoggingOptions {
  /** For useDataset; without it, one is made on first use. */
  data?: DataClient;
  /** Where useDataset reads FW_DATASETS_DIR and HOME (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Uploads of a folder run this many files at a time. */
const UPLOAD_CONCURRENCY = 4;

/**
 * A run being logged to. Metrics are buffered and sent in the background; params, tags,
 * inputs and artifacts resolve once the server has stored them.
 *
 * @example
 * const run = await fw.startRun({ experimentName: 'mnist', runName: 'baseline' });
 * await run.logParams({ lr: 0.01, epochs: 10 });
 * for (let step = 0; step < 1000; step++) await run.logMetric('loss', loss(step), step);
 * await run.logArtifact('model.onnx');
 * await run.end();
 */
export class ActiveRun {
  readonly runId: string;
  readonly experimentId: string;
  /** The run as it was when this handle was made (status and end time are not kept up to date). */
  readonly info: RunInfo;
  private readonly rest: RestClient;
  private readonly batcher: LogBatcher;
  private readonly artifactTimeoutMs: number;
  private ending: Promise<void> | undefined;
  private data: DataClient | undefined;
  private readonly env: NodeJS.ProcessEnv;

  constructor(rest: RestClient, info: RunInfo, options: ActiveRunOptions = {}) {
    this.rest = rest;
    this.data = options.data;
    this.env = options.env ?? process.env;
    this.info = info;
    this.runId = info.runId;
    this.experimentId = info.experimentId;
    this.artifactTimeoutMs = options.artifactTimeoutMs ?? 600_000;
    this.batcher = new LogBatcher({
      runId: info.runId,
      send: async (body, idempotencyKey) => {
        await rest.mlflow('POST', 'runs/log-batch', { ...body }, { headers: { 'idempotency-key': idempotencyKey } });
      },
      ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
      ...(options.maxBufferedPoints !== undefined ? { maxBufferedEntries: options.maxBufferedPoints } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /**
   * Buffers one metric point (step 0 when not given, as MLflow does) and returns at once.
   * When the buffer is full it returns a promise that resolves once there is room again;
   * `await` it in a training loop to slow down instead of growing without bound.
   */
  logMetric(key: string, value: number, step?: number): void | Promise<void> {
    return this.batcher.add([metricEntry(key, value, step ?? 0, nowMs())]);
  }

  /** Buffers several metrics for the same step, with one timestamp. */
  logMetrics(metrics: Record<string, number>, step?: number): void | Promise<void> {
    const timestamp = nowMs();
    return this.batcher.add(Object.entries(metrics).map(([key, value]) => metricEntry(key, value, step ?? 0, timestamp)));
  }

  logParam(key: string, value: ParamValue): Promise<void> {
    return this.logParams({ [key]: value });
  }

  /** Stores params (stringified, as MLflow keeps them); rejects if the server refuses one. */
  async logParams(params: Record<string, ParamValue>): Promise<void> {
    return this.batcher.addAndWait(
      Object.entries(params).map(([key, value]) => ({ kind: 'param', param: { key: checkKey(key), value: String(value) } })),
    );
  }

  setTag(key: string, value: string): Promise<void> {
    return this.setTags({ [key]: value });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    return this.batcher.addAndWait(
      Object.entries(tags).map(([key, value]) => ({ kind: 'tag', tag: { key: checkKey(key), value: String(value) } })),
    );
  }

  /** Resolves once every point logged so far is stored; throws if the server refused any batch. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /**
   * Uploads one file into the run's artifacts, as `<artifactPath>/<file name>` (MLflow's
   * meaning of artifact_path: the folder to put it in).
   */
  async logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    await this.upload(joinArtifactPath(artifactPath, basename(localPath)), await readLocalFile(localPath));
  }

  /** Uploads bytes (or a UTF-8 string) as the artifact at `path`, e.g. 'model/config.json'. */
  async logArtifactBytes(path: string, bytes: Uint8Array | string): Promise<void> {
    const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    await this.upload(joinArtifactPath(path), body);
  }

  /** Uploads every file under `localDir`, keeping its layout, into `artifactPath` (default the root). */
  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const info = await stat(localDir).catch((e: unknown) => {
      throw invalidArgument(`cannot read ${localDir}: ${(e as Error).message}`);
    });
    if (!info.isDirectory()) throw invalidArgument(`${localDir} is not a folder`);
    const files = await listFilesRecursive(localDir);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const file = files[next++]!;
        await this.upload(joinArtifactPath(artifactPath, file), await readLocalFile(join(localDir, file)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, worker));
  }

  /** Records that the run read a dataset (runs/log-inputs). */
  async logInput(dataset: Dataset, tags: Record<string, string> = {}): Promise<void> {
    const input = { dataset, tags: Object.entries(tags).map(([key, value]): Tag => ({ key, value })) };
    await this.rest.mlflow('POST', 'runs/log-inputs', { run_id: this.runId, datasets: [datasetInputToWire(input)] });
  }

  /**
   * Makes a dataset version available to this run: resolves `ref` (`pets@2`, `pets@train-v3`,
   * `pets` for the latest), checks its files out into the local cache (`FW_DATASETS_DIR`,
   * default `~/.flywheel/datasets/<name>/<version>`) unless they are there already, records
   * it as the run's input (MLflow log-inputs, source `flywheel:pets@2`) and returns the folder.
   *
   * @example
   * const dir = await run.useDataset('pets@2');
   * const labels = await readFile(join(dir, 'labels.csv'), 'utf8');
   */
  async useDataset(ref: VersionRef, options: UseDatasetOptions = {}): Promise<string> {
    this.data ??= new DataClient(this.rest, { env: this.env });
    const used = await useDataset(this.data, {
      ref,
      env: this.env,
      logInput: (dataset, tags) => this.logInput(dataset, tags),
      options,
    });
    return used.path;
  }

  /**
   * Flushes, then marks the run ended. The status is set even if a batch was refused, so the
   * run does not stay RUNNING; the refusal is thrown afterwards. Calling it again is harmless.
   */
  end(status: Exclude<RunStatus, 'RUNNING' | 'SCHEDULED'> = 'FINISHED'): Promise<void> {
    this.ending ??= this.finish(status);
    return this.ending;
  }

  private async finish(status: RunStatus): Promise<void> {
    let flushError: unknown;
    try {
      await this.batcher.flush();
    } catch (e) {
      flushError = e;
    } finally {
      this.batcher.close();
    }
    await this.rest.mlflow('POST', 'runs/update', { run_id: this.runId, status, end_time: nowMs() });
    if (flushError !== undefined) throw flushError;
  }

  private async upload(relativePath: string, body: Blob | Uint8Array): Promise<void> {
    if (relativePath === '') throw invalidArgument('an artifact needs a file name');
    const proxyPath = `${artifactProxyRoot(this.info.artifactUri)}/${relativePath}`;
    await this.rest.request('PUT', artifactUrlPath(proxyPath), { body, timeoutMs: this.artifactTimeoutMs });
  }
}

/** A file as a Blob that streams from disk when sent; a missing file is the caller's mistake, said plainly. */
async function readLocalFile(path: string): Promise<Blob> {
  try {
    return await openAsBlob(path);
  } catch (e) {
    throw invalidArgument(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw invalidArgument('a key must be a non-empty string');
  return key;
}

function metricEntry(key: string, value: number, step: number, timestamp: number): BatchEntry {
  // Checked here, at the caller, because a bad value found in the background could not be
  // traced back to the line that logged it.
  if (typeof value !== 'number') throw invalidArgument(`metric '${key}' must be a number, got ${typeof value}`);
  if (!Number.isInteger(step)) throw invalidArgument(`metric '${key}': step must be an integer, got ${step}`);
  return { kind: 'metric', metric: { key: checkKey(key), value, step, timestamp } };
}
