import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

/**
 * What a profile computes for a column of a type:
 * - `numeric`: min, max, mean, quantiles, histogram;
 * - `ordered` (text, temporal, UUID, enum): min, max and top values;
 * - `other` (boolean, blob, interval, nested types): top values only (min/max of a
 *   boolean or a struct fits no field of the profile and says little).
 * Every kind gets missing and distinct.
 */
export type ColumnKind = 'numeric' | 'ordered' | 'other';

const INTEGER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);

const FLOAT_TYPES = new Set<DuckDBTypeId>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

const ORDERED_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.VARCHAR,
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIME,
  DuckDBTypeId.TIME_NS,
  DuckDBTypeId.TIME_TZ,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.UUID,
  DuckDBTypeId.ENUM,
]);

export function columnKind(type: DuckDBType): ColumnKind {
  const id = type.typeId;
  if (INTEGER_TYPES.has(id) || FLOAT_TYPES.has(id) || id === DuckDBTypeId.DECIMAL) return 'numeric';
  return ORDERED_TYPES.has(id) ? 'ordered' : 'other';
}

export const isIntegerType = (type: DuckDBType): boolean => INTEGER_TYPES.has(type.typeId);
export const isFloatType = (type: DuckDBType): boolean => FLOAT_TYPES.has(type.typeId);
