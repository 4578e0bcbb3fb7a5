/** The x a history is read along (the server's x_axis). */
export type HistoryAxis = 'step' | 'timestamp';

/** A series' points as columns, sorted by the axis (ties by the other column). */
export interface Columns {
  steps: number[];
  timestamps: number[];
  /** NaN and ±Infinity decoded. */
  values: number[];
}

export const emptyColumns = (): Columns => ({ steps: [], timestamps: [], values: [] });

/** Whether the point (step, timestamp) comes after the last point of `c` along the axis (ties by the other column). */
export function isAfterLast(c: Columns, axis: HistoryAxis, step: number, timestamp: number): boolean {
  const n = c.steps.length;
  if (n === 0) return true;
  const [x, y, lastX, lastY] =
    axis === 'step' ? [step, timestamp, c.steps[n - 1]!, c.timestamps[n - 1]!] : [timestamp, step, c.timestamps[n - 1]!, c.steps[n - 1]!];
  return x > lastX || (x === lastX && y > lastY);
}

export function push(c: Columns, p: { step: number; timestamp: number; value: number }) {
  c.steps.push(p.step);
  c.timestamps.push(p.timestamp);
  c.values.push(p.value);
}

/** First index whose x is >= value (or > value when `after`). */
export function bound(x: number[], value: number, after: boolean): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after ? x[mid]! <= value : x[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The base outside the zoomed range, and the detail inside it. */
export function mergeRange(base: Columns, detail: Columns | undefined, range: [number, number], axis: HistoryAxis): Columns {
  if (!detail) return base;
  const x = axis === 'step' ? base.steps : base.timestamps;
  const lo = bound(x, range[0], false);
  const hi = bound(x, range[1], true);
  const cat = (k: keyof Columns) => base[k].slice(0, lo).concat(detail[k], base[k].slice(hi));
  return { steps: cat('steps'), timestamps: cat('timestamps'), values: cat('values') };
}

