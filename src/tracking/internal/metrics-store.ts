import type { Metric } from '../types.js';
import type { PointColumns, RequestKey, SeriesRow } from './metric-points.js';

export interface TailRow {
  /** The chunk the point came in: the tail cursor. */
  chunkId: number;
  runId: string;
  key: string;
  step: number;
  timestamp: number;
  value: number;
}

/**
 * One log-batch, validated, with params and tags deduplicated by key (last tag value wins).
 * Params and tags travel with the points because MLflow's log-batch commits all or nothing,
 * and the points' write path is the backend's own (the SQLite one is not Kysely's).
 */
export interface RunBatch {
  runId: string;
  /** Write-once: a key already logged with another value fails the whole batch (INVALID_ARGUMENT). */
  params: ReadonlyMap<string, string>;
  tags: ReadonlyMap<string, string>;
  metrics: readonly Metric[];
  /** The idempotency key of the points (see `writeBatch`). */
  request?: RequestKey;
}

/**
 * Storage of what runs log: metric points in chunks (see MetricChunksTable), and the write
 * of a whole log-batch. Two backends: prepared statements on the embedded SQLite (the ingest
 * hot path) and Kysely for PostgreSQL; both pass the same contract suite.
 */
export interface MetricsStore {
  /**
   * Writes a batch in one transaction: params, tags (a non-empty mlflow.runName renames the
   * run), then the points, appended to the run's series (creating them) with each series'
   * latest point advanced. With a request key already recorded for the same points, the
   * points are not written again (a retried request; its params and tags are idempotent);
   * a key recorded with other points throws CONFLICT. Any error leaves nothing written.
   */
  writeBatch(batch: RunBatch): Promise<void>;
  /** Forgets request ids recorded before `cutoff` (ms since epoch). */
  pruneRequestIds(cutoff: number): Promise<number>;
  /** The series of these runs, optionally only these keys. */
  findSeries(runIds: readonly string[], keys?: readonly string[]): Promise<SeriesRow[]>;
  /** Points of a series from chunks with id > afterChunkId, in logging order. */
  readPoints(seriesId: number, afterChunkId: number): Promise<PointColumns>;
  /**
   * Points of these runs (and keys) from chunks with id > cursor, in logging order; whole
   * chunks only, stopping before the chunk that would pass `limit` (but always at least one).
   */
  tail(runIds: readonly string[], keys: readonly string[] | undefined, cursor: number, limit: number): Promise<TailRow[]>;
  /** Latest point of every metric of these runs. */
  latest(runIds: readonly string[]): Promise<Map<string, Metric[]>>;
  /** Removes the series and points of these runs. */
  deleteRuns(runIds: readonly string[]): Promise<void>;
}
