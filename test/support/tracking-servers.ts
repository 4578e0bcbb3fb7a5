import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadServerConfig, silentLogger } from '../../src/core/index.js';
import { startServer } from '../../src/server/index.js';
import { testEngines, POSTGRES_URL, type TestEngine } from './databases.js';

/** A real Flywheel server over one database engine, for suites that speak HTTP to it. */
export interface ServerTarget {
  name: TestEngine['name'];
  /** Why the engine is skipped, when it is (see testEngines). */
  skip?: string | undefined;
  start(): Promise<{ url: string; close(): Promise<void> }>;
}

/**
 * One server target per test engine: SQLite in a temp data folder, PostgreSQL in a schema
 * of its own (dropped on close), both with SLURM off so nothing probes the machine.
 */
export function serverTargets(): ServerTarget[] {
  return testEngines().map((engine) => ({
    name: engine.name,
    skip: engine.skip,
    start: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), `fw-http-${engine.name}-`));
      const schema = engine.name === 'postgres' ? await createSchema() : undefined;
      try {
        const server = await startServer(
          loadServerConfig({ port: 0, dataDir, slurm: 'off', ...(schema ? { databaseUrl: schemaUrl(schema) } : {}) }),
          { logger: silentLogger },
        );
        return {
          url: server.url,
          close: async () => {
            await server.close();
            if (schema) await dropSchema(schema);
            await rm(dataDir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        if (schema) await dropSchema(schema);
        await rm(dataDir, { recursive: true, force: true });
        throw e;
      }
    },
  }));
}

const schemaUrl = (schema: string): string =>
  `${POSTGRES_URL}${POSTGRES_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function createSchema(): Promise<string> {
  const schema = `fw_http_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  return schema;
}

const dropSchema = (schema: string): Promise<void> => adminQuery(`drop schema ${schema} cascade`);
