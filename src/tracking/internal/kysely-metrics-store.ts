import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Metric } from '../types.js';
import { chunked } from './chunked.js';
import { fromStoredValue, latestByKey, toStoredValue, type PointColumns, type SeriesRow } from './metric-points.js';
import type { MetricsStore, TailRow } from './metrics-store.js';
import { deleteSeriesOfRuns, latestFromSeries } from './sqlite-metrics-store.js';

/**
 * Metric storage through Kysely, for PostgreSQL (and any engine Kysely speaks). Each append
 * is one transaction: series upserted, points inserted in multi-row statements, and the
 * latest point advanced with the same rule as MLflow (step, then timestamp, then value).
 */
export class KyselyMetricsStore implements MetricsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(runId: string, points: readonly Metric[]): Promise<void> {
    if (points.length === 0) return;
    const perKey = latestByKey(points);
    await this.db.transaction().execute(async (trx) => {
      const ids = new Map<string, number>();
      // Sorted keys: two concurrent appends to one run lock the series rows in the same order.
      for (const key of [...perKey.keys()].sort()) {
        const { latest, count } = perKey.get(key)!;
        await trx
          .insertInto('metric_series')
          .values({
            run_uuid: runId,
            key,
            last_value: toStoredValue(latest.value),
            last_step: latest.step,
            last_timestamp: latest.timestamp,
            point_count: 0,
          })
          .onConflict((oc) => oc.columns(['run_uuid', 'key']).doNothing())
          .execute();
        const v = toStoredValue(latest.value);
        const row = await trx
          .updateTable('metric_series')
          .set((eb) => {
            const later = eb.or([
              eb('last_step', '<', latest.step),
              eb.and([
                eb('last_step', '=', latest.step),
                eb.or([
                  eb('last_timestamp', '<', latest.timestamp),
                  eb.and([
                    eb('last_timestamp', '=', latest.timestamp),
                    v === null ? eb.lit(false) : eb.or([eb('last_value', 'is', null), eb('last_value', '<=', v)]),
                  ]),
                ]),
              ]),
            ]);
            return {
              point_count: sql<number>`point_count + ${count}`,
              last_value: eb.case().when(later).then(v).else(eb.ref('last_value')).end(),
              last_step: eb.case().when(later).then(latest.step).else(eb.ref('last_step')).end(),
              last_timestamp: eb.case().when(later).then(latest.timestamp).else(eb.ref('last_timestamp')).end(),
            };
          })
          .where('run_uuid', '=', runId)
          .where('key', '=', key)
          .returning('series_id')
          .executeTakeFirstOrThrow();
        ids.set(key, row.series_id);
      }
      for (const part of chunked(points, 1000)) {
        await trx
          .insertInto('metric_points')
          .values(part.map((p) => ({ series_id: ids.get(p.key)!, step: p.step, timestamp: p.timestamp, value: toStoredValue(p.value) })))
          .execute();
      }
    });
  }

  async findSeries(runIds: readonly string[], keys?: readonly string[]): Promise<SeriesRow[]> {
    const out: SeriesRow[] = [];
    for (const ids of chunked(runIds, 500)) {
      let q = this.db.selectFrom('metric_series').select(['series_id', 'run_uuid', 'key', 'point_count']).where('run_uuid', 'in', ids);
      if (keys && keys.length > 0) q = q.where('key', 'in', [...keys]);
      for (const r of await q.execute()) out.push({ seriesId: r.series_id, runId: r.run_uuid, key: r.key, pointCount: r.point_count });
    }
    return out;
  }

  async readPoints(seriesId: number, afterId: number, limit?: number): Promise<PointColumns> {
    let q = this.db
      .selectFrom('metric_points')
      .select(['id', 'step', 'timestamp', 'value'])
      .where('series_id', '=', seriesId)
      .where('id', '>', afterId)
      .orderBy('id');
    if (limit !== undefined) q = q.limit(limit);
    const cols: PointColumns = { ids: [], steps: [], timestamps: [], values: [] };
    for (const r of await q.execute()) {
      cols.ids.push(r.id);
      cols.steps.push(r.step);
      cols.timestamps.push(r.timestamp);
      cols.values.push(fromStoredValue(r.value));
    }
    return cols;
  }

  async tail(runIds: readonly string[], keys: readonly string[] | undefined, cursor: number, limit: number): Promise<TailRow[]> {
    const rows: TailRow[] = [];
    for (const ids of chunked(runIds, 500)) {
      let q = this.db
        .selectFrom('metric_points as p')
        .innerJoin('metric_series as s', 's.series_id', 'p.series_id')
        .select(['p.id', 's.run_uuid', 's.key', 'p.step', 'p.timestamp', 'p.value'])
        .where('s.run_uuid', 'in', ids)
        .where('p.id', '>', cursor);
      if (keys && keys.length > 0) q = q.where('s.key', 'in', [...keys]);
      for (const r of await q.orderBy('p.id').limit(limit).execute()) {
        rows.push({ id: r.id, runId: r.run_uuid, key: r.key, step: r.step, timestamp: r.timestamp, value: fromStoredValue(r.value) });
      }
    }
    rows.sort((a, b) => a.id - b.id);
    return rows.slice(0, limit);
  }

  latest(runIds: readonly string[]): Promise<Map<string, Metric[]>> {
    return latestFromSeries(this.db, runIds);
  }

  deleteRuns(runIds: readonly string[]): Promise<void> {
    return deleteSeriesOfRuns(this.db, runIds);
  }
}
