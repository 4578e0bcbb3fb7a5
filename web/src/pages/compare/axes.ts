import { formatNumber } from '../../lib/format';
import { naturalCompare } from './compare-data';
import { clip, extent, linearScale, niceTicks } from './scale';

export interface AxisTick {
  /** Pixel position along the axis. */
  pos: number;
  label: string;
  /** The full text when the label is clipped. */
  title?: string;
}

export interface NumericAxis {
  kind: 'linear' | 'log';
  ticks: AxisTick[];
  pos: (v: number) => number;
}

export interface CategoricalAxis {
  kind: 'categorical';
  ticks: AxisTick[];
  /** The position of a category (its band's middle when banded). */
  pos: (category: string) => number;
  /** The width of one category's band in pixels (0 when not banded). */
  band: number;
}

// Values spanning two or more orders of magnitude (learning rates, weight decays) read
// better on a log axis; a linear one would squash all but the largest against zero.
const LOG_RATIO = 100;

function logTicks(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const mults = last - first <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = first; e <= last; e++) for (const m of mults) out.push(Number((m * 10 ** e).toPrecision(6)));
  return out.filter((v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9));
}

/** A linear axis over the values, or a log one when they are positive and span two decades. */
export function numericAxis(values: readonly number[], range: readonly [number, number], tickCount = 5): NumericAxis {
  const [lo, hi] = extent(values);
  if (values.length > 0 && lo > 0 && hi / lo >= LOG_RATIO) {
    const scale = linearScale([Math.log10(lo), Math.log10(hi)], range);
    const pos = (v: number) => scale(Math.log10(v));
    return { kind: 'log', pos, ticks: logTicks(lo, hi).map((v) => ({ pos: pos(v), label: formatNumber(v) })) };
  }
  const pos = linearScale([lo, hi], range);
  return { kind: 'linear', pos, ticks: niceTicks(lo, hi, tickCount).map((v) => ({ pos: pos(v), label: formatNumber(v) })) };
}

/**
 * Categories spread evenly along the range in natural order: at points from end to end
 * (parallel coordinates), or at the middles of equal bands (a scatter's x axis).
 */
export function categoricalAxis(categories: Iterable<string>, range: readonly [number, number], options: { banded: boolean; maxLabel?: number }): CategoricalAxis {
  const sorted = [...new Set(categories)].sort(naturalCompare);
  const [r0, r1] = range;
  const n = sorted.length;
  const index = new Map(sorted.map((c, i) => [c, i]));
  let band = 0;
  let at: (i: number) => number;
  if (options.banded) {
    band = (r1 - r0) / Math.max(1, n);
    at = (i) => r0 + band * (i + 0.5);
  } else {
    at = n <= 1 ? () => (r0 + r1) / 2 : (i) => r0 + ((r1 - r0) * i) / (n - 1);
  }
  const max = options.maxLabel ?? 14;
  return {
    kind: 'categorical',
    band: Math.abs(band),
    pos: (c) => at(index.get(c) ?? 0),
    ticks: sorted.map((c, i) => ({ pos: at(i), label: clip(c, max), ...(c.length > max ? { title: c } : {}) })),
  };
}
