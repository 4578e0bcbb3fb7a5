/**
 * Scalars as protobuf's JSON mapping writes them, which is what MLflow clients send:
 * int64 may be a number or a decimal string, a double may be a number, a numeric string,
 * or one of "NaN", "Infinity", "-Infinity" (JSON has no literal for those).
 */

const INT_STRING = /^-?\d+$/;
const FLOAT_STRING = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number an int64 field carries, or undefined when it is not an integer we can hold exactly. */
export function decodeInt64(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && INT_STRING.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** The number a double field carries (NaN and ±Infinity included), or undefined when it is not one. */
export function decodeDouble(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return FLOAT_STRING.test(value) ? Number(value) : undefined;
  }
}

/** A double as protobuf JSON writes it: NaN and ±Infinity have no JSON literal. */
export type WireDouble = number | 'NaN' | 'Infinity' | '-Infinity';

/** A double for a JSON response: a number, or the protobuf string for NaN and ±Infinity. */
export function encodeDouble(value: number): WireDouble {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** The number a response's double carries. */
export function doubleFromWire(value: WireDouble): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** The same as JSON text, for responses built as strings. */
export function doubleJson(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return '"NaN"';
  return value > 0 ? '"Infinity"' : '"-Infinity"';
}

/**
 * Length as MLflow (Python) counts it: in code points. JS `length` counts UTF-16 units, so
 * text with astral characters would otherwise hit a limit early; only long strings pay.
 */
export function exceedsLength(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  let count = 0;
  for (const _ of value) if (++count > limit) return true;
  return false;
}
