import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { TrackingTables as Database } from '../storage/index.js';
import type { Metric } from '../types.js';
import { KyselyMetricsStore } from './kysely-metrics-store.js';
import { encodeChunk, groupByKey, reusedKeyError, toStoredValue, type RequestKey } from './metric-points.js';
import type { RunBatch } from './metrics-store.js';
import { changedParamError, renamedTo } from './run-batch-rules.js';

interface PendingAppend {
  batch: RunBatch;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The embedded SQLite backend: the write path through prepared statements in synchronous
 * transactions (the ingest hot path of the benchmarks); reads are Kysely's.
 *
 * Group commit: batches that arrive while the event loop is busy are written together in
 * one transaction, and each caller is answered only after that commit, so many small
 * writes (single log-metric calls) share one commit without weakening durability. If the
 * group fails, each batch is retried alone, in a transaction of its own, so only the bad
 * one fails and it leaves nothing written (a batch is all or nothing).
 *
 * Writes take Kysely's connection lock first (db.connection()), so they can never run
 * inside a Kysely transaction that is awaiting elsewhere on the same connection.
 */
export class SqliteMetricsStore extends KyselyMetricsStore {
  /** (run, key) -> series id; ids never change, and a rolled-back create clears the map. */
  private readonly seriesIds = new Map<string, number>();
  private readonly stmt;
  private readonly appendTx: (p: PendingAppend) => void;
  private readonly groupTx: (group: readonly PendingAppend[]) => void;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;

  constructor(db: Kysely<Database>, sqlite: BetterSqlite3.Database) {
    super(db);
    this.stmt = {
      findSeries: sqlite.prepare('SELECT series_id FROM metric_series WHERE run_uuid = ? AND key = ?').pluck(),
      createSeries: sqlite.prepare(
        'INSERT INTO metric_series (run_uuid, key, last_value, last_step, last_timestamp, point_count) VALUES (?, ?, ?, ?, ?, 0) ' +
          'ON CONFLICT (run_uuid, key) DO NOTHING',
      ),
      // MLflow's latest point: greatest step, then timestamp, then value (NULL, i.e. NaN, loses).
      advance: sqlite.prepare(
        `UPDATE metric_series SET point_count = point_count + @count,
           last_value = CASE WHEN ${LATER} THEN @value ELSE last_value END,
           last_timestamp = CASE WHEN ${LATER} THEN @timestamp ELSE last_timestamp END,
           last_step = CASE WHEN ${LATER} THEN @step ELSE last_step END
         WHERE series_id = @id`,
      ),
      insertChunk: sqlite.prepare('INSERT INTO metric_chunks (series_id, point_count, data) VALUES (?, ?, ?)'),
      recordRequest: sqlite.prepare('INSERT INTO request_ids (request_id, digest, created_time) VALUES (?, ?, ?) ON CONFLICT (request_id) DO NOTHING'),
      requestDigest: sqlite.prepare('SELECT digest FROM request_ids WHERE request_id = ?').pluck(),
      storedParam: sqlite.prepare('SELECT value FROM params WHERE run_uuid = ? AND key = ?').pluck(),
      insertParam: sqlite.prepare('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)'),
      upsertTag: sqlite.prepare('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value'),
      renameRun: sqlite.prepare('UPDATE runs SET name = ? WHERE run_uuid = ?'),
    };
    this.appendTx = sqlite.transaction((p: PendingAppend) => this.write(p.batch));
    this.groupTx = sqlite.transaction((group: readonly PendingAppend[]) => {
      for (const p of group) this.write(p.batch);
    });
  }

  private write({ runId, params, tags, metrics, request }: RunBatch): void {
    for (const [key, value] of params) {
      const stored = this.stmt.storedParam.get(runId, key) as string | undefined;
      if (stored === undefined) this.stmt.insertParam.run(runId, key, value);
      else if (stored !== value) throw changedParamError(runId, key, stored, value);
    }
    for (const [key, value] of tags) this.stmt.upsertTag.run(runId, key, value);
    const name = renamedTo(tags);
    if (name !== undefined) this.stmt.renameRun.run(name, runId);
    if (metrics.length > 0) this.writePoints(runId, metrics, request);
  }

  private writePoints(runId: string, points: readonly Metric[], request: RequestKey | undefined): void {
    // A key seen before: the first attempt landed and this is its retry, or the key was reused.
    if (request !== undefined && this.stmt.recordRequest.run(request.id, request.digest, Date.now()).changes === 0) {
      if (this.stmt.requestDigest.get(request.id) !== request.digest) throw reusedKeyError(request.id);
      return;
    }
    for (const [key, { points: own, latest }] of groupByKey(points)) {
      const id = this.seriesIdFor(runId, key, latest);
      const value = toStoredValue(latest.value);
      this.stmt.advance.run({ count: own.length, value, timestamp: latest.timestamp, step: latest.step, id });
      const chunk = encodeChunk(own);
      this.stmt.insertChunk.run(id, own.length, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  }

  private seriesIdFor(runId: string, key: string, first: Metric): number {
    const cacheKey = `${runId}\u0000${key}`;
    const cached = this.seriesIds.get(cacheKey);
    if (cached !== undefined) return cached;
    this.stmt.createSeries.run(runId, key, toStoredValue(first.value), first.step, first.timestamp);
    const id = this.stmt.findSeries.get(runId, key) as number;
    this.seriesIds.set(cacheKey, id);
    return id;
  }

  override writeBatch(batch: RunBatch): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ batch, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    let group: PendingAppend[] = [];
    const failures = new Map<PendingAppend, unknown>();
    try {
      await this.db.connection().execute(async () => {
        // Taken under the lock: whatever queued while we waited for it joins this commit.
        group = this.pending;
        this.pending = [];
        this.flushScheduled = false;
        try {
          this.groupTx(group);
        } catch {
          this.seriesIds.clear();
          for (const p of group) {
            try {
              this.appendTx(p);
            } catch (e) {
              this.seriesIds.clear();
              failures.set(p, e);
            }
          }
        }
      });
    } catch (e) {
      for (const p of group) if (!failures.has(p)) failures.set(p, e);
    }
    for (const p of group) {
      if (failures.has(p)) p.reject(failures.get(p));
      else p.resolve();
    }
  }

  override async deleteRuns(runIds: readonly string[]): Promise<void> {
    await super.deleteRuns(runIds);
    this.seriesIds.clear();
  }
}

// The new latest point wins when its (step, timestamp, value) is at least the stored one's.
const LATER = `(last_step < @step OR (last_step = @step AND (last_timestamp < @timestamp OR
  (last_timestamp = @timestamp AND @value IS NOT NULL AND (last_value IS NULL OR last_value <= @value)))))`;
