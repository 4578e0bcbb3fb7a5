import type { MetricGoal, ParameterSpec, Trial } from '../../../api/sweeps-types';
import { linearAxis, parameterAxis, type PcScale } from './pc-axes';

export interface PcAxis {
  /** The parameter's name, or the metric's. */
  label: string;
  kind: 'param' | 'metric';
  scale: PcScale;
  /** Pixel x. */
  x: number;
  /** Some trial has no place on this axis (a conditional parameter it did not have). */
  hasMissing: boolean;
}

export interface PcLine {
  trial: number;
  /** One point per axis; y is the "missing" slot under the axes where the trial has no value there. */
  points: { x: number; y: number; missing: boolean }[];
  /** 0 (worst) to 1 (best) along the metric, for the colour. */
  goodness: number;
  best: boolean;
}

export interface PcLayout {
  axes: PcAxis[];
  /** In drawing order: worst first, the best trial last (on top). */
  lines: PcLine[];
  /** Where a trial without a value on an axis meets it; null when no trial lacks one. */
  missingY: number | null;
}

export interface PcLayoutInput {
  parameters: readonly ParameterSpec[];
  trials: readonly Trial[];
  goal: MetricGoal;
  metricName: string;
  bestTrial: number | null;
  width: number;
  height: number;
}

export const PC_MARGIN = { top: 40, bottom: 44, left: 60, right: 70 } as const;
/** How far under the axes' bottom the "missing" slot lies. */
const MISSING_GAP = 22;

/**
 * Parallel coordinates of a sweep's trials that have a value: one axis per parameter, then the
 * metric, with better values at the top (so the best lines run along the top of the last
 * axis whatever the goal). Pure: pixel positions only, the component draws them.
 *
 * @example layoutParallel({ parameters: sweep.parameters, trials, goal: 'minimize', metricName: 'loss', bestTrial: 3, width: 800, height: 360 })
 */
export function layoutParallel(input: PcLayoutInput): PcLayout {
  const { parameters, goal, width, height } = input;
  const trials = input.trials.filter((t) => t.value !== null && Number.isFinite(t.value));
  const top = PC_MARGIN.top;
  const bottom = height - PC_MARGIN.bottom;
  const range = [bottom, top] as const;
  const count = parameters.length + 1;
  const span = Math.max(0, width - PC_MARGIN.left - PC_MARGIN.right);
  const xAt = (i: number) => (count === 1 ? PC_MARGIN.left + span / 2 : PC_MARGIN.left + (span * i) / (count - 1));

  const values = trials.map((t) => t.value!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const axes: PcAxis[] = parameters.map((p, i) => ({
    label: p.name,
    kind: 'param',
    scale: parameterAxis(
      p,
      trials.map((t) => t.params[p.name]),
      range,
    ),
    x: xAt(i),
    hasMissing: false,
  }));
  // Better on top: a minimized metric's axis runs from the largest value at the bottom up.
  axes.push({ label: input.metricName, kind: 'metric', scale: linearAxis(values.length > 0 ? [lo, hi] : [0, 1], goal === 'minimize' ? [top, bottom] : range), x: xAt(parameters.length), hasMissing: false });

  const missingY = bottom + MISSING_GAP;
  let anyMissing = false;
  const lines = trials.map((t): PcLine => {
    const points = axes.map((axis) => {
      const y = axis.scale.pos(axis.kind === 'metric' ? t.value : t.params[axis.label]);
      if (y === undefined) anyMissing = axis.hasMissing = true;
      return { x: axis.x, y: y ?? missingY, missing: y === undefined };
    });
    const v = t.value!;
    const goodness = hi === lo ? 1 : goal === 'minimize' ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo);
    return { trial: t.number, points, goodness, best: t.number === input.bestTrial };
  });
  lines.sort((a, b) => Number(a.best) - Number(b.best) || a.goodness - b.goodness || a.trial - b.trial);
  return { axes, lines, missingY: anyMissing ? missingY : null };
}

/** An SVG path through the points. */
export const linePath = (points: readonly { x: number; y: number }[]): string =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
