import type { Columns } from './history-store';

/**
 * What a chart's x shows: the step, the wall-clock time, or the time since the run started.
 * `step` reads history along steps, the other two along timestamps.
 */
export type XMode = 'step' | 'time' | 'relative';

export const X_MODES: { value: XMode; label: string }[] = [
  { value: 'step', label: 'Step' },
  { value: 'time', label: 'Wall time' },
  { value: 'relative', label: 'Relative time' },
];

export const historyAxisOf = (mode: XMode) => (mode === 'step' ? 'step' : 'timestamp');

export const xLabelOf = (mode: XMode) => (mode === 'step' ? 'step' : mode === 'time' ? 'time' : 'seconds since start');

/**
 * A series' x in chart units: steps as they are, wall time in seconds since epoch (uPlot's
 * time scale), relative time in seconds since `startTime` (ms).
 */
export function xValues(cols: Columns, mode: XMode, startTime = 0): number[] {
  switch (mode) {
    case 'step':
      return cols.steps;
    case 'time':
      return cols.timestamps.map((t) => t / 1000);
    case 'relative':
      return cols.timestamps.map((t) => (t - startTime) / 1000);
    default: {
      const never: never = mode;
      throw new Error(`unknown x mode ${String(never)}`);
    }
  }
}

/** A zoom range in chart units back in the history's units (steps, or ms since epoch). */
export function toAxisRange(range: { min: number; max: number }, mode: XMode, startTime = 0): [number, number] {
  switch (mode) {
    case 'step':
      return [range.min, range.max];
    case 'time':
      return [range.min * 1000, range.max * 1000];
    case 'relative':
      return [startTime + range.min * 1000, startTime + range.max * 1000];
    default: {
      const never: never = mode;
      throw new Error(`unknown x mode ${String(never)}`);
    }
  }
}

/** The inverse of toAxisRange. */
export function fromAxisRange(range: readonly [number, number], mode: XMode, startTime = 0): { min: number; max: number } {
  switch (mode) {
    case 'step':
      return { min: range[0], max: range[1] };
    case 'time':
      return { min: range[0] / 1000, max: range[1] / 1000 };
    case 'relative':
      return { min: (range[0] - startTime) / 1000, max: (range[1] - startTime) / 1000 };
    default: {
      const never: never = mode;
      throw new Error(`unknown x mode ${String(never)}`);
    }
  }
}
