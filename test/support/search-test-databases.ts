import type { OpenDatabase } from '../../src/storage/index.js';
import { testEngines } from './databases.js';

/** The search suites' view of the shared test engines (test/support/databases.ts). */
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
  return testEngines().map((engine) => ({
    name: engine.name === 'sqlite' ? 'SQLite' : 'PostgreSQL',
    skipReason: engine.skip,
    open: async () => {
      const database = await engine.open();
      return { database, dispose: () => database.close() };
    },
  }));
}
