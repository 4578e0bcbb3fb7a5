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
  steps: Float64Array = new Float64Array(16);
  timestamps: Float64Array = new Float64Array(16);
  values: Float64Array = new Float64Array(16);
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
    if (this.length === 0 && n > this.steps.length) {
      // The first read of a series: take the freshly decoded columns as they are, no copy.
      this.steps = cols.steps;
      this.timestamps = cols.timestamps;
      this.values = cols.values;
      this.length = n;
      this.checkSorted(0);
    } else if (n > 0) {
      if (this.length + n > this.steps.length) this.grow(this.length + n);
      const at = this.length;
      this.steps.set(cols.steps, at);
      this.timestamps.set(cols.timestamps, at);
      this.values.set(cols.values, at);
      this.length += n;
      this.checkSorted(at);
    }
    this.lastChunkId = cols.lastChunkId;
  }

  /** Notes whether points from `at` on keep each axis in non-decreasing order. */
  private checkSorted(at: number): void {
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

  /** Indices in x order (ties in logging order), or null when logging order is x order. */
  order(axis: Axis): Uint32Array | null {
    if (this.sorted[axis]) return null;
    const x = this.column(axis);
    const have = this.orders[axis];
    const from = have?.length ?? 0;
    if (from === this.length && have) return have;
    const fresh = naturalMergeSort(x, from, this.length);
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
  mergeInto(out, 0, a, 0, a.length, b, 0, b.length, x);
  return out;
}

function mergeInto(
  out: Uint32Array,
  at: number,
  a: Uint32Array,
  i: number,
  aEnd: number,
  b: Uint32Array,
  j: number,
  bEnd: number,
  x: Float64Array,
): void {
  let k = at;
  while (i < aEnd && j < bEnd) {
    const ai = a[i]!;
    const bj = b[j]!;
    out[k++] = x[ai]! < x[bj]! || (x[ai] === x[bj] && ai < bj) ? (i++, ai) : (j++, bj);
  }
  while (i < aEnd) out[k++] = a[i++]!;
  while (j < bEnd) out[k++] = b[j++]!;
}

/**
 * Indices [from, to) in x order, stable. A series out of step order is almost always a few
 * long ascending runs (batches that arrived late, concurrent writers), so the runs already
 * there are found and merged pairwise: O(n log runs) with no comparator calls, where a
 * general sort of a million indices costs several times more.
 */
export function naturalMergeSort(x: Float64Array, from: number, to: number): Uint32Array {
  const n = to - from;
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = from + i;
  // Boundaries of the ascending runs: run r is [starts[r], starts[r + 1]).
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (x[from + i]! < x[from + i - 1]!) starts.push(i);
  starts.push(n);
  let dst = new Uint32Array(n);
  let bounds = starts;
  while (bounds.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = r + 2 < bounds.length ? bounds[r + 2]! : mid;
      mergeInto(dst, lo, src, lo, mid, src, mid, hi, x);
      next.push(hi);
    }
    [src, dst] = [dst, src];
    bounds = next;
  }
  return src;
}
