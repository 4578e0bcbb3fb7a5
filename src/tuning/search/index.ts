export { GridSampler, assignmentKey } from './grid.js';
export { RandomSampler, type RandomSamplerOptions } from './random.js';
export { TpeSampler, defaultGamma, type TpeSamplerOptions } from './tpe.js';
export { tpeSamplerOptions } from './tpe-sampler-options.js';
export type { KernelScale } from './parzen-numeric.js';
export { Rng } from './rng.js';
