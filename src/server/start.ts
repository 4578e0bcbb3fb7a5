import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger, type GpuInfo, type Logger, type ServerConfig } from '../core/index.js';
import { FsBlobStore, openDatabase, s3StoreFromUrl } from '../storage/index.js';
import { ComputeService, SlurmExecutor, slurmAnswers } from '../compute/index.js';
import { DataService } from '../data/index.js';
import { RegistryService } from '../registry/index.js';
import { loadModel } from '../serving/runtime/index.js';
import { loadModelInWorker, parseServeSpecs, ServedModels, ServingMetrics, workerModelsAvailable } from '../serving/server/index.js';
import { evaluationTable } from './evaluation-data.js';
import { parseMemoryMb } from '../core/index.js';
import { createTrackingService } from '../tracking/index.js';
import { SweepService } from '../tuning/index.js';
import { buildApp } from './app.js';

export interface RunningServer {
  /** Where clients reach the server, with the port actually bound (`port: 0` picks one). */
  url: string;
  app: FastifyInstance;
  /** Stops accepting requests, lets in-flight ones finish, then closes the services and database. */
  close(): Promise<void>;
}

/**
 * Opens storage, builds the services and the app, and listens.
 *
 * @example
 * const server = await startServer(loadServerConfig({ port: 0, dataDir }));
 * // MLFLOW_TRACKING_URI=server.url
 * await server.close();
 */
export interface StartOptions {
  logger?: Logger;
  /** The GPUs jobs may use; default: what nvidia-smi lists. */
  gpus?: GpuInfo[];
  /** How often sweep controllers look at their trials (ms); tests make it short. */
  sweepTickMs?: number;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const databaseUrl = config.databaseUrl ?? `sqlite:${join(config.dataDir, 'flywheel.db')}`;
  const database = await openDatabase(databaseUrl);
  // One content-addressed store for artifacts and dataset files: identical bytes are kept once.
  const blobs = config.blobStore ? s3StoreFromUrl(config.blobStore, process.env) : new FsBlobStore(join(config.dataDir, 'blobs'));
  let tracking: Awaited<ReturnType<typeof createTrackingService>>;
  try {
    tracking = await createTrackingService({ database, blobs, logger });
  } catch (e) {
    await database.close();
    throw e;
  }
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

  const localImport = config.localImport === 'on' || (config.localImport === 'auto' && isLoopback(config.host));
  // Dataset gates read evaluation files through the data module, created below (it needs
  // the registry as a blob referrer first), hence the late binding.
  let data: DataService | undefined;
  const evaluation = { table: (ref: string, file: string) => evaluationTable(data!, ref, file) };
  const registry = new RegistryService({ db: database.db, dialect: database.dialect, blobs, tracking, logger, evaluation });
  // The registry's versions keep their files by hash: purging runs and the data module's gc
  // must leave them.
  tracking.addBlobReferrer(registry);
  data = new DataService({ db: database.db, blobs, tracking, logger, dataDir: config.dataDir, localImport, referrers: [registry] });
  const sweeps = new SweepService({ db: database.db, tracking, compute, logger, ...(options.sweepTickMs !== undefined ? { tickMs: options.sweepTickMs } : {}) });
  let inference: Awaited<ReturnType<typeof serveRegistered>> | undefined;
  try {
    inference = config.serve ? await serveRegistered(registry, config.serve, logger) : undefined;
  } catch (e) {
    await compute.close();
    await tracking.close();
    await database.close();
    throw e;
  }
  const app = buildApp({ tracking, compute, data, sweeps, registry, logger, ...(inference ? { inference } : {}) });
  let url: string;
  try {
    await app.listen({ host: config.host, port: config.port });
    url = `http://${urlHost(config.host)}:${(app.server.address() as AddressInfo).port}`;
    // Jobs report to the URL the server is reached at, known only once it listens.
    await compute.start(url);
    // After compute: the sweeps' controllers look up and submit trial jobs as they resume.
    await sweeps.start();
  } catch (e) {
    await app.close().catch(() => undefined);
    await sweeps.close();
    await inference?.models.close();
    await compute.close();
    await tracking.close();
    await database.close();
    throw e;
  }

  logger.info({ url, dataDir: config.dataDir, database: database.location }, `Flywheel server listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      try {
        await app.close();
      } finally {
        try {
          // Running jobs are left running: the next server start re-attaches to them,
          // and the sweeps' controllers pick up their trials.
          await sweeps.close();
          await inference?.models.close();
          await compute.close();
          await tracking.close();
        } finally {
          await database.close();
        }
      }
    })();
    return closing;
  };
  return { url, app, close };
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
