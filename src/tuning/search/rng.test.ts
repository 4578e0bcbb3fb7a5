import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is uniform enough in [0, 1)', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20000 }, () => rng.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 2);
  });

  it('derives the same stream from the same seed and stream number, and distinct ones otherwise', () => {
    expect(Rng.derive(1, 0).uniform()).toBe(Rng.derive(1, 0).uniform());
    expect(Rng.derive(1, 0).uniform()).not.toBe(Rng.derive(1, 1).uniform());
  });

  it('does not let the seed cancel itself out when deriving (seeds 5 and 6 once gave one stream)', () => {
    expect(Rng.derive(5, 0).uniform()).not.toBe(Rng.derive(6, 0).uniform());
    expect(Rng.derive(2 ** 33, 0).uniform()).not.toBe(Rng.derive(0, 0).uniform());
  });
});
