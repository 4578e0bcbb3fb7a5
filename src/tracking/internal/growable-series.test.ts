import { describe, expect, it } from 'vitest';
import { GrowableSeries } from './growable-series.js';

const cols = (steps: number[], lastChunkId: number) => ({
  lastChunkId,
  steps: Float64Array.from(steps),
  timestamps: Float64Array.from(steps.map((s) => 1000 + s)),
  values: Float64Array.from(steps.map((s) => s * 10)),
});

describe('a series in memory', () => {
  it('needs no order of its own while points arrive in step order', () => {
    const s = new GrowableSeries();
    s.append(cols([0, 1, 2], 1));
    s.append(cols([2, 3], 2));
    expect(s.order('step')).toBeNull();
    expect(s.length).toBe(5);
    expect(s.lastChunkId).toBe(2);
  });

  it('keeps the x order of out-of-order points, ties in logging order, and extends it on append', () => {
    const s = new GrowableSeries();
    s.append(cols([5, 1, 3], 1));
    expect([...s.order('step')!]).toEqual([1, 2, 0]);
    s.append(cols([2, 1, 9], 2));
    expect([...s.order('step')!].map((i) => s.steps[i])).toEqual([1, 1, 2, 3, 5, 9]);
    expect([...s.order('step')!]).toEqual([1, 4, 3, 2, 0, 5]);
  });

  it('grows past its first capacity without losing points', () => {
    const s = new GrowableSeries();
    const steps = Array.from({ length: 1000 }, (_, i) => i);
    for (let i = 0; i < 10; i++) s.append(cols(steps.slice(i * 100, (i + 1) * 100), i + 1));
    expect(Array.from(s.steps.subarray(0, s.length))).toEqual(steps);
    expect(s.values[999]).toBe(9990);
  });
});

describe('natural merge sort of a series x column', () => {
  it('matches a stable sort on random, reversed, run-structured and tied data', async () => {
    const { naturalMergeSort } = await import('./growable-series.js');
    const cases: number[][] = [
      [],
      [1],
      Array.from({ length: 500 }, () => Math.floor(Math.random() * 50)),
      Array.from({ length: 300 }, (_, i) => 300 - i),
      Array.from({ length: 4000 }, (_, i) => (Math.floor(i / 1000) % 2 === 0 ? i + 1000 : i - 1000)),
      [3, 3, 1, 1, 2, 2, 3, 1],
    ];
    for (const values of cases) {
      const x = Float64Array.from([-1, ...values]);
      const expected = values.map((_, i) => i + 1).sort((a, b) => x[a]! - x[b]! || a - b);
      expect([...naturalMergeSort(x, 1, x.length)]).toEqual(expected);
    }
  });
});
