import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { FlywheelError } from '../core/index.js';
import type { Dialect } from './dialect.js';
import { migrate, type Migration } from './migration.js';

/**
 * Storage knows no tables: each domain declares its own (`src/<domain>/storage/tables.ts`) and
 * types its handle `Kysely<ItsTables>`. The one connection is handed to every domain, and
 * Kysely's database type is invariant (a `Kysely<A & B>` is not a `Kysely<A>`), so the handle
 * is untyped until a domain takes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type AnyTables = any;

/**
 * An open metadata database. `sqlite` is set for the embedded backend so that the hottest
 * paths (metric ingest and history) can use prepared statements directly; everything else
 * goes through Kysely and runs unchanged on both engines.
 */
export interface OpenDatabase<DB = AnyTables> {
  dialect: Dialect;
  db: Kysely<DB>;
  sqlite?: BetterSqlite3.Database;
  /** A display form of the location, without credentials. */
  location: string;
  close(): Promise<void>;
}

// int8 columns (times, ids) come back as numbers: ms timestamps and row ids stay below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens the database at `url` and applies the migrations it has not recorded yet. The list
 * comes from the caller (every domain's, composed in src/server/migrations.ts), so storage
 * depends on no domain.
 */
export async function openDatabase(url: string, migrations: readonly Migration[]): Promise<OpenDatabase> {
  const opened = url.startsWith('postgres://') || url.startsWith('postgresql://') ? await openPostgres(url) : openSqlite(url);
  try {
    await migrate(opened.db, opened.dialect, migrations);
  } catch (e) {
    await opened.close();
    throw new FlywheelError('UNAVAILABLE', `could not migrate the database at ${opened.location}: ${(e as Error).message}`, { cause: e });
  }
  return opened;
}

function openSqlite(url: string): OpenDatabase {
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL with synchronous=NORMAL: a commit survives a crash of the process (the test kills the
  // server with SIGKILL); only a power loss can take back the last commits, as documented.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<AnyTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    location: file,
    close: async () => {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const location = url.replace(/\/\/[^@/]*@/, '//');
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end();
    throw new FlywheelError('UNAVAILABLE', `cannot reach PostgreSQL at ${location}: ${(e as Error).message}`, { cause: e });
  }
  const db = new Kysely<AnyTables>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', db, location, close: () => db.destroy() };
}
