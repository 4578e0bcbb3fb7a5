import { describe, expect, it } from 'vitest';
import { Rng } from '../search/rng.js';
import type { Assignment, SearchSpace } from '../space/space-types.js';
import { encodeFeatures } from './encode-features.js';
import { parameterImportance } from './importance.js';

const space: SearchSpace = {
  parameters: [
    { name: 'x', spec: { kind: 'uniform', min: -3, max: 3 } },
    { name: 'lr', spec: { kind: 'log_uniform', min: 1e-5, max: 1 } },
    { name: 'hidden', spec: { kind: 'categorical', values: [16, 32, 64, 128] } },
    { name: 'layers', spec: { kind: 'int_uniform', min: 1, max: 4 } },
    { name: 'seed', spec: { kind: 'constant', value: 7 } },
  ],
};

/** `n` random points of `space` with the objective `f`. */
function observe(n: number, f: (p: Assignment) => number, seed = 3): { params: Assignment; value: number }[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const params: Assignment = {
      x: -3 + 6 * rng.uniform(),
      lr: 10 ** (-5 + 5 * rng.uniform()),
      hidden: [16, 32, 64, 128][rng.intInclusive(0, 3)]!,
      layers: rng.intInclusive(1, 4),
      seed: 7,
    };
    return { params, value: f(params) };
  });
}

const sum = (xs: { importance: number }[]): number => xs.reduce((a, b) => a + b.importance, 0);
const of = (xs: { parameter: string; importance: number }[], name: string): number => xs.find((x) => x.parameter === name)!.importance;

describe('parameterImportance', () => {
  it('gives nearly all the importance to the one parameter the objective depends on', () => {
    const result = parameterImportance(space, observe(60, (p) => (p.x as number) ** 2));
    expect(result[0]!.parameter).toBe('x');
    expect(result[0]!.importance).toBeGreaterThan(0.8);
    expect(result.map((r) => r.parameter).sort()).toEqual(['hidden', 'layers', 'lr', 'x']);
    expect(sum(result)).toBeCloseTo(1, 10);
  });

  it('credits a log-scaled and a categorical parameter over the noise ones', () => {
    const codes: Record<number, number> = { 16: 2, 32: 0, 64: 3, 128: 1 };
    const result = parameterImportance(space, observe(120, (p) => Math.log10(p.lr as number) + 2 * codes[p.hidden as number]!));
    expect(result.map((r) => r.parameter).slice(0, 2).sort()).toEqual(['hidden', 'lr']);
    expect(of(result, 'lr') + of(result, 'hidden')).toBeGreaterThan(0.9);
  });

  it('finds a categorical parameter whose effect is not monotone in its codes', () => {
    const result = parameterImportance(space, observe(80, (p) => (p.hidden === 32 || p.hidden === 128 ? 1 : 0)));
    expect(result[0]).toMatchObject({ parameter: 'hidden' });
    expect(result[0]!.importance).toBeGreaterThan(0.8);
  });

  it('is sorted largest first', () => {
    const result = parameterImportance(space, observe(60, (p) => (p.x as number) + (p.layers as number) * 0.3));
    for (let i = 1; i < result.length; i++) expect(result[i - 1]!.importance).toBeGreaterThanOrEqual(result[i]!.importance);
  });

  it('gives the same answer for the same seed, and may differ for another', () => {
    const obs = observe(40, (p) => (p.x as number) + Math.log(p.lr as number));
    expect(parameterImportance(space, obs, { seed: 5 })).toEqual(parameterImportance(space, obs, { seed: 5 }));
    expect(parameterImportance(space, obs, { seed: 5 })).not.toEqual(parameterImportance(space, obs, { seed: 6 }));
  });

  it('does not depend on the scale or the sign of the objective', () => {
    const obs = observe(40, (p) => (p.x as number) + Math.log(p.lr as number));
    const a = parameterImportance(space, obs, { seed: 2 });
    const scaled = parameterImportance(space, obs.map((o) => ({ params: o.params, value: 1e-9 * o.value + 5 })), { seed: 2 });
    scaled.forEach((r, i) => expect(r).toEqual({ parameter: a[i]!.parameter, importance: expect.closeTo(a[i]!.importance, 6) }));
    // Negated, equal gains may be broken the other way, so the trees differ a little.
    const negated = parameterImportance(space, obs.map((o) => ({ params: o.params, value: -o.value })), { seed: 2 });
    negated.forEach((r, i) => expect(r).toEqual({ parameter: a[i]!.parameter, importance: expect.closeTo(a[i]!.importance, 2) }));
  });

  it('is empty below 4 observations with a finite value', () => {
    const obs = observe(3, (p) => p.x as number);
    expect(parameterImportance(space, obs)).toEqual([]);
    expect(parameterImportance(space, [...obs, { params: obs[0]!.params, value: Number.NaN }])).toEqual([]);
    expect(parameterImportance(space, [])).toEqual([]);
  });

  it('is empty when no parameter varies or the objective is constant', () => {
    const same = Array.from({ length: 6 }, (_, i) => ({ params: { x: 1, lr: 0.1, hidden: 16, layers: 2, seed: 7 }, value: i }));
    expect(parameterImportance(space, same)).toEqual([]);
    expect(parameterImportance(space, observe(10, () => 0.5))).toEqual([]);
    expect(parameterImportance({ parameters: [{ name: 'seed', spec: { kind: 'constant', value: 7 } }] }, observe(10, (p) => p.x as number))).toEqual([]);
  });

  it('works with a single tree and a single varying parameter', () => {
    const result = parameterImportance({ parameters: [space.parameters[0]!] }, observe(10, (p) => p.x as number), { trees: 1 });
    expect(result).toEqual([{ parameter: 'x', importance: 1 }]);
  });

  it('scores a conditional parameter, whose absence is a value of its own', () => {
    const conditional: SearchSpace = {
      parameters: [
        { name: 'opt', spec: { kind: 'categorical', values: ['sgd', 'adam'] } },
        { name: 'momentum', spec: { kind: 'uniform', min: 0, max: 1 }, condition: { parameter: 'opt', values: ['sgd'] } },
        { name: 'noise', spec: { kind: 'uniform', min: 0, max: 1 } },
      ],
    };
    const rng = new Rng(9);
    const obs = Array.from({ length: 80 }, () => {
      const params: Assignment = rng.uniform() < 0.5 ? { opt: 'sgd', momentum: rng.uniform() } : { opt: 'adam' };
      params.noise = rng.uniform();
      return { params, value: params.opt === 'sgd' ? 10 * (params.momentum as number) : 5 };
    });
    const result = parameterImportance(conditional, obs);
    expect(result[0]!.parameter).toBe('momentum');
    expect(of(result, 'noise')).toBeLessThan(0.1);
  });
});

describe('encodeFeatures', () => {
  it('takes the log of log_uniform values and puts absent values below all others', () => {
    const [lr, mom] = encodeFeatures(
      [
        { name: 'lr', spec: { kind: 'log_uniform', min: 1e-4, max: 1 } },
        { name: 'mom', spec: { kind: 'uniform', min: 0, max: 1 }, condition: { parameter: 'opt', values: ['sgd'] } },
      ],
      [{ lr: 1, mom: 0.5 }, { lr: Math.E, mom: 0.9 }, { lr: 1 }],
    );
    expect(lr!.values).toEqual([0, 1, 0]);
    expect(mom!.values[2]).toBeLessThan(0.5);
  });

  it('codes categories by their place in the spec, with unknown and absent values as categories of their own', () => {
    const [c] = encodeFeatures([{ name: 'c', spec: { kind: 'categorical', values: [1, '1', true] } }], [{ c: '1' }, { c: 1 }, {}, { c: 'x' }, { c: true }]);
    expect(c).toEqual({ parameter: 'c', kind: 'categorical', values: [1, 0, 3, 4, 2] });
  });
});
