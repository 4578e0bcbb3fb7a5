export { parseSweepConfig } from './sweep-config.js';
export { renderCommand, splitCommand, placeholdersIn, formatParamValue, paramsToEnv, paramEnvName } from './command-template.js';
export { SWEEP_METHODS, EARLY_STOP_TYPES } from './sweep-config-types.js';
export type { SweepConfig, SweepMethod, SweepMetric, EarlyStopConfig, EarlyStopType, TpeOptions } from './sweep-config-types.js';
