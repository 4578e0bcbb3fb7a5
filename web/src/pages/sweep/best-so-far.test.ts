import { describe, expect, it } from 'vitest';
import { bestSoFar, isBetter } from './best-so-far';
import { trial } from './test-trials';

describe('the best-so-far series', () => {
  it('keeps the lowest value so far when minimizing', () => {
    const s = bestSoFar([trial(1, 0.5), trial(2, 0.7), trial(3, 0.2), trial(4, 0.3)], 'minimize');
    expect(s).toEqual({ x: [1, 2, 3, 4], values: [0.5, 0.7, 0.2, 0.3], best: [0.5, 0.5, 0.2, 0.2] });
  });
  it('keeps the highest value so far when maximizing', () => {
    expect(bestSoFar([trial(1, 0.5), trial(2, 0.7), trial(3, 0.2)], 'maximize').best).toEqual([0.5, 0.7, 0.7]);
  });
  it('orders trials by number and has no best before the first value', () => {
    const s = bestSoFar([trial(3, 0.1), trial(1, null, { state: 'running' }), trial(2, 0.4)], 'minimize');
    expect(s.x).toEqual([1, 2, 3]);
    expect(s.values).toEqual([null, 0.4, 0.1]);
    expect(s.best).toEqual([null, 0.4, 0.1]);
  });
  it('plots but does not count values of trials that did not complete', () => {
    const s = bestSoFar([trial(1, 0.5), trial(2, 0.1, { state: 'stopped' }), trial(3, 0.05, { state: 'running' })], 'minimize');
    expect(s.values).toEqual([0.5, 0.1, 0.05]);
    expect(s.best).toEqual([0.5, 0.5, 0.5]);
  });
  it('treats a non-finite value as none', () => {
    expect(bestSoFar([trial(1, Number.NaN), trial(2, 1)], 'maximize')).toEqual({ x: [1, 2], values: [null, 1], best: [null, 1] });
  });
  it('compares by goal', () => {
    expect(isBetter(1, 2, 'minimize')).toBe(true);
    expect(isBetter(1, 2, 'maximize')).toBe(false);
  });
});
