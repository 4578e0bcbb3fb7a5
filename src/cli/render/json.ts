/**
 * `--json` output. NaN and the infinities become the strings "NaN", "Infinity", "-Infinity",
 * as in the MLflow API, because JSON.stringify would turn them into null.
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'number' || Number.isFinite(v)) return v;
      return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    },
    2,
  )}\n`;
}
