import type { Kysely } from 'kysely';
import type { Migration } from '../../storage/index.js';

/**
 * Jobs of the compute module, their labels (a table, so a label filter is an indexed join
 * on both engines instead of JSON functions that differ), and their state changes.
 */
export const migration003Compute: Migration = {
  name: '003-compute',
  async up(db: Kysely<any>, dialect) {
    const pg = dialect === 'postgres';
    const bigint = pg ? 'bigint' : 'integer';
    await db.schema
      .createTable('jobs')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      // JSON: the argv array, the environment object, the GPU indices per worker, the usage.
      .addColumn('command', 'text', (c) => c.notNull())
      .addColumn('cwd', 'text', (c) => c.notNull())
      .addColumn('env', 'text', (c) => c.notNull())
      .addColumn('cpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('gpus', 'integer', (c) => c.notNull())
      .addColumn('nodes', 'integer', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('executor', 'text', (c) => c.notNull())
      .addColumn('partition', 'text')
      .addColumn('timeout_seconds', 'integer')
      .addColumn('max_retries', 'integer', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('exit_code', 'integer')
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('experiment_id', bigint, (c) => c.notNull())
      .addColumn('created_time', bigint, (c) => c.notNull())
      // When the current attempt entered the queue: FIFO order and aging count from here.
      .addColumn('queued_time', bigint, (c) => c.notNull())
      .addColumn('start_time', bigint)
      .addColumn('end_time', bigint)
      .addColumn('host', 'text')
      .addColumn('gpu_indices', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('usage', 'text')
      .execute();
    await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'created_time']).execute();
    await db.schema.createIndex('jobs_created').on('jobs').column('created_time').execute();
    await db.schema.createIndex('jobs_run').on('jobs').column('run_id').execute();

    await db.schema
      .createTable('job_labels')
      .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.job_id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('job_labels_pk', ['job_id', 'key'])
      .execute();
    await db.schema.createIndex('job_labels_key_value').on('job_labels').columns(['key', 'value']).execute();

    const events = pg
      ? db.schema.createTable('job_events').addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : db.schema.createTable('job_events').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    await events
      .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.job_id').onDelete('cascade'))
      .addColumn('time', bigint, (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('exit_code', 'integer')
      .execute();
    await db.schema.createIndex('job_events_job').on('job_events').columns(['job_id', 'id']).execute();
  },
};
