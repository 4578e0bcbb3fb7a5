import type { OrderByItemBuilder } from 'kysely';
import type { Dialect } from '../../storage/index.js';

/**
 * PostgreSQL sorts text by the database's locale, SQLite by bytes; ordering with collation
 * "C" on PostgreSQL makes both engines agree, so a page boundary does not depend on the engine.
 */
export function textOrder(dialect: Dialect): (ob: OrderByItemBuilder) => OrderByItemBuilder {
  return dialect === 'postgres' ? (ob) => ob.collate('C') : (ob) => ob;
}
