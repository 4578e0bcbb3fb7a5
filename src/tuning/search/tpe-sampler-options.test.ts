import { describe, expect, it } from 'vitest';
import { defaultGamma } from './tpe.js';
import { tpeSamplerOptions } from './tpe-sampler-options.js';

describe('tpeSamplerOptions', () => {
  describe('when the config has no gamma', () => {
    it("leaves gamma to the sampler (Optuna's default) and passes the rest through", () => {
      const options = tpeSamplerOptions({ startupTrials: 5, candidates: 48 }, 7);
      expect(options).toEqual({ startupTrials: 5, candidates: 48, seed: 7 });
      expect([1, 100, 1000].map(defaultGamma)).toEqual([1, 10, 25]);
    });
  });

  describe('when the config fixes gamma', () => {
    it('turns the fraction into ceil(gamma * n) trials', () => {
      const { gamma } = tpeSamplerOptions({ startupTrials: 10, candidates: 24, gamma: 0.25 });
      expect([1, 10, 11, 100, 1000].map(gamma!)).toEqual([1, 3, 3, 25, 250]);
    });

    it('leaves the seed out when none is given', () => {
      expect(tpeSamplerOptions({ startupTrials: 10, candidates: 24, gamma: 0.25 })).not.toHaveProperty('seed');
    });
  });
});
