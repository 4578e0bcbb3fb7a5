import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect.js';

/**
 * One schema change of one domain, kept in that domain's `storage/` folder. Names are numbered
 * in one sequence across all domains; the runner applies them in name order.
 */
export interface Migration {
  /** Numbered, forward-only: '001-tracking'. */
  name: string;
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/**
 * Applies the migrations not yet recorded in fw_migrations, each in its own transaction,
 * in name order. On PostgreSQL an advisory lock keeps two servers starting at once from
 * racing each other.
 */
export async function migrate(db: Kysely<any>, dialect: Dialect, migrations: readonly Migration[]): Promise<string[]> {
  await db.schema
    .createTable('fw_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_time', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
    .execute();
  const applied: string[] = [];
  const sorted = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  for (const m of sorted) {
    const done = await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(2034117)`.execute(trx);
      const row = await trx.selectFrom('fw_migrations').select('name').where('name', '=', m.name).executeTakeFirst();
      if (row) return false;
      await m.up(trx, dialect);
      await trx.insertInto('fw_migrations').values({ name: m.name, applied_time: Date.now() }).execute();
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
