import { describe, expect, it } from 'vitest';
import type { Assignment, Observation, SearchSpace } from '../space/space-types.js';
import { RandomSampler } from './random.js';
import { Rng } from './rng.js';
import { TpeSampler, defaultGamma } from './tpe.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

/** Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]; global minimum 0.397887. */
function branin(p: Assignment): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const braninSpace: SearchSpace = {
  parameters: [
    { name: 'x1', spec: { kind: 'uniform', min: -5, max: 10 } },
    { name: 'x2', spec: { kind: 'uniform', min: 0, max: 15 } },
  ],
};

function bestAfter(sampler: { suggest(h: Observation[]): Assignment }, trials: number, f: (p: Assignment) => number): number {
  const history: Observation[] = [];
  for (let i = 0; i < trials; i++) {
    const params = sampler.suggest(history);
    history.push({ params, value: f(params) });
  }
  return Math.min(...history.map((o) => o.value!));
}

/** A history with known good region (x near 0.2) from random points on [0, 1]. */
function quadraticHistory(n: number, seed: number): Observation[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const x = rng.uniform();
    return { params: { x }, value: (x - 0.2) ** 2 };
  });
}

describe('TpeSampler', () => {
  it('uses Optuna’s default gamma', () => {
    expect([1, 10, 11, 100, 250, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25, 25]);
  });

  it('samples at random until startupTrials trials have finished', () => {
    const space: SearchSpace = { parameters: [{ name: 'x', spec: { kind: 'uniform', min: 0, max: 1 } }] };
    const history = quadraticHistory(5, 1);
    const tpe = new TpeSampler(space, { seed: 3, startupTrials: 10 });
    const random = new RandomSampler(space, { seed: 3 });
    expect(tpe.suggest(history)).toEqual(random.suggest(history));
  });

  it('is reproducible: same seed and history, same suggestion', () => {
    const space: SearchSpace = { parameters: [{ name: 'x', spec: { kind: 'uniform', min: 0, max: 1 } }] };
    const history = quadraticHistory(30, 2);
    expect(new TpeSampler(space, { seed: 9 }).suggest(history)).toEqual(new TpeSampler(space, { seed: 9 }).suggest(history));
  });

  describe('with a fixed history', () => {
    it('concentrates suggestions near the good region of a uniform parameter', () => {
      const space: SearchSpace = { parameters: [{ name: 'x', spec: { kind: 'uniform', min: 0, max: 1 } }] };
      const history = quadraticHistory(60, 4);
      const xs = Array.from({ length: 200 }, (_, seed) => new TpeSampler(space, { seed }).suggest(history).x as number);
      const near = xs.filter((x) => Math.abs(x - 0.2) < 0.1).length / xs.length;
      // A uniform draw lands there 20% of the time.
      expect(near).toBeGreaterThan(0.7);
    });

    it('concentrates log_uniform, int, q and categorical parameters on the good values', () => {
      const space: SearchSpace = {
        parameters: [
          { name: 'lr', spec: { kind: 'log_uniform', min: 1e-5, max: 1 } },
          { name: 'layers', spec: { kind: 'int_uniform', min: 1, max: 8 } },
          { name: 'dropout', spec: { kind: 'q_uniform', min: 0, max: 0.9, q: 0.05 } },
          { name: 'act', spec: { kind: 'categorical', values: ['relu', 'tanh', 'gelu'] } },
        ],
      };
      const loss = (p: Assignment): number =>
        (Math.log10(p.lr as number) + 3) ** 2 + ((p.layers as number) - 6) ** 2 / 4 + ((p.dropout as number) - 0.3) ** 2 * 10 + (p.act === 'gelu' ? 0 : 1);
      const random = new RandomSampler(space, { seed: 1 });
      const history: Observation[] = [];
      for (let i = 0; i < 80; i++) {
        const params = random.suggest(history);
        history.push({ params, value: loss(params) });
      }
      const picks = Array.from({ length: 100 }, (_, seed) => new TpeSampler(space, { seed }).suggest(history));
      const share = (pred: (p: Assignment) => boolean): number => picks.filter(pred).length / picks.length;
      expect(share((p) => Math.abs(Math.log10(p.lr as number) + 3) < 1)).toBeGreaterThan(0.6);
      expect(share((p) => Math.abs((p.layers as number) - 6) <= 1)).toBeGreaterThan(0.6);
      expect(share((p) => p.act === 'gelu')).toBeGreaterThan(0.6);
      for (const p of picks) {
        expect(Number.isInteger(p.layers)).toBe(true);
        expect(p.lr as number).toBeGreaterThanOrEqual(1e-5);
        expect(Math.round((p.dropout as number) / 0.05) * 0.05).toBeCloseTo(p.dropout as number, 10);
      }
    });
  });

  it('models a normal parameter around its good values, unbounded', () => {
    const space: SearchSpace = { parameters: [{ name: 'w', spec: { kind: 'normal', mu: 0, sigma: 1 } }] };
    const rng = new Rng(12);
    const history = Array.from({ length: 60 }, (): Observation => {
      const w = 2 * rng.normal();
      return { params: { w }, value: (w - 1.5) ** 2 };
    });
    const ws = Array.from({ length: 100 }, (_, seed) => new TpeSampler(space, { seed }).suggest(history).w as number);
    expect(ws.every(Number.isFinite)).toBe(true);
    expect(Math.abs(median(ws) - 1.5)).toBeLessThan(0.5);
  });

  describe('when a parameter is conditional', () => {
    const space: SearchSpace = {
      parameters: [
        { name: 'optimizer', spec: { kind: 'categorical', values: ['adam', 'sgd'] } },
        { name: 'momentum', spec: { kind: 'uniform', min: 0, max: 1 }, condition: { parameter: 'optimizer', values: ['sgd'] } },
      ],
    };

    it('sets it only when its condition holds and models it from the trials it applied to', () => {
      const rng = new Rng(8);
      // sgd with momentum near 0.8 is best; adam is mediocre.
      const history = Array.from({ length: 60 }, (_, i): Observation => {
        if (i % 2 === 0) return { params: { optimizer: 'adam' }, value: 0.5 };
        const m = rng.uniform();
        return { params: { optimizer: 'sgd', momentum: m }, value: Math.abs(m - 0.8) };
      });
      const picks = Array.from({ length: 100 }, (_, seed) => new TpeSampler(space, { seed }).suggest(history));
      for (const p of picks) expect('momentum' in p).toBe(p.optimizer === 'sgd');
      const sgd = picks.filter((p) => p.optimizer === 'sgd');
      expect(sgd.length).toBeGreaterThan(60);
      expect(sgd.filter((p) => Math.abs((p.momentum as number) - 0.8) < 0.15).length / sgd.length).toBeGreaterThan(0.6);
    });
  });

  describe('with parallel trials (constant liar)', () => {
    const space: SearchSpace = { parameters: [{ name: 'x', spec: { kind: 'uniform', min: 0, max: 1 } }] };

    it('proposes a different point to a second worker asking while the first one runs', () => {
      const history = quadraticHistory(40, 5);
      const tpe = new TpeSampler(space, { seed: 1 });
      const first = tpe.suggest(history);
      const second = tpe.suggest([...history, { params: first }]);
      expect(second.x).not.toBe(first.x);
    });

    it('moves later workers away from running trials, unlike without the liar', () => {
      const history = quadraticHistory(40, 6);
      // Eight workers already run the best point so far.
      const best = history.reduce((a, b) => (a.value! <= b.value! ? a : b));
      const running: Observation[] = Array.from({ length: 8 }, () => ({ params: { ...best.params } }));
      const distance = (constantLiar: boolean): number =>
        median(
          Array.from({ length: 100 }, (_, seed) => {
            const x = new TpeSampler(space, { seed, constantLiar }).suggest([...history, ...running]).x as number;
            return Math.abs(x - (best.params.x as number));
          }),
        );
      expect(distance(true)).toBeGreaterThan(distance(false));
    });
  });

  it('beats random search on Branin: median best of 50 trials over 50 seeds', () => {
    const seeds = Array.from({ length: 50 }, (_, i) => i);
    const tpe = median(seeds.map((seed) => bestAfter(new TpeSampler(braninSpace, { seed }), 50, branin)));
    const random = median(seeds.map((seed) => bestAfter(new RandomSampler(braninSpace, { seed }), 50, branin)));
    expect(tpe).toBeLessThan(random);
  });
});
