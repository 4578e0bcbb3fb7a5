export * from './errors.js';
export * from './ids.js';
export * from './clock.js';
export * from './config.js';
export * from './logger.js';
export * from './compute-types.js';
export * from './compute-units.js';
export * from './data-types.js';
