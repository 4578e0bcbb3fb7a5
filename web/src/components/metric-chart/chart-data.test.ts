import { describe, expect, it } from 'vitest';
import { alignLines, nearestIndex, smoothEma, sortedLine, toPlotValues } from './chart-data';

describe('smoothEma', () => {
  it('leaves a series alone at weight 0', () => {
    expect(Array.from(smoothEma([1, 5, 2], 0))).toEqual([1, 5, 2]);
  });

  it('debiases the start so the first point is the first value', () => {
    const s = smoothEma([10, 10, 20], 0.9);
    expect(s[0]).toBeCloseTo(10);
    expect(s[2]).toBeGreaterThan(10);
    expect(s[2]).toBeLessThan(20);
  });

  it('passes NaN and Infinity through without letting them into the average', () => {
    const s = smoothEma([1, Number.NaN, Infinity, 3], 0.5);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBe(Infinity);
    // The average of 1 then 3 with weight 0.5, debiased: (0.25 + 1.5) / 0.75
    expect(s[3]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 3) / (1 - 0.25));
  });

  it('keeps a constant series flat', () => {
    expect(Array.from(smoothEma([2, 2, 2], 0.99))).toEqual([2, 2, 2]);
  });
});

describe('toPlotValues', () => {
  it('turns non-finite values into gaps', () => {
    expect(toPlotValues([1, Number.NaN, -Infinity, 2], false)).toEqual([1, null, null, 2]);
  });

  it('turns values a log axis cannot place into gaps', () => {
    expect(toPlotValues([1, 0, -3, 0.5], true)).toEqual([1, null, null, 0.5]);
  });
});

describe('alignLines', () => {
  it('shares x when every line has the same x', () => {
    const x = [0, 1, 2];
    expect(alignLines([{ x, y: [1, 2, 3] }, { x, y: [4, 5, Number.NaN] }], false)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [4, 5, null],
    ]);
  });

  it('joins different x, leaving undefined where a line has no point and null at its own gaps', () => {
    const data = alignLines(
      [
        { x: [0, 2], y: [1, Number.NaN] },
        { x: [1, 2], y: [5, 6] },
      ],
      false,
    );
    expect(data[0]).toEqual([0, 1, 2]);
    expect(data[1]).toEqual([1, undefined, null]);
    expect(data[2]).toEqual([undefined, 5, 6]);
  });

  it('adds a smoothed column after a line that has one', () => {
    const y = [1, 3];
    const data = alignLines([{ x: [0, 1], y, smooth: smoothEma(y, 0.5) }], false);
    expect(data).toHaveLength(3);
    expect(data[2]![0]).toBeCloseTo(1);
  });
});

describe('sortedLine', () => {
  it('sorts a line that is not in x order, keeping equal x in their order', () => {
    expect(sortedLine({ x: [2, 0, 1, 0], y: [3, 1, 2, 9] })).toEqual({ x: [0, 0, 1, 2], y: [1, 9, 2, 3] });
  });

  it('returns a sorted line as it is', () => {
    const line = { x: [0, 1], y: [5, 6] };
    expect(sortedLine(line)).toBe(line);
  });
});

describe('nearestIndex', () => {
  it('finds the closest x, ties to the left', () => {
    expect(nearestIndex([0, 10, 20], 4)).toBe(0);
    expect(nearestIndex([0, 10, 20], 5)).toBe(0);
    expect(nearestIndex([0, 10, 20], 6)).toBe(1);
    expect(nearestIndex([0, 10, 20], 99)).toBe(2);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});
