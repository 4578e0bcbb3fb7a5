import {
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  dateFromTimestampTZValue,
  doubleFromDecimalValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/** A value that `JSON.stringify` writes without loss of meaning and without throwing. */
export type JsonSafe = null | boolean | number | string | JsonSafe[] | { [key: string]: JsonSafe };

/**
 * DuckDB values → JSON-safe values. Starts from the client's own JSON converter (which
 * already turns lists, structs and maps into arrays and objects) and changes what that one
 * gets wrong for our readers: it writes every BIGINT as a string, DECIMAL as a string and
 * timestamps as `2024-01-02 03:04:05`. Here integers are numbers while they are exact
 * (strings beyond 2^53), DECIMAL is a number, timestamps are ISO 8601 (with `Z` only when
 * DuckDB knows the zone), and NaN/±Infinity are the strings `NaN`, `Infinity`, `-Infinity`.
 *
 * Use with `reader.convertRows(jsonSafe)` or `reader.convertRowObjects(jsonSafe)`.
 */
export const jsonSafe: DuckDBValueConverter<JsonSafe> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return integerToJson(value as bigint);
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return numberToJson(value as number);
    case DuckDBTypeId.DECIMAL:
      return numberToJson(doubleFromDecimalValue(value));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      // No zone: ISO 8601 local form, keeping DuckDB's full sub-second precision.
      return String(value).replace(' ', 'T');
    case DuckDBTypeId.TIMESTAMP_TZ: {
      const date = dateFromTimestampTZValue(value);
      return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
    }
    default:
      return JsonDuckDBValueConverter(value, type, converter) as JsonSafe;
  }
};

/** Exact integers stay numbers; larger ones become strings rather than silently rounding. */
export function integerToJson(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n.toString();
}

function numberToJson(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}
