/**
 * JSON has no NaN or Infinity (JSON.stringify writes `null`, which would silently lose the
 * value). MLflow's REST API uses protobuf's JSON mapping, which writes them as the strings
 * "NaN", "Infinity" and "-Infinity"; we do the same both ways.
 */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function encodeNumber(value: number): WireNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/**
 * Reads a number from a JSON value. Besides the three special strings it accepts decimal
 * strings, because protobuf's JSON mapping may write 64-bit integers (timestamps, steps)
 * as strings. Anything else is NaN, so a malformed value shows up instead of throwing
 * deep inside a listing.
 */
export function decodeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    switch (value) {
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      default: {
        const trimmed = value.trim();
        return trimmed === '' ? NaN : Number(trimmed);
      }
    }
  }
  return NaN;
}

/** `decodeNumber` for optional fields: absent or null stays null. */
export function decodeOptionalNumber(value: unknown): number | null {
  return value === undefined || value === null ? null : decodeNumber(value);
}
