import type { PointColumns } from './metric-points.js';

/**
 * One metric series in memory as typed-array columns that grow by doubling: a million points
 * take 32 MB instead of the hundreds a million objects would, and appending the points
 * logged since the last read is cheap.
 */
export class GrowableSeries {
  /** The last chunk read into this series: later reads fetch only newer chunks. */
  lastChunkId = 0;
  steps = new Float64Array(16);
  timestamps = new Float64Array(16);
  values = new Float64Array(16);
  length = 0;
  /** Whether steps (timestamps) never decrease in logging order, so x needs no sort. */
  stepsSorted = true;
  timestampsSorted = true;

  get bytes(): number {
    return this.steps.length * 24;
  }

  append(cols: PointColumns): void {
    const n = cols.steps.length;
    if (n === 0) return;
    if (this.length + n > this.steps.length) this.grow(this.length + n);
    for (let i = 0; i < n; i++) {
      const at = this.length + i;
      const step = cols.steps[i]!;
      const ts = cols.timestamps[i]!;
      if (at > 0) {
        if (step < this.steps[at - 1]!) this.stepsSorted = false;
        if (ts < this.timestamps[at - 1]!) this.timestampsSorted = false;
      }
      this.steps[at] = step;
      this.timestamps[at] = ts;
      this.values[at] = cols.values[i]!;
    }
    this.length += n;
    this.lastChunkId = cols.lastChunkId;
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
