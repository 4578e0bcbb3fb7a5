import { describe, expect, it } from 'vitest';
import { categoricalAxis, linearAxis, logAxis, logTickValues, parameterAxis } from './pc-axes';

const range = [300, 0] as const;

describe('parallel-coordinates axes', () => {
  it('maps a linear domain onto the pixel range, bottom to top', () => {
    const a = linearAxis([0, 1], range);
    expect(a.kind).toBe('linear');
    expect(a.pos(0)).toBe(300);
    expect(a.pos(1)).toBe(0);
    expect(a.pos(0.5)).toBe(150);
    expect(a.ticks.map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });
  it('places values on a log axis by decades and leaves values ≤ 0 off it', () => {
    const a = logAxis([1e-4, 1e-1], range);
    expect(a.pos(1e-4)).toBe(300);
    expect(a.pos(1e-1)).toBeCloseTo(0);
    expect(a.pos(1e-3)).toBeCloseTo(200);
    expect(a.pos(0)).toBeUndefined();
    expect(a.ticks.map((t) => t.label)).toEqual(['1e-4', '0.001', '0.01', '0.1']);
    expect(logAxis([1, 1e6], range).ticks.at(-1)!.label).toBe('1e6');
  });
  it('adds 2 and 5 ticks when a log axis spans two decades or less', () => {
    expect(logTickValues(0.01, 1)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
  });
  it('spaces categories evenly in the order given and puts a single one in the middle', () => {
    const a = categoricalAxis(['sgd', 'adam', 'rmsprop'], range);
    expect(a.ticks.map((t) => [t.label, t.pos])).toEqual([
      ['sgd', 300],
      ['adam', 150],
      ['rmsprop', 0],
    ]);
    expect(a.pos('adam')).toBe(150);
    expect(a.pos('nadam')).toBeUndefined();
    expect(categoricalAxis([true], range).pos(true)).toBe(150);
  });
  it('matches numeric categories whatever their JSON type', () => {
    const a = categoricalAxis([16, 32, 64], range);
    expect(a.pos(32)).toBe(150);
  });
});

describe('a parameter’s axis', () => {
  it('is a log axis over the search space for log_uniform', () => {
    const a = parameterAxis({ name: 'lr', kind: 'log_uniform', min: 1e-4, max: 0.1 }, [0.001], range);
    expect(a.kind).toBe('log');
    expect(a.pos(1e-4)).toBe(300);
  });
  it('is linear over the space for uniform, widened to values outside it', () => {
    const a = parameterAxis({ name: 'x', kind: 'uniform', min: 0, max: 1 }, [0.5, 2], range);
    expect(a.kind).toBe('linear');
    expect(a.pos(2)).toBe(0);
    expect(a.pos(0)).toBe(300);
  });
  it('is categorical for categorical and constant parameters, with values outside the list appended', () => {
    const a = parameterAxis({ name: 'opt', kind: 'categorical', values: ['adam', 'sgd'] }, ['sgd', 'lion', undefined], range);
    expect(a.ticks.map((t) => t.label)).toEqual(['adam', 'sgd', 'lion']);
    expect(parameterAxis({ name: 'c', kind: 'constant', value: 3 }, [3], range).pos(3)).toBe(150);
  });
  it('covers the values a normal parameter took', () => {
    const a = parameterAxis({ name: 'n', kind: 'normal', mu: 0, sigma: 1 }, [-1, 3], range);
    expect(a.pos(-1)).toBe(300);
    expect(a.pos(3)).toBe(0);
  });
});
