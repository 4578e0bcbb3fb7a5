import { describe, expect, it } from 'vitest';
import type { Assignment, Observation, SearchSpace } from '../space/space-types.js';
import { RandomSampler } from './random.js';

const space: SearchSpace = {
  parameters: [
    { name: 'lr', spec: { kind: 'log_uniform', min: 1e-4, max: 1e-1 } },
    { name: 'hidden', spec: { kind: 'categorical', values: [16, 32, 64], probabilities: [0.6, 0.3, 0.1] } },
    { name: 'layers', spec: { kind: 'int_uniform', min: 1, max: 4 } },
    { name: 'dropout', spec: { kind: 'q_uniform', min: 0, max: 0.5, q: 0.1 } },
    { name: 'init', spec: { kind: 'normal', mu: 2, sigma: 0.5 } },
    { name: 'wd', spec: { kind: 'uniform', min: -1, max: 1 } },
    { name: 'momentum', spec: { kind: 'uniform', min: 0.5, max: 0.99 }, condition: { parameter: 'hidden', values: [64] } },
  ],
};

/** Draws `n` suggestions the way a controller would: each one joins the history. */
function draw(sampler: RandomSampler, n: number): Assignment[] {
  const history: Observation[] = [];
  for (let i = 0; i < n; i++) history.push({ params: sampler.suggest(history) });
  return history.map((o) => o.params);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

describe('RandomSampler', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(new RandomSampler(space, { seed: 5 }), 20)).toEqual(draw(new RandomSampler(space, { seed: 5 }), 20));
    expect(draw(new RandomSampler(space, { seed: 5 }), 20)).not.toEqual(draw(new RandomSampler(space, { seed: 6 }), 20));
  });

  it('is a pure function of the history, so a restarted controller gets the same suggestion', () => {
    const history: Observation[] = [{ params: { lr: 0.01, hidden: 16, layers: 1, dropout: 0, init: 2, wd: 0 }, value: 1 }];
    expect(new RandomSampler(space, { seed: 1 }).suggest(history)).toEqual(new RandomSampler(space, { seed: 1 }).suggest(history));
  });

  describe('over many draws', () => {
    const points = draw(new RandomSampler(space, { seed: 11 }), 4000);

    it('keeps log_uniform within bounds with its median near the geometric mean', () => {
      const lrs = points.map((p) => p.lr as number);
      expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-4);
      expect(Math.max(...lrs)).toBeLessThanOrEqual(1e-1);
      const geometricMean = Math.sqrt(1e-4 * 1e-1);
      expect(Math.abs(Math.log10(median(lrs)) - Math.log10(geometricMean))).toBeLessThan(0.1);
    });

    it('draws int_uniform bounds inclusively and about evenly', () => {
      const counts = [1, 2, 3, 4].map((v) => points.filter((p) => p.layers === v).length);
      expect(points.every((p) => Number.isInteger(p.layers))).toBe(true);
      for (const c of counts) expect(c / points.length).toBeCloseTo(0.25, 1);
    });

    it('follows categorical probabilities', () => {
      const share = (v: number): number => points.filter((p) => p.hidden === v).length / points.length;
      expect(share(16)).toBeCloseTo(0.6, 1);
      expect(share(32)).toBeCloseTo(0.3, 1);
      expect(share(64)).toBeCloseTo(0.1, 1);
    });

    it('rounds q_uniform to clean multiples of q within the range', () => {
      const allowed = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
      expect(points.every((p) => allowed.includes(p.dropout as number))).toBe(true);
      expect(new Set(points.map((p) => p.dropout)).size).toBe(6);
    });

    it('draws normal with its mean and spread', () => {
      const xs = points.map((p) => p.init as number);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      expect(mean).toBeCloseTo(2, 1);
      expect(sd).toBeCloseTo(0.5, 1);
    });

    it('sets a conditional parameter exactly when its condition holds', () => {
      for (const p of points) {
        expect('momentum' in p).toBe(p.hidden === 64);
        if (p.hidden === 64) expect(p.momentum as number).toBeGreaterThanOrEqual(0.5);
      }
    });
  });
});
