import type { Kysely } from 'kysely';
import type { Migration } from '../../storage/index.js';

/** Datasets, their numbered versions (each a manifest object in the blob store) and tags. */
export const migration004Data: Migration = {
  name: '004-data',
  async up(db: Kysely<any>, dialect) {
    const pg = dialect === 'postgres';
    const bigint = pg ? 'bigint' : 'integer';
    const datasets = pg
      ? db.schema.createTable('data_sets').addColumn('dataset_id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : db.schema.createTable('data_sets').addColumn('dataset_id', 'integer', (c) => c.primaryKey().autoIncrement());
    await datasets
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_time', bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('data_versions')
      .addColumn('dataset_id', bigint, (c) => c.notNull().references('data_sets.dataset_id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('manifest_hash', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_time', bigint, (c) => c.notNull())
      .addColumn('parent', 'integer')
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('total_bytes', bigint, (c) => c.notNull())
      // The stored profile (an object), once computed.
      .addColumn('profile_hash', 'text')
      .addPrimaryKeyConstraint('data_versions_pk', ['dataset_id', 'version'])
      .execute();
    await db.schema.createIndex('data_versions_manifest').on('data_versions').column('manifest_hash').execute();
    await db.schema
      .createTable('data_tags')
      .addColumn('dataset_id', bigint, (c) => c.notNull().references('data_sets.dataset_id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('data_tags_pk', ['dataset_id', 'tag'])
      .execute();
  },
};
