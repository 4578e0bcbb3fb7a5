import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, testEngines } from '../../test/support/databases.js';
import { FlywheelError } from '../core/index.js';
import { openDatabase } from './database.js';
import { migrate } from './migration.js';

for (const engine of testEngines()) {
  const suite = engine.skip ? describe.skip : describe;
  suite(`migrations on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    it('apply every migration to an empty database once, and nothing on a second start', async () => {
      const database = await engine.open();
      try {
        const rows = await database.db.selectFrom('fw_migrations' as never).select('name' as never).execute();
        expect(rows.map((r) => (r as { name: string }).name)).toEqual(MIGRATIONS.map((m) => m.name));
        expect(await migrate(database.db, database.dialect, MIGRATIONS)).toEqual([]);
      } finally {
        await database.close();
      }
    });
  });
}

describe('openDatabase', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-db-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data in a SQLite file across reopening, in WAL mode', async () => {
    const url = `sqlite:${join(dir, 'nested', 'fw.db')}`;
    const first = await openDatabase(url, MIGRATIONS);
    expect(first.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    await first.db.insertInto('experiments').values({ name: 'kept', artifact_location: 'x', lifecycle_stage: 'active', creation_time: 1, last_update_time: 1 }).execute();
    await first.close();
    const second = await openDatabase(url, MIGRATIONS);
    const row = await second.db.selectFrom('experiments').select('name').where('name', '=', 'kept').executeTakeFirst();
    expect(row?.name).toBe('kept');
    await second.close();
  });

  it('reports an unreachable PostgreSQL as UNAVAILABLE without the password', async () => {
    const err = await openDatabase('postgres://user:secret@127.0.0.1:1/db', MIGRATIONS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlywheelError);
    expect((err as FlywheelError).code).toBe('UNAVAILABLE');
    expect((err as FlywheelError).message).not.toContain('secret');
  });
});
