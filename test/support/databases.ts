import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS } from '../../src/server/migrations.js';
import { openDatabase, type OpenDatabase } from '../../src/storage/index.js';
import { requireOrSkip } from './requirements.js';

/**
 * The engines a store contract suite runs on: SQLite always (in memory), PostgreSQL when
 * FW_TEST_POSTGRES_URL points at a server (.ci/run starts one and sets it). Each PostgreSQL
 * database lives in a schema of its own, dropped when the test closes it.
 */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** Why the engine is skipped, when it is. */
  skip?: string;
  open(): Promise<OpenDatabase>;
}

/** Every domain's migrations, as the server composes them: a test database has the full schema. */
export { MIGRATIONS };

export const POSTGRES_URL = process.env.FW_TEST_POSTGRES_URL;

export function testEngines(): TestEngine[] {
  // CI starts every service; there a missing one is a broken pipeline, not a reason to skip.
  const skip = requireOrSkip(POSTGRES_URL ? undefined : 'set FW_TEST_POSTGRES_URL=postgres://... (or run .ci/run) to run against PostgreSQL');
  return [
    { name: 'sqlite', open: () => openDatabase('sqlite::memory:', MIGRATIONS) },
    POSTGRES_URL
      ? { name: 'postgres', open: () => openPostgresSchema(POSTGRES_URL) }
      : { name: 'postgres', skip, open: () => Promise.reject(new Error('skipped')) },
  ];
}

export async function openPostgresSchema(url: string): Promise<OpenDatabase> {
  const schema = `fw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const sep = url.includes('?') ? '&' : '?';
  const opened = await openDatabase(`${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`, MIGRATIONS);
  return {
    ...opened,
    close: async () => {
      await opened.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
