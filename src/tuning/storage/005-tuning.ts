import type { Kysely } from 'kysely';
import type { Migration } from '../../storage/index.js';

/**
 * Sweeps and their trials. A sweep keeps the YAML it was created from (shown back to users)
 * and the validated config as JSON (what the controller runs), so a later change to the
 * parser's defaults never changes a sweep already running.
 */
export const migration005Tuning: Migration = {
  name: '005-tuning',
  async up(db: Kysely<any>, dialect) {
    const pg = dialect === 'postgres';
    const bigint = pg ? 'bigint' : 'integer';
    const double = pg ? 'double precision' : 'real';
    await db.schema
      .createTable('sweeps')
      .addColumn('sweep_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('config_text', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('cwd', 'text', (c) => c.notNull())
      .addColumn('env', 'text', (c) => c.notNull())
      .addColumn('experiment_id', bigint, (c) => c.notNull())
      .addColumn('created_time', bigint, (c) => c.notNull())
      .addColumn('end_time', bigint)
      .execute();
    await db.schema.createIndex('sweeps_state').on('sweeps').columns(['state', 'created_time']).execute();
    await db.schema.createIndex('sweeps_created').on('sweeps').column('created_time').execute();

    await db.schema
      .createTable('sweep_trials')
      .addColumn('sweep_id', 'text', (c) => c.notNull().references('sweeps.sweep_id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('value', double)
      .addColumn('last_t', double)
      .addColumn('reports', 'integer', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('run_id', 'text')
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_time', bigint, (c) => c.notNull())
      .addColumn('end_time', bigint)
      .addPrimaryKeyConstraint('sweep_trials_pk', ['sweep_id', 'number'])
      .execute();
    await db.schema.createIndex('sweep_trials_state').on('sweep_trials').columns(['state', 'sweep_id']).execute();
  },
};
