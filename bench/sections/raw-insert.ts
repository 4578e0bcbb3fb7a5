import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/server/migrations.js';
import { FsBlobStore, openDatabase, type OpenDatabase } from '../../src/storage/index.js';
import { createTrackingService, type TrackingService } from '../../src/tracking/index.js';
import { batchPoints, keyNames, type Point } from '../support/batches.js';
import { round, since } from '../support/stats.js';

export interface RawInsertResult {
  /** service.logBatch awaited one batch at a time: validation, active-run check, group commit, chunk encoding. */
  serviceSequential: number;
  /** service.logBatch with 4 batches in flight (4 runs), as 4 HTTP clients would be. */
  serviceConcurrent4: number;
  /** The chunk rows alone through better-sqlite3 prepared statements, one transaction per batch. */
  preparedStatements: number;
  /** The larger of the above: the in-process limit the HTTP figure is compared to. */
  limit: number;
}

const KEYS = keyNames(10);
const STEPS = 100;
const DISTINCT_BATCHES = 100;
const WARMUP_MS = 500;

/**
 * Points per second that the same 1000-point batches reach in-process on a fresh SQLite
 * database with the tracking schema: through the tracking service, and as the bare
 * statements the SQLite metrics store runs (src/tracking/internal/sqlite-metrics-store.ts).
 */
export async function measureRawInsert(options: { seconds: number }): Promise<RawInsertResult> {
  const batches = Array.from({ length: DISTINCT_BATCHES }, (_, batch) => batchPoints({ keys: KEYS, steps: STEPS, batch }));
  const serviceSequential = await withService(async (service, runIds) => {
    const runId = runIds[0]!;
    let n = 0;
    return timeLoop(options.seconds, async () => {
      await service.logBatch({ runId, metrics: batches[n++ % batches.length]! });
    });
  });
  const serviceConcurrent4 = await withService(async (service, runIds) => {
    let n = 0;
    return timeLoop(options.seconds, async () => {
      await Promise.all(runIds.map((runId) => service.logBatch({ runId, metrics: batches[n++ % batches.length]! })));
    }, runIds.length);
  });
  const preparedStatements = await withService(async (_service, runIds, database) =>
    preparedStatementRate(database, runIds[0]!, batches, options.seconds),
  );
  return {
    serviceSequential: round(serviceSequential),
    serviceConcurrent4: round(serviceConcurrent4),
    preparedStatements: round(preparedStatements),
    limit: round(Math.max(serviceSequential, serviceConcurrent4, preparedStatements)),
  };
}

/** A fresh database and tracking service with one experiment and four runs. */
async function withService<T>(fn: (service: TrackingService, runIds: string[], database: OpenDatabase) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-raw-'));
  const database = await openDatabase(`sqlite:${join(dir, 'x.db')}`, MIGRATIONS);
  try {
    const service = await createTrackingService({ database, blobs: new FsBlobStore(join(dir, 'blobs')) });
    const experimentId = await service.createExperiment({ name: 'raw-insert' });
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) runIds.push((await service.createRun({ experimentId, runName: `raw-${i}` })).info.runId);
    return await fn(service, runIds, database);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `step` (which writes `batchesPerStep` 1000-point batches) for a warm-up and then `seconds`; points/s. */
async function timeLoop(seconds: number, step: () => Promise<void> | void, batchesPerStep = 1): Promise<number> {
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) await step();
  let batches = 0;
  const start = performance.now();
  while (since(start) < seconds * 1000) {
    await step();
    batches += batchesPerStep;
  }
  return (batches * KEYS.length * STEPS) / (since(start) / 1000);
}

// Verbatim from SqliteMetricsStore: the series update with MLflow's latest-point rule, and the chunk insert.
const LATER = `(last_step < @step OR (last_step = @step AND (last_timestamp < @timestamp OR
  (last_timestamp = @timestamp AND @value IS NOT NULL AND (last_value IS NULL OR last_value <= @value)))))`;
const ADVANCE = `UPDATE metric_series SET point_count = point_count + @count,
           last_value = CASE WHEN ${LATER} THEN @value ELSE last_value END,
           last_timestamp = CASE WHEN ${LATER} THEN @timestamp ELSE last_timestamp END,
           last_step = CASE WHEN ${LATER} THEN @step ELSE last_step END
         WHERE series_id = @id`;

interface SeriesWrite {
  id: number;
  count: number;
  latest: Point;
  data: Buffer;
}

async function preparedStatementRate(database: OpenDatabase, runId: string, batches: Point[][], seconds: number): Promise<number> {
  const sqlite = database.sqlite;
  if (!sqlite) throw new Error('the raw insert benchmark needs SQLite');
  const ids = new Map<string, number>();
  for (const key of KEYS) {
    sqlite
      .prepare('INSERT INTO metric_series (run_uuid, key, last_value, last_step, last_timestamp, point_count) VALUES (?, ?, 0, 0, 0, 0)')
      .run(runId, key);
    ids.set(key, sqlite.prepare('SELECT series_id FROM metric_series WHERE run_uuid = ? AND key = ?').pluck().get(runId, key) as number);
  }
  // Encoded up front, exactly as encodeChunk lays them out: this measures SQLite, not JS.
  const writes: SeriesWrite[][] = batches.map((points) =>
    KEYS.map((key) => {
      const own = points.filter((p) => p.key === key);
      const n = own.length;
      const cols = new Float64Array(n * 3);
      own.forEach((p, i) => {
        cols[i] = p.step;
        cols[n + i] = p.timestamp;
        cols[2 * n + i] = p.value;
      });
      return { id: ids.get(key)!, count: n, latest: own[n - 1]!, data: Buffer.from(cols.buffer) };
    }),
  );
  const advance = sqlite.prepare(ADVANCE);
  const insertChunk = sqlite.prepare('INSERT INTO metric_chunks (series_id, point_count, data) VALUES (?, ?, ?)');
  const writeBatch = sqlite.transaction((batch: SeriesWrite[]) => {
    for (const w of batch) {
      advance.run({ count: w.count, value: w.latest.value, timestamp: w.latest.timestamp, step: w.latest.step, id: w.id });
      insertChunk.run(w.id, w.count, w.data);
    }
  });
  let n = 0;
  return timeLoop(seconds, () => writeBatch(writes[n++ % writes.length]!));
}
