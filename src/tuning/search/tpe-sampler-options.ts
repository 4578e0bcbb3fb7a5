import type { TpeOptions } from '../config/sweep-config-types.js';
import type { TpeSamplerOptions } from './tpe.js';

/**
 * The sampler options for a sweep's `tpe:` settings. A `gamma` given in the config is a fixed
 * fraction of the finished trials (rounded up); without one the sampler keeps its default,
 * Optuna's min(ceil(0.1 n), 25).
 *
 * @example
 *   new TpeSampler(config.space, tpeSamplerOptions(config.tpe, config.seed));
 */
export function tpeSamplerOptions(config: TpeOptions, seed?: number): TpeSamplerOptions {
  const { gamma } = config;
  return {
    startupTrials: config.startupTrials,
    candidates: config.candidates,
    ...(gamma === undefined ? {} : { gamma: (n: number) => Math.ceil(gamma * n) }),
    ...(seed === undefined ? {} : { seed }),
  };
}
