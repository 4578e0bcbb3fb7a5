import type { ParamValue, ParameterSpec } from '../space/space-types.js';
import type { Rng } from './rng.js';

/**
 * One draw from a parameter's own distribution. `log_uniform` takes min/max as values
 * (W&B's `log_uniform_values`), matching the sweep YAML (`min: 0.0001, max: 0.1`).
 */
export function samplePrior(spec: ParameterSpec, rng: Rng): ParamValue {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'categorical': {
      if (!spec.probabilities) return spec.values[Math.floor(rng.uniform() * spec.values.length)]!;
      return spec.values[rng.weightedIndex(spec.probabilities)]!;
    }
    case 'uniform':
      return spec.min + rng.uniform() * (spec.max - spec.min);
    case 'int_uniform':
      return rng.intInclusive(Math.ceil(spec.min), Math.floor(spec.max));
    case 'log_uniform': {
      const lo = Math.log(spec.min);
      return Math.min(spec.max, Math.max(spec.min, Math.exp(lo + rng.uniform() * (Math.log(spec.max) - lo))));
    }
    case 'q_uniform':
      return snapToQ(spec.min + rng.uniform() * (spec.max - spec.min), spec);
    case 'normal':
      return spec.mu + spec.sigma * rng.normal();
    default: {
      const never: never = spec;
      return never;
    }
  }
}

/**
 * Rounds to the grid `min + k*q` inside [min, max] (Optuna's discrete uniform, anchored at
 * min so that the result never leaves the range), trimming float noise (0.1*3 -> 0.3).
 */
export function snapToQ(x: number, spec: { min: number; max: number; q: number }): number {
  const last = qSteps(spec);
  const k = Math.min(last, Math.max(0, Math.round((x - spec.min) / spec.q)));
  return cleanFloat(spec.min + k * spec.q);
}

/** Index of the last grid point of a q_uniform range (so it has `qSteps + 1` values). */
export function qSteps(spec: { min: number; max: number; q: number }): number {
  // The epsilon keeps (0.3 - 0) / 0.1 = 2.9999999999999996 from losing its last point.
  return Math.floor((spec.max - spec.min) / spec.q + 1e-9);
}

export const cleanFloat = (x: number): number => Number(x.toPrecision(14));
