import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Metric } from '../types.js';
import { chunked } from './chunked.js';
import {
  decodeChunk,
  encodeChunk,
  fromStoredValue,
  groupByKey,
  joinChunks,
  reusedKeyError,
  toStoredValue,
  type PointColumns,
  type RequestKey,
  type SeriesRow,
} from './metric-points.js';
import type { MetricsStore, TailRow } from './metrics-store.js';

/**
 * Metric storage through Kysely: PostgreSQL's backend, and the base of the SQLite one,
 * which replaces only the write path. Each append is one transaction: series upserted in
 * key order (two writers to one run lock rows in the same order), one chunk per series,
 * and the latest point advanced with MLflow's rule (step, then timestamp, then value).
 */
export class KyselyMetricsStore implements MetricsStore {
  constructor(protected readonly db: Kysely<Database>) {}

  async append(runId: string, points: readonly Metric[], request?: RequestKey): Promise<void> {
    if (points.length === 0) return;
    const groups = groupByKey(points);
    await this.db.transaction().execute(async (trx) => {
      if (request !== undefined) {
        const fresh = await trx
          .insertInto('request_ids')
          .values({ request_id: request.id, digest: request.digest, created_time: Date.now() })
          .onConflict((oc) => oc.column('request_id').doNothing())
          .returning('request_id')
          .executeTakeFirst();
        if (!fresh) {
          const seen = await trx.selectFrom('request_ids').select('digest').where('request_id', '=', request.id).executeTakeFirst();
          if (seen && seen.digest !== request.digest) throw reusedKeyError(request.id);
          return;
        }
      }
      for (const key of [...groups.keys()].sort()) {
        const { points: own, latest } = groups.get(key)!;
        const seriesId = await this.advanceSeries(trx, runId, key, latest, own.length);
        await trx.insertInto('metric_chunks').values({ series_id: seriesId, point_count: own.length, data: Buffer.from(encodeChunk(own).buffer) }).execute();
      }
    });
  }

  private async advanceSeries(trx: Transaction<Database>, runId: string, key: string, latest: Metric, count: number): Promise<number> {
    const v = toStoredValue(latest.value);
    await trx
      .insertInto('metric_series')
      .values({ run_uuid: runId, key, last_value: v, last_step: latest.step, last_timestamp: latest.timestamp, point_count: 0 })
      .onConflict((oc) => oc.columns(['run_uuid', 'key']).doNothing())
      .execute();
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
    return row.series_id;
  }

  async pruneRequestIds(cutoff: number): Promise<number> {
    const res = await this.db.deleteFrom('request_ids').where('created_time', '<', cutoff).executeTakeFirst();
    return Number(res.numDeletedRows);
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

  async readPoints(seriesId: number, afterChunkId: number): Promise<PointColumns> {
    const rows = await this.db
      .selectFrom('metric_chunks')
      .select(['id', 'point_count', 'data'])
      .where('series_id', '=', seriesId)
      .where('id', '>', afterChunkId)
      .orderBy('id')
      .execute();
    return joinChunks(rows);
  }

  async tail(runIds: readonly string[], keys: readonly string[] | undefined, cursor: number, limit: number): Promise<TailRow[]> {
    const series = await this.findSeries(runIds, keys);
    if (series.length === 0) return [];
    const byId = new Map(series.map((s) => [s.seriesId, s]));
    const chunks: { id: number; series_id: number; point_count: number; data: Uint8Array }[] = [];
    for (const ids of chunked([...byId.keys()], 500)) {
      chunks.push(
        ...(await this.db
          .selectFrom('metric_chunks')
          .select(['id', 'series_id', 'point_count', 'data'])
          .where('series_id', 'in', ids)
          .where('id', '>', cursor)
          .orderBy('id')
          .limit(limit)
          .execute()),
      );
    }
    chunks.sort((a, b) => a.id - b.id);
    const rows: TailRow[] = [];
    for (const c of chunks) {
      if (rows.length > 0 && rows.length + c.point_count > limit) break;
      const s = byId.get(c.series_id)!;
      const cols = decodeChunk(c.data, c.point_count);
      for (let i = 0; i < c.point_count; i++) {
        rows.push({ chunkId: c.id, runId: s.runId, key: s.key, step: cols.steps[i]!, timestamp: cols.timestamps[i]!, value: cols.values[i]! });
      }
    }
    return rows;
  }

  async latest(runIds: readonly string[]): Promise<Map<string, Metric[]>> {
    const out = new Map<string, Metric[]>();
    for (const ids of chunked(runIds, 500)) {
      const rows = await this.db
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

  async deleteRuns(runIds: readonly string[]): Promise<void> {
    for (const ids of chunked(runIds, 500)) {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('metric_chunks')
          .where('series_id', 'in', (eb) => eb.selectFrom('metric_series').select('series_id').where('run_uuid', 'in', ids))
          .execute();
        await trx.deleteFrom('metric_series').where('run_uuid', 'in', ids).execute();
      });
    }
  }
}
