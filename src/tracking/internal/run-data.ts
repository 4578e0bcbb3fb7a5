import type { Kysely } from 'kysely';
import { invalidArgument, notFound } from '../../core/index.js';
import type { TrackingTables as Database } from '../storage/index.js';
import type { DatasetInput, LogBatchRequest, Param } from '../types.js';
import { requestDigest } from './metric-points.js';
import type { MetricsStore } from './metrics-store.js';
import type { Runs } from './runs.js';
import { requireStorableText, validateBatchSize, validateMetrics, validateParams, validateTags } from './validation.js';

/**
 * Writes what a run logs: params (write-once), tags, metrics and dataset inputs. A log-batch
 * is validated whole before anything is written, then written in one transaction.
 */
export class RunData {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runs: Runs,
    private readonly metrics: MetricsStore,
  ) {}

  async logBatch(req: LogBatchRequest): Promise<void> {
    const metrics = req.metrics ?? [];
    const params = req.params ?? [];
    const tags = req.tags ?? [];
    if (req.requestId !== undefined && (typeof req.requestId !== 'string' || req.requestId.length === 0 || req.requestId.length > 200)) {
      throw invalidArgument('an idempotency key must be a string of 1 to 200 characters');
    }
    validateBatchSize({ metrics: metrics.length, params: params.length, tags: tags.length });
    validateMetrics(metrics);
    validateParams(params);
    validateTags(tags);
    const paramMap = paramsByKey(params);
    const run = await this.runs.requireActive(req.runId);
    if (metrics.length === 0 && params.length === 0 && tags.length === 0) return;
    await this.metrics.writeBatch({
      runId: run.run_uuid,
      params: paramMap,
      // Last value wins within one request; one statement may not touch a row twice on PostgreSQL.
      tags: new Map(tags.map((t) => [t.key, t.value])),
      metrics,
      ...(req.requestId !== undefined && metrics.length > 0 ? { request: { id: req.requestId, digest: requestDigest(run.run_uuid, metrics) } } : {}),
    });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    const run = await this.runs.requireActive(runId);
    if (typeof key !== 'string' || key === '') throw invalidArgument("Missing value for required parameter 'key'");
    const res = await this.db.deleteFrom('tags').where('run_uuid', '=', run.run_uuid).where('key', '=', key).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound(`No tag with name: ${key} in run with id ${runId}`);
  }

  async logInputs(runId: string, inputs: readonly DatasetInput[]): Promise<void> {
    const run = await this.runs.requireActive(runId);
    inputs.forEach((input, i) => {
      const d = input?.dataset;
      for (const field of ['name', 'digest', 'sourceType', 'source'] as const) {
        if (!d || typeof d[field] !== 'string' || d[field] === '') {
          throw invalidArgument(`datasets[${i}].dataset.${field.replace('sourceType', 'source_type')} is required`);
        }
      }
      for (const field of ['name', 'digest', 'sourceType', 'source', 'schema', 'profile'] as const) {
        requireStorableText(d[field], `datasets[${i}].dataset.${field.replace('sourceType', 'source_type')}`);
      }
      validateTags(input.tags ?? [], `datasets[${i}].tags`);
    });
    await this.db.transaction().execute(async (trx) => {
      for (const { dataset: d, tags } of inputs) {
        await trx
          .insertInto('datasets')
          .values({
            experiment_id: run.experiment_id,
            name: d.name,
            digest: d.digest,
            source_type: d.sourceType,
            source: d.source,
            schema: d.schema ?? null,
            profile: d.profile ?? null,
          })
          .onConflict((oc) => oc.columns(['experiment_id', 'name', 'digest']).doNothing())
          .execute();
        const ds = await trx
          .selectFrom('datasets')
          .select('dataset_id')
          .where('experiment_id', '=', run.experiment_id)
          .where('name', '=', d.name)
          .where('digest', '=', d.digest)
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('run_inputs')
          .values({ run_uuid: run.run_uuid, dataset_id: ds.dataset_id, tags: JSON.stringify(tags ?? []) })
          .onConflict((oc) => oc.columns(['run_uuid', 'dataset_id']).doUpdateSet({ tags: JSON.stringify(tags ?? []) }))
          .execute();
      }
    });
  }
}

/** A batch's params by key; one key sent twice with different values is refused, as MLflow does. */
function paramsByKey(params: readonly Param[]): Map<string, string> {
  const wanted = new Map<string, string>();
  for (const p of params) {
    const prior = wanted.get(p.key);
    if (prior !== undefined && prior !== p.value) {
      throw invalidArgument(`Duplicate parameter keys have been submitted with different values: '${p.key}' ('${prior}' and '${p.value}')`);
    }
    wanted.set(p.key, p.value);
  }
  return wanted;
}
