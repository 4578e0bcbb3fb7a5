import { sql, type Kysely } from 'kysely';
import type { Migration } from '../../storage/index.js';

/** Experiments, runs, params, tags, metrics, dataset inputs and the artifact index. */
export const migration001Tracking: Migration = {
  name: '001-tracking',
  async up(db: Kysely<any>, dialect) {
    const pg = dialect === 'postgres';
    const bigint = pg ? 'bigint' : 'integer';
    // SQLite's INTEGER PRIMARY KEY is the rowid; PostgreSQL needs an identity column.
    const serialId = (name: string) => (t: any) =>
      pg
        ? t.addColumn(name, 'bigint', (c: any) => c.primaryKey().generatedByDefaultAsIdentity())
        : t.addColumn(name, 'integer', (c: any) => c.primaryKey().autoIncrement());
    // Artifact paths are compared bytewise so that prefix ranges list a folder on both engines.
    const pathType = pg ? sql`text collate "C"` : sql`text`;

    await serialId('experiment_id')(db.schema.createTable('experiments'))
      .addColumn('name', 'text', (c: any) => c.notNull().unique())
      .addColumn('artifact_location', 'text', (c: any) => c.notNull())
      .addColumn('lifecycle_stage', 'text', (c: any) => c.notNull())
      .addColumn('creation_time', bigint, (c: any) => c.notNull())
      .addColumn('last_update_time', bigint, (c: any) => c.notNull())
      .execute();

    await db.schema
      .createTable('experiment_tags')
      .addColumn('experiment_id', bigint, (c) => c.notNull().references('experiments.experiment_id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('run_uuid', 'text', (c) => c.primaryKey())
      .addColumn('experiment_id', bigint, (c) => c.notNull().references('experiments.experiment_id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('start_time', bigint, (c) => c.notNull())
      .addColumn('end_time', bigint)
      .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
      .addColumn('artifact_uri', 'text', (c) => c.notNull())
      .addColumn('deleted_time', bigint)
      .addColumn('job_id', 'text')
      .execute();
    await db.schema.createIndex('runs_experiment_start').on('runs').columns(['experiment_id', 'start_time']).execute();

    for (const table of ['params', 'tags']) {
      await db.schema
        .createTable(table)
        .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['run_uuid', 'key'])
        .execute();
      // Search filters by key and value across all runs of an experiment.
      await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
    }

    await serialId('series_id')(db.schema.createTable('metric_series'))
      .addColumn('run_uuid', 'text', (c: any) => c.notNull().references('runs.run_uuid').onDelete('cascade'))
      .addColumn('key', 'text', (c: any) => c.notNull())
      .addColumn('last_value', 'double precision')
      .addColumn('last_step', bigint, (c: any) => c.notNull())
      .addColumn('last_timestamp', bigint, (c: any) => c.notNull())
      .addColumn('point_count', bigint, (c: any) => c.notNull())
      .addUniqueConstraint('metric_series_run_key', ['run_uuid', 'key'])
      .execute();
    await db.schema.createIndex('metric_series_key_value').on('metric_series').columns(['key', 'last_value']).execute();

    // No foreign key on series_id: the check would cost a lookup on the hottest insert path;
    // chunks are removed together with their series by the store.
    await serialId('id')(db.schema.createTable('metric_chunks'))
      .addColumn('series_id', bigint, (c: any) => c.notNull())
      .addColumn('point_count', 'integer', (c: any) => c.notNull())
      .addColumn('data', pg ? 'bytea' : 'blob', (c: any) => c.notNull())
      .execute();
    // (series_id, id): a series' history in logging order, and its live tail past a cursor.
    await db.schema.createIndex('metric_chunks_series').on('metric_chunks').columns(['series_id', 'id']).execute();

    await serialId('dataset_id')(db.schema.createTable('datasets'))
      .addColumn('experiment_id', bigint, (c: any) => c.notNull().references('experiments.experiment_id'))
      .addColumn('name', 'text', (c: any) => c.notNull())
      .addColumn('digest', 'text', (c: any) => c.notNull())
      .addColumn('source_type', 'text', (c: any) => c.notNull())
      .addColumn('source', 'text', (c: any) => c.notNull())
      .addColumn('schema', 'text')
      .addColumn('profile', 'text')
      .addUniqueConstraint('datasets_identity', ['experiment_id', 'name', 'digest'])
      .execute();

    await db.schema
      .createTable('run_inputs')
      .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid').onDelete('cascade'))
      .addColumn('dataset_id', bigint, (c) => c.notNull().references('datasets.dataset_id'))
      .addColumn('tags', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_inputs_pk', ['run_uuid', 'dataset_id'])
      .execute();

    await db.schema
      .createTable('artifacts')
      .addColumn('path', pathType, (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('size', bigint, (c) => c.notNull())
      .addColumn('created_time', bigint, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('artifacts_hash').on('artifacts').column('hash').execute();
  },
};
