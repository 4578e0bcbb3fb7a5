import type { Kysely } from 'kysely';
import type { Migration } from '../../storage/index.js';

/**
 * The model registry: registered models, their numbered versions (each a manifest object of
 * files in the blob store), tags of both, aliases, and every alias change (promotion history).
 * Children refer to models by name, cascading on delete; a rename updates them in the same
 * transaction.
 */
export const migration006Registry: Migration = {
  name: '006-registry',
  async up(db: Kysely<any>, dialect) {
    const pg = dialect === 'postgres';
    const bigint = pg ? 'bigint' : 'integer';
    await db.schema
      .createTable('registered_models')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('creation_time', bigint, (c) => c.notNull())
      .addColumn('last_updated_time', bigint, (c) => c.notNull())
      // The highest version number ever given: numbers are not reused after a delete (MLflow's rule).
      .addColumn('last_version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('registered_model_tags')
      .addColumn('name', 'text', (c) => c.notNull().references('registered_models.name').onDelete('cascade').onUpdate('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('registered_model_tags_pk', ['name', 'key'])
      .execute();
    await db.schema
      .createTable('model_versions')
      .addColumn('name', 'text', (c) => c.notNull().references('registered_models.name').onDelete('cascade').onUpdate('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('creation_time', bigint, (c) => c.notNull())
      .addColumn('last_updated_time', bigint, (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_message', 'text', (c) => c.notNull())
      .addColumn('current_stage', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('datasets', 'text', (c) => c.notNull())
      .addColumn('manifest_hash', 'text', (c) => c.notNull())
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('size_bytes', bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('model_versions_pk', ['name', 'version'])
      .execute();
    await db.schema.createIndex('model_versions_run').on('model_versions').column('run_id').execute();
    await db.schema
      .createTable('model_version_tags')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('model_version_tags_pk', ['name', 'version', 'key'])
      .addForeignKeyConstraint('model_version_tags_fk', ['name', 'version'], 'model_versions', ['name', 'version'], (c) =>
        c.onDelete('cascade').onUpdate('cascade'),
      )
      .execute();
    await db.schema
      .createTable('model_aliases')
      .addColumn('name', 'text', (c) => c.notNull().references('registered_models.name').onDelete('cascade').onUpdate('cascade'))
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('model_aliases_pk', ['name', 'alias'])
      .execute();
    // History outlives what it describes: no foreign key, so a deleted model's events stay
    // readable until a model of that name is deleted again (the store removes them then).
    const events = pg
      ? db.schema.createTable('model_alias_events').addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : db.schema.createTable('model_alias_events').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    await events
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_version', 'integer')
      .addColumn('to_version', 'integer')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('time', bigint, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('model_alias_events_name').on('model_alias_events').columns(['name', 'id']).execute();
  },
};
