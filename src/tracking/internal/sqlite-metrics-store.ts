import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Metric } from '../types.js';
import { fromStoredValue, latestByKey, toStoredValue, type PointColumns, type SeriesRow } from './metric-points.js';
import type { MetricsStore, TailRow } from './metrics-store.js';
import { chunked } from './chunked.js';

const ROWS_PER_INSERT = 100;

/**
 * Metric storage on the embedded SQLite through prepared statements: the ingest path of
 * the benchmarks. Each call takes Kysely's connection lock first (db.connection()), so its
 * synchronous transaction can never land inside a Kysely transaction awaiting elsewhere.
 */
export class SqliteMetricsStore implements MetricsStore {
  private readonly seriesIds = new Map<string, number>();
  private readonly stmt;
  private readonly appendTx: (runId: string, points: readonly Metric[]) => void;

  constructor(
    private readonly db: Kysely<Database>,
    sqlite: BetterSqlite3.Database,
  ) {
    const values = Array.from({ length: ROWS_PER_INSERT }, () => '(?,?,?,?)').join(',');
    this.stmt = {
      findSeries: sqlite.prepare('SELECT series_id FROM metric_series WHERE run_uuid = ? AND key = ?').pluck(),
      createSeries: sqlite
        .prepare(
          'INSERT INTO metric_series (run_uuid, key, last_value, last_step, last_timestamp, point_count) VALUES (?, ?, ?, ?, ?, 0) ' +
            'ON CONFLICT (run_uuid, key) DO NOTHING',
        ),
      insertMany: sqlite.prepare(`INSERT INTO metric_points (series_id, step, timestamp, value) VALUES ${values}`),
      insertOne: sqlite.prepare('INSERT INTO metric_points (series_id, step, timestamp, value) VALUES (?, ?, ?, ?)'),
      addCount: sqlite.prepare('UPDATE metric_series SET point_count = point_count + ? WHERE series_id = ?'),
      // MLflow's latest point: greatest step, then timestamp, then value (NULL, i.e. NaN, loses).
      advanceLatest: sqlite.prepare(
        'UPDATE metric_series SET last_value = ?, last_step = ?, last_timestamp = ? WHERE series_id = ? AND ' +
          '(last_step < ? OR (last_step = ? AND (last_timestamp < ? OR (last_timestamp = ? AND (last_value IS NULL OR last_value <= ?)))))',
      ),
      readPoints: sqlite
        .prepare('SELECT id, step, timestamp, value FROM metric_points WHERE series_id = ? AND id > ? ORDER BY id LIMIT ?')
        .raw(),
    };
    this.appendTx = sqlite.transaction((runId: string, points: readonly Metric[]) => this.appendSync(runId, points));
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

  private appendSync(runId: string, points: readonly Metric[]): void {
    const perKey = latestByKey(points);
    const ids = new Map<string, number>();
    for (const [key, { latest, count }] of perKey) {
      const id = this.seriesIdFor(runId, key, latest);
      ids.set(key, id);
      this.stmt.addCount.run(count, id);
      const v = toStoredValue(latest.value);
      this.stmt.advanceLatest.run(v, latest.step, latest.timestamp, id, latest.step, latest.step, latest.timestamp, latest.timestamp, v);
    }
    const args: (number | null)[] = new Array(ROWS_PER_INSERT * 4);
    let i = 0;
    for (; i + ROWS_PER_INSERT <= points.length; i += ROWS_PER_INSERT) {
      for (let j = 0; j < ROWS_PER_INSERT; j++) {
        const p = points[i + j]!;
        args[j * 4] = ids.get(p.key)!;
        args[j * 4 + 1] = p.step;
        args[j * 4 + 2] = p.timestamp;
        args[j * 4 + 3] = toStoredValue(p.value);
      }
      this.stmt.insertMany.run(args);
    }
    for (; i < points.length; i++) {
      const p = points[i]!;
      this.stmt.insertOne.run(ids.get(p.key)!, p.step, p.timestamp, toStoredValue(p.value));
    }
  }

  /** Runs `fn` holding Kysely's single SQLite connection. */
  private locked<T>(fn: () => T): Promise<T> {
    return this.db.connection().execute(async () => fn());
  }

  append(runId: string, points: readonly Metric[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    return this.locked(() => {
      try {
        this.appendTx(runId, points);
      } catch (e) {
        // A failed transaction may have created series rows that were rolled back.
        this.seriesIds.clear();
        throw e;
      }
    });
  }

  async findSeries(runIds: readonly string[], keys?: readonly string[]): Promise<SeriesRow[]> {
    const out: SeriesRow[] = [];
    for (const ids of chunked(runIds, 500)) {
      let q = this.db
        .selectFrom('metric_series')
        .select(['series_id', 'run_uuid', 'key', 'point_count'])
        .where('run_uuid', 'in', ids);
      if (keys && keys.length > 0) q = q.where('key', 'in', [...keys]);
      for (const r of await q.execute()) out.push({ seriesId: r.series_id, runId: r.run_uuid, key: r.key, pointCount: r.point_count });
    }
    return out;
  }

  readPoints(seriesId: number, afterId: number, limit = Number.MAX_SAFE_INTEGER): Promise<PointColumns> {
    return this.locked(() => {
      const cols: PointColumns = { ids: [], steps: [], timestamps: [], values: [] };
      for (const row of this.stmt.readPoints.iterate(seriesId, afterId, limit) as Iterable<[number, number, number, number | null]>) {
        cols.ids.push(row[0]);
        cols.steps.push(row[1]);
        cols.timestamps.push(row[2]);
        cols.values.push(fromStoredValue(row[3]));
      }
      return cols;
    });
  }

  async tail(runIds: readonly string[], keys: readonly string[] | undefined, cursor: number, limit: number): Promise<TailRow[]> {
    const series = await this.findSeries(runIds, keys);
    if (series.length === 0) return [];
    const byId = new Map(series.map((s) => [s.seriesId, s]));
    const rows: TailRow[] = [];
    for (const ids of chunked([...byId.keys()], 500)) {
      const found = await this.db
        .selectFrom('metric_points')
        .select(['id', 'series_id', 'step', 'timestamp', 'value'])
        .where('series_id', 'in', ids)
        .where('id', '>', cursor)
        .orderBy('id')
        .limit(limit)
        .execute();
      for (const r of found) {
        const s = byId.get(r.series_id)!;
        rows.push({ id: r.id, runId: s.runId, key: s.key, step: r.step, timestamp: r.timestamp, value: fromStoredValue(r.value) });
      }
    }
    rows.sort((a, b) => a.id - b.id);
    return rows.slice(0, limit);
  }

  async latest(runIds: readonly string[]): Promise<Map<string, Metric[]>> {
    return latestFromSeries(this.db, runIds);
  }

  async deleteRuns(runIds: readonly string[]): Promise<void> {
    await deleteSeriesOfRuns(this.db, runIds);
    this.seriesIds.clear();
  }
}

/** Latest points of every series of these runs (shared by both backends: plain Kysely). */
export async function latestFromSeries(db: Kysely<Database>, runIds: readonly string[]): Promise<Map<string, Metric[]>> {
  const out = new Map<string, Metric[]>();
  for (const ids of chunked(runIds, 500)) {
    const rows = await db
      .selectFrom('metric_series')
      .select(['run_uuid', 'key', 'last_value', 'last_step', 'last_timestamp'])
      .where('run_uuid', 'in', ids)
      .orderBy('key')
      .execute();
    for (const r of rows) {
      let list = out.get(r.run_uuid);
      if (!list) out.set(r.run_uuid, (list = []));
      list.push({ key: r.key, value: fromStoredValue(r.last_value), step: r.last_step, timestamp: r.last_timestamp });
    }
  }
  return out;
}

export async function deleteSeriesOfRuns(db: Kysely<Database>, runIds: readonly string[]): Promise<void> {
  for (const ids of chunked(runIds, 500)) {
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('metric_points')
        .where('series_id', 'in', (eb) => eb.selectFrom('metric_series').select('series_id').where('run_uuid', 'in', ids))
        .execute();
      await trx.deleteFrom('metric_series').where('run_uuid', 'in', ids).execute();
    });
  }
}
