/** Percentile by nearest rank of an unsorted sample (p in 0..100). */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (sample: readonly number[]): number => percentile(sample, 50);

/** Rounds for reports: 3 decimals below 10, 1 below 1000, integers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const digits = a < 10 ? 3 : a < 1000 ? 1 : 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Milliseconds since `start` (from performance.now()). */
export const since = (start: number): number => performance.now() - start;
