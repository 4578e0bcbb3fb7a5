export { parameterImportance, MIN_OBSERVATIONS, type ImportanceOptions, type ParameterImportance } from './importance.js';
