import type { Kysely } from 'kysely';
import type { Migration } from '../../storage/index.js';

/**
 * Idempotency keys of metric writes. A client that retries a log-batch after a lost answer
 * sends the same key; the write is recorded in the same transaction as its points, so a
 * retry of a write that did land is acknowledged without storing the points twice.
 */
export const migration002RequestIds: Migration = {
  name: '002-request-ids',
  async up(db: Kysely<any>, dialect) {
    await db.schema
      .createTable('request_ids')
      .addColumn('request_id', 'text', (c) => c.primaryKey())
      // sha256 of the run id and the points: a key reused for other content is refused.
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('created_time', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('request_ids_created').on('request_ids').column('created_time').execute();
  },
};
