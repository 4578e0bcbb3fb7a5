export type { Decision, StopAction, Stopper } from './stopping-types.js';
export { Asha, type AshaOptions } from './asha.js';
export { Hyperband, type BracketInfo, type HyperbandOptions } from './hyperband.js';
export { MedianStoppingRule, type MedianStoppingOptions } from './median.js';
