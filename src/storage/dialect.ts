/** The two engines behind one Kysely: SQLite embedded, PostgreSQL to scale out. */
export type Dialect = 'sqlite' | 'postgres';
