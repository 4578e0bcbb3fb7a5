import { describe, expect, it } from 'vitest';
import { logNormalMass } from './normal-math.js';
import { CategoricalParzen } from './parzen-categorical.js';
import { NumericParzen, type NumericDomain } from './parzen-numeric.js';
import { observationWeights } from './parzen-weights.js';
import { Rng } from './rng.js';

const unit: NumericDomain = { low: 0, high: 1, spanLow: 0, spanHigh: 1, priorMu: 0.5, priorSigma: 1 };

describe('normal mass', () => {
  it('matches known values and stays finite far in the tails', () => {
    expect(Math.exp(logNormalMass(-1.96, 1.96))).toBeCloseTo(0.95, 4);
    expect(Math.exp(logNormalMass(0, Infinity))).toBeCloseTo(0.5, 6);
    // Q(40) - Q(41) underflows as a difference of probabilities but not in logs.
    const far = logNormalMass(40, 41);
    expect(Number.isFinite(far)).toBe(true);
    expect(far).toBeLessThan(-800);
    expect(logNormalMass(-41, -40)).toBeCloseTo(far, 6);
  });
});

describe('NumericParzen', () => {
  it('is a density on its bounds (integrates to one)', () => {
    const p = new NumericParzen([0.1, 0.15, 0.9], unit, { priorWeight: 1 });
    let total = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) total += Math.exp(p.logDensity((i + 0.5) / n)) / n;
    expect(total).toBeCloseTo(1, 3);
  });

  it('gives a discrete parameter a probability per grid point that sums to one', () => {
    const ints: NumericDomain = { low: 0.5, high: 5.5, spanLow: 0.5, spanHigh: 5.5, priorMu: 3, priorSigma: 5, step: 1 };
    const p = new NumericParzen([2, 2, 5], ints, { priorWeight: 1 });
    const total = [1, 2, 3, 4, 5].reduce((a, v) => a + Math.exp(p.logDensity(v)), 0);
    expect(total).toBeCloseTo(1, 6);
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) expect([1, 2, 3, 4, 5]).toContain(p.sample(rng));
  });

  it('draws within its bounds and mostly near its observations', () => {
    const p = new NumericParzen([0.2, 0.21, 0.22, 0.23, 0.24, 0.25], unit, { priorWeight: 1 });
    const rng = new Rng(2);
    const xs = Array.from({ length: 2000 }, () => p.sample(rng));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    // A uniform draw lands there 20% of the time; the magic clip keeps kernels wide (1/8 here).
    expect(xs.filter((x) => Math.abs(x - 0.225) < 0.1).length / xs.length).toBeGreaterThan(0.4);
  });
});

describe('NumericParzen with peak kernels', () => {
  // Reference values: Optuna 3.1's _ParzenEstimator(...).log_pdf with TPESampler's defaults.
  const close = (ours: number[], optuna: number[]): void => ours.forEach((x, i) => expect(x).toBeCloseTo(optuna[i]!, 6));
  const peak = { priorWeight: 1, kernelScale: 'peak' } as const;

  it('gives Optuna 3.1’s log-pdf on a uniform parameter', () => {
    const p = new NumericParzen([0.1, 0.15, 0.9], unit, peak);
    close([0, 0.12, 0.5, 0.95].map((x) => p.logDensity(x)), [-0.6755366211796316, -0.5759209267533097, -0.7444094228897491, -0.8788887596109214]);
  });

  it('gives Optuna 3.1’s log-pdf with more than 25 observations (ramped weights)', () => {
    const obs = Array.from({ length: 30 }, (_, i) => (0.01 + (0.98 * i) / 29) ** 2);
    const p = new NumericParzen(obs, unit, peak);
    close([0.05, 0.7].map((x) => p.logDensity(x)), [-2.145658321102834, -2.6389880895399824]);
  });

  it('gives Optuna 3.1’s log-pdf in log space for a log parameter', () => {
    const lo = Math.log(1e-5);
    const hi = 0;
    const domain: NumericDomain = { low: lo, high: hi, spanLow: lo, spanHigh: hi, priorMu: (lo + hi) / 2, priorSigma: hi - lo };
    const p = new NumericParzen([1e-4, 3e-3, 2e-2].map(Math.log), domain, peak);
    close([1e-5, 1e-3, 0.5].map((x) => p.logDensity(Math.log(x))), [-1.0125432643033583, -0.6651910984468308, -1.1490193666397233]);
  });

  it('gives Optuna 3.1’s probabilities on an int parameter (masses, unaffected by the scale)', () => {
    const ints: NumericDomain = { low: 0.5, high: 5.5, spanLow: 0.5, spanHigh: 5.5, priorMu: 3, priorSigma: 5, step: 1 };
    const p = new NumericParzen([2, 2, 5], ints, peak);
    close([1, 2, 3, 5].map((x) => p.logDensity(x)), [-1.6637118018553319, -1.2582243384579443, -1.4561841672447402, -1.9997160806645295]);
  });
});

describe('CategoricalParzen', () => {
  it('smooths counts with the prior and sums to one', () => {
    const p = new CategoricalParzen([0, 0, 0, 2], [1 / 3, 1 / 3, 1 / 3], 1);
    const probs = [0, 1, 2].map((c) => Math.exp(p.logProbability(c)));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(probs[0]).toBeGreaterThan(probs[2]!);
    expect(probs[2]).toBeGreaterThan(probs[1]!);
    expect(probs[1]).toBeGreaterThan(0);
  });
});

describe('observation weights', () => {
  it('weighs the 25 latest observations fully and ramps older ones down', () => {
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const w = observationWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30, 10);
    expect(w[4]).toBe(1);
    expect(w.slice(5).every((x) => x === 1)).toBe(true);
  });
});
