import type { Assignment, Observation, Parameter, SearchSpace } from '../space/space-types.js';
import { isActive, prepareSpace } from './prepare-space.js';
import { Rng } from './rng.js';
import { samplePrior } from './sample-prior.js';

export interface RandomSamplerOptions {
  /** Same seed and same history length, same suggestion. Default 0. */
  seed?: number;
}

/**
 * Random search: each applicable parameter drawn from its own distribution.
 *
 * The stream is derived from the seed and the number of observations, so `suggest` is a
 * pure function: callers must include running trials in `history`, or parallel workers
 * asking with the same history get the same point.
 *
 * @example
 *   const sampler = new RandomSampler(space, { seed: 7 });
 *   const params = sampler.suggest(history);
 */
export class RandomSampler {
  private readonly ordered: Parameter[];
  private readonly seed: number;

  constructor(space: SearchSpace, options: RandomSamplerOptions = {}) {
    this.ordered = prepareSpace(space);
    this.seed = options.seed ?? 0;
  }

  suggest(history: readonly Observation[]): Assignment {
    return sampleAssignment(this.ordered, Rng.derive(this.seed, history.length));
  }
}

/** One assignment drawn from the priors, parameters in dependency order. */
export function sampleAssignment(ordered: readonly Parameter[], rng: Rng): Assignment {
  const chosen: Assignment = {};
  for (const p of ordered) {
    if (isActive(p, chosen)) chosen[p.name] = samplePrior(p.spec, rng);
  }
  return chosen;
}
