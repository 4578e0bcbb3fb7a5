import { artifactBlobHashes, runsWithInput } from './internal/lineage.js';
import type { Readable } from 'node:stream';
import { FlywheelError, silentLogger, type Logger } from '../core/index.js';
import type { BlobReferrer, BlobStore, OpenDatabase } from '../storage/index.js';
import type { TrackingTables } from './storage/index.js';
import { Artifacts } from './internal/artifacts.js';
import { Experiments } from './internal/experiments.js';
import { KyselyMetricsStore } from './internal/kysely-metrics-store.js';
import { MetricReads } from './internal/metric-reads.js';
import type { MetricsStore } from './internal/metrics-store.js';
import { RunData } from './internal/run-data.js';
import { Runs } from './internal/runs.js';
import { SeriesCache } from './internal/series-cache.js';
import { SqliteMetricsStore } from './internal/sqlite-metrics-store.js';
import { requireRunId } from './internal/validation.js';
import type { TrackingApi } from './tracking-api.js';
import type { DatasetInput, Metric, Tag } from './types.js';

export interface TrackingService extends TrackingApi {
  /**
   * Another module that keeps blobs by hash (the model registry): deleting or purging
   * artifacts leaves the blobs it refers to in the store. Added after creation because such
   * modules are built on tracking.
   */
  addBlobReferrer(referrer: BlobReferrer): void;
  close(): Promise<void>;
}

export interface TrackingServiceOptions {
  database: OpenDatabase<TrackingTables>;
  blobs: BlobStore;
  logger?: Logger;
  /** Memory for recently read metric series (default 256 MiB; the server passes FW_SERIES_CACHE_MB from its config). */
  seriesCacheBytes?: number;
}

const ARTIFACT_SCHEME = 'mlflow-artifacts:/';
/** Idempotency keys are kept a day: far longer than any client retries. */
const REQUEST_ID_TTL_MS = 24 * 3600 * 1000;

/**
 * The tracking module's service: composes experiments, runs, run data, metric reads and
 * artifacts over one database and blob store. Creates the default experiment on start.
 */
export async function createTrackingService(opts: TrackingServiceOptions): Promise<TrackingService> {
  const { database, blobs } = opts;
  const logger = opts.logger ?? silentLogger;
  const { db, dialect } = database;
  const metrics: MetricsStore = database.sqlite ? new SqliteMetricsStore(db, database.sqlite) : new KyselyMetricsStore(db);
  const cacheBytes = opts.seriesCacheBytes ?? 256 * 1024 * 1024;
  const cache = new SeriesCache(metrics, cacheBytes);
  const experiments = new Experiments(db, dialect);
  const runs = new Runs(db, dialect, experiments, metrics);
  const runData = new RunData(db, runs, metrics);
  const reads = new MetricReads(runs, metrics, cache);
  const referrers: BlobReferrer[] = [];
  const artifacts = new Artifacts(db, blobs, referrers);
  await experiments.ensureDefault();

  // A background chore: it logs its failure and tries again next hour, never throws.
  const pruneRequestIds = async () => {
    try {
      await metrics.pruneRequestIds(Date.now() - REQUEST_ID_TTL_MS);
    } catch (e) {
      logger.warn({ err: e }, 'could not prune old idempotency keys');
    }
  };
  await pruneRequestIds();
  const pruneTimer = setInterval(() => void pruneRequestIds(), 3600 * 1000);
  pruneTimer.unref();

  const runArtifactRoot = async (runId: string): Promise<string> => {
    const run = await runs.row(runId);
    if (!run.artifact_uri.startsWith(ARTIFACT_SCHEME)) {
      throw new FlywheelError('FAILED_PRECONDITION', `Run ${runId} stores artifacts at ${run.artifact_uri}, which this server does not serve`);
    }
    return run.artifact_uri.slice(ARTIFACT_SCHEME.length).replace(/^\/+/, '');
  };

  return {
    addBlobReferrer: (referrer) => {
      referrers.push(referrer);
    },
    createExperiment: (req) => experiments.create(req),
    getExperiment: (id) => experiments.get(id),
    getExperimentByName: (name) => experiments.getByName(name),
    searchExperiments: (req) => experiments.search(req),
    renameExperiment: (id, name) => experiments.rename(id, name),
    async deleteExperiment(id) {
      await experiments.delete(id);
      runs.invalidate();
    },
    restoreExperiment: (id) => experiments.restore(id),
    setExperimentTag: (id, tag) => experiments.setTag(id, tag),
    experimentStats: (ids) => runs.stats(ids),

    createRun: (req) => runs.create(req),
    getRun: (id) => runs.get(id),
    updateRun: (req) => runs.update(req),
    deleteRun: (id) => runs.setLifecycle(id, 'deleted'),
    restoreRun: (id) => runs.setLifecycle(id, 'active'),
    searchRuns: (req) => runs.search(req),
    moveRun: (id, experimentId) => runs.move(id, experimentId),
    async purgeDeletedRuns(options = {}) {
      const cutoff = Date.now() - (options.olderThanMs ?? 0);
      const doomed = await runs.deletedBefore(cutoff);
      const ids = doomed.map((r) => r.run_uuid);
      const series = await metrics.findSeries(ids);
      for (const run of doomed) {
        if (run.artifact_uri.startsWith(ARTIFACT_SCHEME)) await artifacts.deleteFolder(await runArtifactRoot(run.run_uuid));
      }
      await metrics.deleteRuns(ids);
      cache.forget(series.map((s) => s.seriesId));
      for (let i = 0; i < ids.length; i += 500) {
        // params, tags and inputs go with the run (ON DELETE CASCADE).
        await db.deleteFrom('runs').where('run_uuid', 'in', ids.slice(i, i + 500)).execute();
      }
      runs.invalidate();
      if (ids.length > 0) logger.info({ runs: ids.length }, 'purged deleted runs');
      return ids;
    },

    logMetric: (runId, metric: Metric) => runData.logBatch({ runId, metrics: [metric] }),
    logParam: (runId, key, value) => runData.logBatch({ runId, params: [{ key, value }] }),
    setTag: (runId, tag: Tag) => runData.logBatch({ runId, tags: [tag] }),
    deleteTag: (runId, key) => runData.deleteTag(runId, key),
    logBatch: (req) => runData.logBatch(req),
    logInputs: (runId, datasets: DatasetInput[]) => runData.logInputs(runId, datasets),

    getMetricHistory: (req) => reads.history(req),
    getBulkHistory: (req) => reads.bulk(req),
    tailMetrics: (req) => reads.tail(req),

    putArtifact: (path, content: Readable | Buffer) => artifacts.put(path, content),
    getArtifact: (path) => artifacts.get(path),
    listArtifacts: (path) => artifacts.list(path),
    async deleteArtifact(path) {
      await artifacts.delete(path);
    },
    runArtifactRoot: (runId) => runArtifactRoot(requireRunId(runId)),
    artifactBlobHashes: () => artifactBlobHashes(db),
    runsWithInput: (name, digest) => runsWithInput(db, name, digest),

    // The caller opened the database and closes it.
    close: async () => {
      clearInterval(pruneTimer);
    },
  };
}
