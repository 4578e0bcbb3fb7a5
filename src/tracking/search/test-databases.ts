import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../../storage/index.js';

/**
 * The engines the search suites run on: SQLite always, PostgreSQL when FW_TEST_POSTGRES_URL
 * is set. Each `open()` gives a fresh, migrated database; on PostgreSQL that is a schema of
 * its own (dropped by `dispose`), so suites can share one server. Test-only.
 */
export interface TestDatabaseTarget {
  name: string;
  /** Why the target cannot run here, for `describe.skip`; undefined when it can. */
  skipReason: string | undefined;
  open(): Promise<TestDatabase>;
}

export interface TestDatabase {
  database: OpenDatabase;
  dispose(): Promise<void>;
}

export function testDatabaseTargets(): TestDatabaseTarget[] {
  const postgresUrl = process.env.FW_TEST_POSTGRES_URL;
  return [
    { name: 'SQLite', skipReason: undefined, open: openSqlite },
    {
      name: 'PostgreSQL',
      skipReason: postgresUrl ? undefined : 'set FW_TEST_POSTGRES_URL to run against PostgreSQL',
      open: () => openPostgresSchema(postgresUrl ?? ''),
    },
  ];
}

async function openSqlite(): Promise<TestDatabase> {
  const database = await openDatabase('sqlite::memory:');
  return { database, dispose: () => database.close() };
}

async function openPostgresSchema(url: string): Promise<TestDatabase> {
  const schema = `fw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  // The server applies the option to every pooled connection, so tables land in the schema.
  const options = encodeURIComponent(`-c search_path=${schema}`);
  let database: OpenDatabase;
  try {
    database = await openDatabase(`${url}${url.includes('?') ? '&' : '?'}options=${options}`);
  } catch (e) {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
    throw e;
  }
  return {
    database,
    dispose: async () => {
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
