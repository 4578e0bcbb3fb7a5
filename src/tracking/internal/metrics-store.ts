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
 * Storage of metric points in chunks (see MetricChunksTable). Two backends: prepared
 * statements on the embedded SQLite (the ingest hot path) and Kysely for PostgreSQL; both
 * pass the same contract suite.
 */
export interface MetricsStore {
  /**
   * Appends points to the run's series (creating them), and advances each series' latest
   * point. With a request key already recorded, nothing is written (a retried request), or
   * CONFLICT is thrown when the key came with other content.
   */
  append(runId: string, points: readonly Metric[], request?: RequestKey): Promise<void>;
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
