import { describe, expect, it } from 'vitest';
import { isAfterLast, mergeRange, type Columns } from './columns';

const cols = (steps: number[], timestamps = steps.map((s) => 1000 + s)): Columns => ({ steps, timestamps, values: steps.map((s) => s * 10) });

describe('isAfterLast', () => {
  it('accepts a later step and drops an earlier or repeated one', () => {
    const c = cols([0, 1, 2]);
    expect(isAfterLast(c, 'step', 3, 0)).toBe(true);
    expect(isAfterLast(c, 'step', 2, 1002)).toBe(false);
    expect(isAfterLast(c, 'step', 1, 5000)).toBe(false);
  });

  it('takes a point at the same step when it was logged later (steps left at 0)', () => {
    const c = cols([0, 0], [100, 200]);
    expect(isAfterLast(c, 'step', 0, 300)).toBe(true);
    expect(isAfterLast(c, 'step', 0, 200)).toBe(false);
  });

  it('compares timestamps first on the time axis', () => {
    const c = cols([5], [100]);
    expect(isAfterLast(c, 'timestamp', 1, 101)).toBe(true);
    expect(isAfterLast(c, 'timestamp', 9, 99)).toBe(false);
  });

  it('accepts anything after an empty series', () => {
    expect(isAfterLast(cols([]), 'step', -5, 0)).toBe(true);
  });
});

describe('mergeRange', () => {
  it('puts the detail in place of the overview points inside the range', () => {
    const base = cols([0, 10, 20, 30, 40]);
    const detail = cols([12, 14, 16, 18, 20]);
    expect(mergeRange(base, detail, [12, 20], 'step').steps).toEqual([0, 10, 12, 14, 16, 18, 20, 30, 40]);
  });

  it('keeps the columns together', () => {
    const merged = mergeRange(cols([0, 10]), cols([5]), [1, 9], 'step');
    expect(merged).toEqual({ steps: [0, 5, 10], timestamps: [1000, 1005, 1010], values: [0, 50, 100] });
  });

  it('uses timestamps on the time axis', () => {
    const merged = mergeRange(cols([0, 1, 2], [100, 200, 300]), cols([7], [150]), [110, 250], 'timestamp');
    expect(merged.timestamps).toEqual([100, 150, 300]);
  });
});
