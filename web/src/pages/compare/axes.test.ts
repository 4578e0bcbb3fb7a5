import { describe, expect, it } from 'vitest';
import { categoricalAxis, numericAxis } from './axes';
import { niceTicks } from './scale';

describe('axes', () => {
  it('puts round ticks inside the range', () => {
    expect(niceTicks(0.13, 0.92, 5)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('maps numbers linearly onto the pixel range', () => {
    const axis = numericAxis([10, 20, 30], [100, 0]);
    expect(axis.kind).toBe('linear');
    expect(axis.pos(10)).toBe(100);
    expect(axis.pos(30)).toBe(0);
  });

  it('goes logarithmic for positive values spanning two decades', () => {
    const axis = numericAxis([1e-4, 1e-3, 1e-2], [100, 0]);
    expect(axis.kind).toBe('log');
    expect(axis.pos(1e-3)).toBeCloseTo(50);
    expect(axis.ticks.map((t) => t.label)).toContain('0.001');
  });

  it('centres a single value', () => {
    expect(numericAxis([5], [100, 0]).pos(5)).toBe(50);
  });

  it('orders categories naturally, at points or in bands', () => {
    const points = categoricalAxis(['b', 'layer10', 'layer2', 'b'], [0, 100], { banded: false });
    expect(points.ticks.map((t) => t.label)).toEqual(['b', 'layer2', 'layer10']);
    expect(points.pos('layer10')).toBe(100);
    const bands = categoricalAxis(['x', 'y'], [0, 100], { banded: true });
    expect(bands.band).toBe(50);
    expect(bands.pos('y')).toBe(75);
  });

  it('clips long category labels and keeps the full text as a title', () => {
    const axis = categoricalAxis(['a-very-long-category-name'], [0, 10], { banded: false, maxLabel: 8 });
    expect(axis.ticks[0]).toMatchObject({ label: 'a-very-…', title: 'a-very-long-category-name' });
  });
});
