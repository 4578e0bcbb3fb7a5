import type { ParamValue, ParameterSpec } from '../../../api/sweeps-types';
import { formatNumber } from '../../../lib/format';
import { extent, linearScale, niceTicks } from '../../compare/scale';
import { formatParam } from '../../sweeps/sweep-format';

export interface PcTick {
  /** Pixel y on the axis. */
  pos: number;
  label: string;
}

export interface PcScale {
  kind: 'linear' | 'log' | 'categorical';
  ticks: PcTick[];
  /** A value's pixel y, or undefined when the axis cannot place it (missing, or ≤ 0 on a log axis). */
  pos: (v: ParamValue | undefined) => number | undefined;
}

/** [bottom, top] in pixels, or [top, bottom] to turn an axis upside down. */
export type PixelRange = readonly [number, number];

const asNumber = (v: ParamValue | undefined): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

export function linearAxis(domain: readonly [number, number], range: PixelRange, tickCount = 5): PcScale {
  const [lo, hi] = domain[0] === domain[1] ? extent([domain[0]]) : domain;
  const scale = linearScale([lo, hi], range);
  return {
    kind: 'linear',
    ticks: niceTicks(lo, hi, tickCount).map((v) => ({ pos: scale(v), label: formatNumber(v) })),
    pos: (v) => {
      const n = asNumber(v);
      return n === undefined ? undefined : scale(n);
    },
  };
}

/** Powers of ten inside [lo, hi]; with 1, 2 and 5 of each when the span is two decades or less. */
export function logTickValues(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const mults = last - first <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = first; e <= last; e++) for (const m of mults) out.push(Number((m * 10 ** e).toPrecision(6)));
  return out.filter((v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9));
}

/** "1e-4", "0.001", "0.02", "100": short enough for the margin beside an axis. */
export const logTickLabel = (v: number): string => (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential().replace('e+', 'e') : formatNumber(v));

/** A log10 axis over a positive domain; values ≤ 0 have no place on it. */
export function logAxis(domain: readonly [number, number], range: PixelRange): PcScale {
  const [lo, hi] = domain[0] === domain[1] ? [domain[0] / 10, domain[1] * 10] : domain;
  const scale = linearScale([Math.log10(lo), Math.log10(hi)], range);
  return {
    kind: 'log',
    ticks: logTickValues(lo, hi).map((v) => ({ pos: scale(Math.log10(v)), label: logTickLabel(v) })),
    pos: (v) => {
      const n = asNumber(v);
      return n === undefined || n <= 0 ? undefined : scale(Math.log10(n));
    },
  };
}

/** Categories evenly spaced from the range's first end to its second, in the order given; one category sits in the middle. */
export function categoricalAxis(categories: readonly ParamValue[], range: PixelRange): PcScale {
  const keys = [...new Set(categories.map((c) => formatParam(c)))];
  const [r0, r1] = range;
  const at = (i: number) => (keys.length <= 1 ? (r0 + r1) / 2 : r0 + ((r1 - r0) * i) / (keys.length - 1));
  const index = new Map(keys.map((k, i) => [k, i]));
  return {
    kind: 'categorical',
    ticks: keys.map((k, i) => ({ pos: at(i), label: k })),
    pos: (v) => {
      if (v === undefined) return undefined;
      const i = index.get(formatParam(v));
      return i === undefined ? undefined : at(i);
    },
  };
}

/**
 * The axis of one parameter: its kind's scale over the search space, widened to take in any
 * value the trials have outside it (a space changed on resume). Categories keep the order
 * the sweep file gives them, from the bottom up.
 */
export function parameterAxis(spec: ParameterSpec, values: readonly (ParamValue | undefined)[], range: PixelRange): PcScale {
  const nums = values.flatMap((v) => asNumber(v) ?? []);
  const widen = (lo: number, hi: number): [number, number] => [Math.min(lo, ...nums), Math.max(hi, ...nums)];
  switch (spec.kind) {
    case 'uniform':
    case 'int_uniform':
    case 'q_uniform':
      return linearAxis(widen(spec.min, spec.max), range);
    case 'log_uniform': {
      const [lo, hi] = widen(spec.min, spec.max);
      return lo > 0 ? logAxis([lo, hi], range) : linearAxis([lo, hi], range);
    }
    case 'normal':
      return linearAxis(nums.length > 0 ? extent(nums) : [spec.mu - 2 * spec.sigma, spec.mu + 2 * spec.sigma], range);
    case 'categorical': {
      const extra = values.filter((v): v is ParamValue => v !== undefined && !spec.values.some((c) => formatParam(c) === formatParam(v)));
      return categoricalAxis([...spec.values, ...extra], range);
    }
    case 'constant':
      return categoricalAxis([spec.value], range);
    default: {
      spec satisfies never;
      // A kind this UI does not know (a newer server): numbers on a linear axis, else categories.
      const raw = values.filter((v): v is ParamValue => v !== undefined);
      return nums.length === raw.length && nums.length > 0 ? linearAxis(extent(nums), range) : categoricalAxis(raw, range);
    }
  }
}
