import type { PointColumns } from './metric-points.js';

export type Axis = 'step' | 'timestamp';

/**
 * One metric series in memory as typed-array columns that grow by doubling: a million points
 * take 24 MB instead of the hundreds a million objects would, and appending the points
 * logged since the last read is a few memcpys.
 *
 * Charts want points in x order. Most series are logged in step order, and then the logging
 * order is the x order; otherwise the sorted permutation is kept and extended by merging in
 * the newly appended points, so a live, out-of-order series is not re-sorted on every read.
 */
export class GrowableSeries {
  /** The last chunk read into this series: later reads fetch only newer chunks. */
  lastChunkId = 0;
  steps = new Float64Array(16);
  timestamps = new Float64Array(16);
  values = new Float64Array(16);
  length = 0;
  private readonly sorted: Record<Axis, boolean> = { step: true, timestamp: true };
  private readonly orders: Partial<Record<Axis, Uint32Array>> = {};

  get bytes(): number {
    return this.steps.length * 24 + (this.orders.step?.byteLength ?? 0) + (this.orders.timestamp?.byteLength ?? 0);
  }

  column(axis: Axis): Float64Array {
    return axis === 'step' ? this.steps : this.timestamps;
  }

  append(cols: PointColumns): void {
    const n = cols.steps.length;
    if (n > 0) {
      if (this.length + n > this.steps.length) this.grow(this.length + n);
      const at = this.length;
      this.steps.set(cols.steps, at);
      this.timestamps.set(cols.timestamps, at);
      this.values.set(cols.values, at);
      this.length += n;
      for (const axis of ['step', 'timestamp'] as const) {
        if (!this.sorted[axis]) continue;
        const x = this.column(axis);
        for (let i = Math.max(1, at); i < this.length; i++) {
          if (x[i]! < x[i - 1]!) {
            this.sorted[axis] = false;
            break;
          }
        }
      }
    }
    this.lastChunkId = cols.lastChunkId;
  }

  /** Indices in x order (ties in logging order), or null when logging order is x order. */
  order(axis: Axis): Uint32Array | null {
    if (this.sorted[axis]) return null;
    const x = this.column(axis);
    const have = this.orders[axis];
    const from = have?.length ?? 0;
    if (from === this.length && have) return have;
    const fresh = new Uint32Array(this.length - from);
    for (let i = 0; i < fresh.length; i++) fresh[i] = from + i;
    fresh.sort((a, b) => x[a]! - x[b]! || a - b);
    const merged = have ? mergeByX(have, fresh, x) : fresh;
    this.orders[axis] = merged;
    return merged;
  }

  private grow(min: number): void {
    let cap = this.steps.length;
    while (cap < min) cap *= 2;
    const copy = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.steps = copy(this.steps);
    this.timestamps = copy(this.timestamps);
    this.values = copy(this.values);
  }
}

/** Merges two index lists sorted by x; on equal x the earlier-logged (smaller index) first. */
function mergeByX(a: Uint32Array, b: Uint32Array, x: Float64Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const ai = a[i]!;
    const bj = b[j]!;
    out[k++] = x[ai]! < x[bj]! || (x[ai] === x[bj] && ai < bj) ? (i++, ai) : (j++, bj);
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
