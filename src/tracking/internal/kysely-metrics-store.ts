import { sql, type Kysely, type Transaction } from 'kysely';
import type { TrackingTables as Database } from '../storage/index.js';
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
import type { MetricsStore, RunBatch, TailRow } from './metrics-store.js';
import { changedParamError, renamedTo } from './run-batch-rules.js';

/**
 * Metric storage through Kysely: PostgreSQL's backend, and the base of the SQLite one,
 * which replaces only the write path. Each batch is one transaction: params, tags, then
 * series upserted in key order (two writers to one run lock rows in the same order), one
 * chunk per series, and the latest point advanced with MLflow's rule (step, then
 * timestamp, then value).
 */
export class KyselyMetricsStore implements MetricsStore {
  constructor(protected readonly db: Kysely<Database>) {}

  async writeBatch({ runId, params, tags, metrics, request }: RunBatch): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (params.size > 0) await writeParams(trx, runId, params);
      if (tags.size > 0) await writeTags(trx, runId, tags);
      if (metrics.length > 0) await this.appendPoints(trx, runId, metrics, request);
    });
  }

  private async appendPoints(trx: Transaction<Database>, runId: string, points: readonly Metric[], request: RequestKey | undefined): Promise<void> {
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
    const groups = groupByKey(points);
    for (const key of [...groups.keys()].sort()) {
      const { points: own, latest } = groups.get(key)!;
      const seriesId = await this.advanceSeries(trx, runId, key, latest, own.length);
      await trx.insertInto('metric_chunks').values({ series_id: seriesId, point_count: own.length, data: Buffer.from(encodeChunk(own).buffer) }).execute();
    }
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
        // eb.val: Kysely writes a bare number given to `then` into the SQL text, and the text
        // of Infinity is a column name to PostgreSQL (the 500 of log-metric with "Infinity").
        return {
          point_count: sql<number>`point_count + ${count}`,
          last_value: eb.case().when(later).then(eb.val(v)).else(eb.ref('last_value')).end(),
          last_step: eb.case().when(later).then(eb.val(latest.step)).else(eb.ref('last_step')).end(),
          last_timestamp: eb.case().when(later).then(eb.val(latest.timestamp)).else(eb.ref('last_timestamp')).end(),
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

/**
 * Params are write-once. A key another writer inserts between our read and our insert is
 * read again after the insert skipped it, so a race is refused like any changed value.
 */
async function writeParams(trx: Transaction<Database>, runId: string, params: ReadonlyMap<string, string>): Promise<void> {
  const check = async (keys: string[]): Promise<Set<string>> => {
    const stored = await trx.selectFrom('params').select(['key', 'value']).where('run_uuid', '=', runId).where('key', 'in', keys).execute();
    for (const { key, value } of stored) if (params.get(key) !== value) throw changedParamError(runId, key, value, params.get(key)!);
    return new Set(stored.map((p) => p.key));
  };
  const present = await check([...params.keys()]);
  const fresh = [...params].filter(([key]) => !present.has(key));
  if (fresh.length === 0) return;
  const inserted = await trx
    .insertInto('params')
    .values(fresh.map(([key, value]) => ({ run_uuid: runId, key, value })))
    .onConflict((oc) => oc.columns(['run_uuid', 'key']).doNothing())
    .returning('key')
    .execute();
  if (inserted.length < fresh.length) {
    const done = new Set(inserted.map((p) => p.key));
    await check(fresh.map(([key]) => key).filter((key) => !done.has(key)));
  }
}

async function writeTags(trx: Transaction<Database>, runId: string, tags: ReadonlyMap<string, string>): Promise<void> {
  await trx
    .insertInto('tags')
    .values([...tags].map(([key, value]) => ({ run_uuid: runId, key, value })))
    .onConflict((oc) => oc.columns(['run_uuid', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
  const name = renamedTo(tags);
  if (name !== undefined) await trx.updateTable('runs').set({ name }).where('run_uuid', '=', runId).execute();
}
