import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger, parseMemoryMb, type GpuInfo, type Logger, type S3Settings, type ServerConfig } from '../core/index.js';
import { FsBlobStore, openDatabase, s3StoreFromUrl } from '../storage/index.js';
import { ComputeService, SlurmExecutor, slurmAnswers } from '../compute/index.js';
import { DataService } from '../data/index.js';
import { RegistryService, type EvaluationData } from '../registry/index.js';
import { loadModel, loadModelInWorker, parseServeSpecs, ServedModels, ServingMetrics, workerModelsAvailable } from '../serving/index.js';
import { evaluationTable } from './evaluation-data.js';
import { createTrackingService } from '../tracking/index.js';
import { SweepService } from '../tuning/index.js';
import { closePromptly } from '../http/index.js';
import { buildApp } from './app.js';
import { MIGRATIONS } from './migrations.js';
import { Teardown } from './teardown.js';

export interface RunningServer {
  /** Where clients reach the server, with the port actually bound (`port: 0` picks one). */
  url: string;
  app: FastifyInstance;
  /** Stops accepting requests, lets in-flight ones finish, then closes the services and database. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** The GPUs jobs may use; default: what nvidia-smi lists. */
  gpus?: GpuInfo[];
  /** How often sweep controllers look at their trials (ms); tests make it short. */
  sweepTickMs?: number;
  /**
   * How long close lets the answers still being sent finish before it destroys their
   * connections (ms, default 10 s): a log follow or a stalled download must not hold it.
   */
  closeGraceMs?: number;
}

const CLOSE_GRACE_MS = 10_000;

/**
 * Opens storage, builds the services and the app, and listens.
 *
 * @example
 * const server = await startServer(loadServerConfig({ port: 0, dataDir }));
 * // MLFLOW_TRACKING_URI=server.url
 * await server.close();
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Each part is added as it is started; close() stops them last first. A start that
  // fails half way goes through the same close(), so it leaves no open database or timer.
  const teardown = new Teardown(logger);
  try {
    const { app, url, database } = await build(config, options, logger, teardown);
    logger.info({ url, dataDir: config.dataDir, database }, `Flywheel server listening on ${url}`);
    return { url, app, close: () => teardown.close() };
  } catch (e) {
    await teardown.close().catch((closeError: unknown) => logger.error({ err: closeError }, 'closing a server whose start failed also failed'));
    throw e;
  }
}

/**
 * Opens storage and builds every service in dependency order, then listens and starts the
 * background work that needs the server's URL. Everything built is registered on
 * `teardown` as soon as it exists.
 */
async function build(config: ServerConfig, options: StartOptions, logger: Logger, teardown: Teardown): Promise<{ app: FastifyInstance; url: string; database: string }> {
  const databaseUrl = config.databaseUrl ?? `sqlite:${join(config.dataDir, 'flywheel.db')}`;
  const database = await openDatabase(databaseUrl, MIGRATIONS);
  teardown.add('the database', () => database.close());
  // One content-addressed store for artifacts and dataset files: identical bytes are kept once.
  const blobs = config.blobStore ? s3StoreFromUrl(config.blobStore, process.env, s3SettingsOf(config)) : new FsBlobStore(join(config.dataDir, 'blobs'));

  const tracking = await createTrackingService({ database, blobs, logger, seriesCacheBytes: config.seriesCacheMb * 1024 * 1024 });
  teardown.add('tracking', () => tracking.close());

  const memoryMb = config.computeMemory === undefined ? undefined : parseMemoryMb(config.computeMemory);
  const slurm = config.slurm !== 'off' && (await slurmAnswers());
  const compute = await ComputeService.create({
    db: database.db,
    tracking,
    logger,
    dataDir: config.dataDir,
    killGraceMs: config.jobKillGraceSeconds * 1000,
    ...(config.computeCpus !== undefined ? { cpus: config.computeCpus } : {}),
    ...(memoryMb !== undefined ? { memoryMb } : {}),
    ...(options.gpus ? { gpus: options.gpus } : {}),
    ...(slurm ? { slurm: (sink) => new SlurmExecutor({ sink, logger }) } : {}),
  });
  // Running jobs are left running: the next server start re-attaches to them.
  teardown.add('compute', () => compute.close());

  const localImport = config.localImport === 'on' || (config.localImport === 'auto' && isLoopback(config.host));
  // The registry and the data module need each other: the registry's dataset gates read
  // evaluation files through the data module, and the data module's gc must keep the
  // registry's files. Both are built here, before listening; the gates' reader refers to
  // `data` by name, and no gate can run before a request comes in.
  const evaluation: EvaluationData = { table: (ref, file) => evaluationTable(data, ref, file) };
  const registry: RegistryService = new RegistryService({ db: database.db, dialect: database.dialect, blobs, tracking, logger, evaluation });
  // The registry's versions keep their files by hash: purging runs and the data module's gc
  // must leave them.
  tracking.addBlobReferrer(registry);
  const data: DataService = new DataService({ db: database.db, blobs, tracking, logger, dataDir: config.dataDir, localImport, referrers: [registry] });

  const sweeps = new SweepService({ db: database.db, tracking, compute, logger, ...(options.sweepTickMs !== undefined ? { tickMs: options.sweepTickMs } : {}) });
  // Before compute closes: a tick in progress finishes its writes first.
  teardown.add('sweeps', () => sweeps.close());

  const inference = config.serve ? await serveRegistered(registry, config.serve, logger) : undefined;
  if (inference) teardown.add('the served models', () => inference.models.close());

  const app = buildApp({ tracking, compute, data, sweeps, registry, logger, ...(inference ? { inference } : {}) });
  // Without it, a keep-alive connection whose download finished just after close began is
  // left open until its keep-alive timeout (72 s), and close waits for it.
  closePromptly(app, { graceMs: options.closeGraceMs ?? CLOSE_GRACE_MS });
  // First to close: stop accepting requests and let in-flight ones finish.
  teardown.add('the HTTP server', () => app.close());
  await app.listen({ host: config.host, port: config.port });
  const url = `http://${urlHost(config.host)}:${(app.server.address() as AddressInfo).port}`;
  // Jobs report to the URL the server is reached at, known only once it listens.
  await compute.start(url);
  // After compute: the sweeps' controllers look up and submit trial jobs as they resume.
  await sweeps.start();
  return { app, url, database: database.location };
}

function s3SettingsOf(config: ServerConfig): S3Settings {
  return {
    ...(config.s3Endpoint !== undefined ? { endpoint: config.s3Endpoint } : {}),
    ...(config.s3ForcePathStyle !== undefined ? { forcePathStyle: config.s3ForcePathStyle } : {}),
  };
}

/**
 * The registry's models served by this server (`--serve iris@production,iris@staging`), each
 * in a worker thread where the build has one, aliases followed as they move.
 */
async function serveRegistered(registry: RegistryService, list: string, logger: Logger): Promise<{ models: ServedModels; metrics: ServingMetrics }> {
  const metrics = new ServingMetrics();
  const inWorker = workerModelsAvailable();
  const models = await ServedModels.start({
    source: registry,
    load: (files, v) => (inWorker ? loadModelInWorker(files, v.format) : loadModel(files, { format: v.format })),
    specs: parseServeSpecs(list.split(',').map((s) => s.trim()).filter((s) => s !== '')),
    logger,
    metrics,
  });
  return { models, metrics };
}

/** A host clients can connect to: a wildcard bind is reached on loopback; IPv6 goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Whether only this host can connect (the default bind). */
function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}
