import type { Kysely, Selectable } from 'kysely';
import type { TrackingTables as Database, RunsTable } from '../storage/index.js';
import type { DatasetInput, Metric, Param, Run, RunInfo, RunStatus, Tag } from '../types.js';
import { chunked } from './chunked.js';
import type { MetricsStore } from './metrics-store.js';

export const toRunInfo = (r: Selectable<RunsTable>): RunInfo => ({
  runId: r.run_uuid,
  runName: r.name,
  experimentId: String(r.experiment_id),
  userId: r.user_id,
  status: r.status as RunStatus,
  startTime: r.start_time,
  endTime: r.end_time,
  lifecycleStage: r.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
  artifactUri: r.artifact_uri,
  jobId: r.job_id,
});

function group<T extends { run_uuid: string }, U>(rows: T[], map: (r: T) => U): Map<string, U[]> {
  const out = new Map<string, U[]>();
  for (const r of rows) {
    let list = out.get(r.run_uuid);
    if (!list) out.set(r.run_uuid, (list = []));
    list.push(map(r));
  }
  return out;
}

/**
 * Turns run rows into full runs (params, tags, latest metrics, dataset inputs) with one
 * query per table per 500 runs, however many runs a search page holds.
 */
export async function hydrateRuns(db: Kysely<Database>, metrics: MetricsStore, rows: Selectable<RunsTable>[]): Promise<Run[]> {
  const ids = rows.map((r) => r.run_uuid);
  const params = new Map<string, Param[]>();
  const tags = new Map<string, Tag[]>();
  const inputs = new Map<string, DatasetInput[]>();
  for (const part of chunked(ids, 500)) {
    const [p, t, i] = await Promise.all([
      db.selectFrom('params').selectAll().where('run_uuid', 'in', part).orderBy('key').execute(),
      db.selectFrom('tags').selectAll().where('run_uuid', 'in', part).orderBy('key').execute(),
      db
        .selectFrom('run_inputs')
        .innerJoin('datasets', 'datasets.dataset_id', 'run_inputs.dataset_id')
        .selectAll()
        .where('run_inputs.run_uuid', 'in', part)
        .execute(),
    ]);
    for (const [k, v] of group(p, (r) => ({ key: r.key, value: r.value }))) params.set(k, v);
    for (const [k, v] of group(t, (r) => ({ key: r.key, value: r.value }))) tags.set(k, v);
    for (const [k, v] of group(i, (r) => ({
      dataset: {
        name: r.name,
        digest: r.digest,
        sourceType: r.source_type,
        source: r.source,
        ...(r.schema === null ? {} : { schema: r.schema }),
        ...(r.profile === null ? {} : { profile: r.profile }),
      },
      tags: JSON.parse(r.tags) as Tag[],
    })))
      inputs.set(k, v);
  }
  const latest: Map<string, Metric[]> = ids.length > 0 ? await metrics.latest(ids) : new Map();
  return rows.map((r) => ({
    info: toRunInfo(r),
    data: { metrics: latest.get(r.run_uuid) ?? [], params: params.get(r.run_uuid) ?? [], tags: tags.get(r.run_uuid) ?? [] },
    inputs: { datasetInputs: inputs.get(r.run_uuid) ?? [] },
  }));
}
