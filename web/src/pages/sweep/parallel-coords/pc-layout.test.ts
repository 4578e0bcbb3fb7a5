import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../../../api/sweeps-types';
import { trial } from '../test-trials';
import { layoutParallel, linePath, PC_MARGIN } from './pc-layout';

const parameters: ParameterSpec[] = [
  { name: 'x', kind: 'uniform', min: 0, max: 1 },
  { name: 'opt', kind: 'categorical', values: ['adam', 'sgd'] },
  { name: 'm', kind: 'uniform', min: 0, max: 1, condition: { parameter: 'opt', values: ['sgd'] } },
];
const trials = [
  trial(1, 0.9, { params: { x: 0.1, opt: 'adam' } }),
  trial(2, 0.1, { params: { x: 0.9, opt: 'sgd', m: 0.5 } }),
  trial(3, 0.5, { params: { x: 0.5, opt: 'sgd', m: 0.2 } }),
  trial(4, null, { state: 'running', params: { x: 0.3, opt: 'adam' } }),
];
const base = { parameters, trials, metricName: 'loss', width: 550, height: 300 };

describe('the parallel-coordinates layout', () => {
  it('has one axis per parameter then the metric, evenly spaced', () => {
    const l = layoutParallel({ ...base, goal: 'minimize', bestTrial: 2 });
    expect(l.axes.map((a) => [a.label, a.kind, a.x])).toEqual([
      ['x', 'param', 60],
      ['opt', 'param', 200],
      ['m', 'param', 340],
      ['loss', 'metric', 480],
    ]);
  });
  it('draws trials with a value only, worst first and the best last', () => {
    const l = layoutParallel({ ...base, goal: 'minimize', bestTrial: 2 });
    expect(l.lines.map((x) => x.trial)).toEqual([1, 3, 2]);
    expect(l.lines.map((x) => x.goodness)).toEqual([0, 0.5, 1]);
    expect(l.lines.at(-1)!.best).toBe(true);
  });
  it('puts better values at the top of the metric axis for either goal', () => {
    const top = PC_MARGIN.top;
    const bottom = 300 - PC_MARGIN.bottom;
    const metricY = (goal: 'minimize' | 'maximize', n: number) => layoutParallel({ ...base, goal, bestTrial: null }).lines.find((x) => x.trial === n)!.points[3]!.y;
    expect(metricY('minimize', 2)).toBe(top);
    expect(metricY('minimize', 1)).toBe(bottom);
    expect(metricY('maximize', 1)).toBe(top);
    expect(metricY('maximize', 2)).toBe(bottom);
  });
  it('sends a trial without a conditional parameter to the missing slot under that axis', () => {
    const l = layoutParallel({ ...base, goal: 'minimize', bestTrial: null });
    const first = l.lines.find((x) => x.trial === 1)!;
    expect(first.points[2]).toEqual({ x: 340, y: l.missingY, missing: true });
    expect(l.missingY).toBeGreaterThan(300 - PC_MARGIN.bottom);
    expect(l.axes.map((a) => a.hasMissing)).toEqual([false, false, true, false]);
    expect(layoutParallel({ ...base, trials: trials.slice(1, 3), goal: 'minimize', bestTrial: null }).missingY).toBeNull();
  });
  it('gives every line full goodness when all values are equal, and copes with no trials', () => {
    expect(layoutParallel({ ...base, trials: [trial(1, 2), trial(2, 2)], goal: 'maximize', bestTrial: 1 }).lines.map((x) => x.goodness)).toEqual([1, 1]);
    expect(layoutParallel({ ...base, trials: [], goal: 'maximize', bestTrial: null }).lines).toEqual([]);
  });
  it('writes a line as an SVG path', () => {
    expect(linePath([{ x: 1, y: 2 }, { x: 3.25, y: 4 }])).toBe('M1.0,2.0L3.3,4.0');
  });
});
