import type { Rng } from './rng.js';
import { mixtureWeights } from './parzen-weights.js';

/**
 * Smoothed counts over a categorical parameter (Optuna's categorical Parzen estimator): each
 * observation is a kernel with mass 1 on its choice plus `priorWeight / kernels` spread over
 * all choices, and one prior kernel. The spread follows the parameter's own probabilities
 * when it has them (uniform otherwise, which is exactly Optuna's).
 */
export class CategoricalParzen {
  private readonly probabilities: number[];

  constructor(observations: readonly number[], prior: readonly number[], priorWeight: number) {
    const k = prior.length;
    const kernels = observations.length + 1;
    const mix = mixtureWeights(observations.length, priorWeight);
    const fill = (priorWeight / kernels) * k;
    this.probabilities = prior.map((p) => mix[observations.length]! * p);
    observations.forEach((choice, i) => {
      const rowTotal = 1 + fill;
      for (let c = 0; c < k; c++) {
        this.probabilities[c]! += (mix[i]! * ((c === choice ? 1 : 0) + fill * prior[c]!)) / rowTotal;
      }
    });
  }

  sample(rng: Rng): number {
    return rng.weightedIndex(this.probabilities);
  }

  logProbability(choice: number): number {
    return Math.log(this.probabilities[choice]!);
  }
}
