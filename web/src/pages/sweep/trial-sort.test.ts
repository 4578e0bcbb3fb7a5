import { describe, expect, it } from 'vitest';
import { nextTrialSort, sortTrials } from './trial-sort';
import { trial } from './test-trials';

const trials = [trial(1, 0.5), trial(2, null, { state: 'running' }), trial(3, 0.2), trial(4, 0.9), trial(5, 0.2)];
const numbers = (ts: { number: number }[]) => ts.map((t) => t.number);

describe('sorting trials', () => {
  it('orders by number by default', () => {
    expect(numbers(sortTrials([...trials].reverse(), 'number', 'minimize'))).toEqual([1, 2, 3, 4, 5]);
  });
  it('puts the lowest value first when minimizing, ties by number, trials without a value last', () => {
    expect(numbers(sortTrials(trials, 'best', 'minimize'))).toEqual([3, 5, 1, 4, 2]);
    expect(numbers(sortTrials(trials, 'worst', 'minimize'))).toEqual([4, 1, 3, 5, 2]);
  });
  it('puts the highest value first when maximizing', () => {
    expect(numbers(sortTrials(trials, 'best', 'maximize'))).toEqual([4, 1, 3, 5, 2]);
  });
  it('puts a diverged trial (NaN) with the trials without a value, and orders infinities', () => {
    const odd = [trial(1, Number.NaN), trial(2, Infinity), trial(3, 0.5), trial(4, null), trial(5, Infinity)];
    expect(numbers(sortTrials(odd, 'best', 'minimize'))).toEqual([3, 2, 5, 1, 4]);
  });
  it('cycles number, best, worst', () => {
    expect([nextTrialSort('number'), nextTrialSort('best'), nextTrialSort('worst')]).toEqual(['best', 'worst', 'number']);
  });
});
