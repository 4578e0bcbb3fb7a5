import { EARLY_STOP_TYPES, type EarlyStopConfig, type TpeOptions } from './sweep-config-types.js';
import type { Field, Fields, YamlReader } from './internal/yaml-reader.js';

const EARLY_STOP_KEYS = ['type', 'time_metric', 'min_t', 'max_t', 'reduction_factor', 'grace_t', 'min_trials'];
const RUNG_KEYS = ['min_t', 'max_t', 'reduction_factor'];
const MEDIAN_KEYS = ['grace_t', 'min_trials'];

/**
 * `early_stop:`. Defaults: time_metric "epoch"; for asha and hyperband min_t 1 and
 * reduction_factor 3 (max_t is required: it sets the rungs); for median grace_t 0 and
 * min_trials 3 (Ray Tune's min_samples_required).
 */
export function parseEarlyStop(r: YamlReader, field: Field): EarlyStopConfig | undefined {
  const f = r.map(field, EARLY_STOP_KEYS);
  if (f === undefined) return undefined;
  const typeField = r.required(f, 'type');
  const type = typeField && r.oneOf(typeField, EARLY_STOP_TYPES);
  const timeMetricField = f.get('time_metric');
  const timeMetric = timeMetricField ? r.string(timeMetricField) : 'epoch';
  if (type === undefined || timeMetric === undefined) return undefined;
  const foreign = type === 'median' ? RUNG_KEYS : MEDIAN_KEYS;
  let ok = true;
  for (const key of foreign) {
    const other = f.get(key);
    if (other) ok = r.fail(other, `${key} does not apply to early_stop type ${type}`) ?? false;
  }
  if (type === 'median') {
    const graceT = optional(f, 'grace_t', 0, (x) => r.number(x));
    const minTrials = optional(f, 'min_trials', 3, (x) => r.integer(x, 1));
    if (graceT !== undefined && graceT < 0) return r.fail(f.get('grace_t')!, 'grace_t must be >= 0');
    return ok && graceT !== undefined && minTrials !== undefined ? { type, timeMetric, graceT, minTrials } : undefined;
  }
  const minT = optional(f, 'min_t', 1, (x) => r.number(x));
  const maxTField = r.required(f, 'max_t');
  const maxT = maxTField && r.number(maxTField);
  const reductionFactor = optional(f, 'reduction_factor', 3, (x) => r.number(x));
  if (minT === undefined || maxT === undefined || reductionFactor === undefined) return undefined;
  if (minT <= 0) ok = r.fail(f.get('min_t')!, 'min_t must be greater than 0') ?? false;
  if (!(maxT > minT)) ok = r.fail(maxTField!, `max_t must be greater than min_t (${minT})`) ?? false;
  if (!(reductionFactor > 1)) ok = r.fail(f.get('reduction_factor')!, 'reduction_factor must be greater than 1') ?? false;
  return ok ? { type, timeMetric, minT, maxT, reductionFactor } : undefined;
}

/**
 * `tpe:` with Optuna's defaults (10 startup trials, 24 candidates). `gamma` is left out
 * unless given, so that the sampler applies Optuna's split (`tpeSamplerOptions`).
 */
export function parseTpeOptions(r: YamlReader, field: Field | undefined): TpeOptions | undefined {
  const f = field ? r.map(field, ['startup_trials', 'gamma', 'candidates']) : undefined;
  if (field && f === undefined) return undefined;
  const startupTrials = f ? optional(f, 'startup_trials', 10, (x) => r.integer(x, 0)) : 10;
  const gammaField = f?.get('gamma');
  const gamma = gammaField ? r.number(gammaField) : undefined;
  const candidates = f ? optional(f, 'candidates', 24, (x) => r.integer(x, 1)) : 24;
  if (startupTrials === undefined || candidates === undefined || (gammaField && gamma === undefined)) return undefined;
  if (gammaField) {
    if (!(gamma! > 0 && gamma! < 1)) return r.fail(gammaField, 'gamma must be between 0 and 1 (exclusive)');
    return { startupTrials, gamma: gamma!, candidates };
  }
  return { startupTrials, candidates };
}

function optional<T>(f: Fields, key: string, fallback: T, read: (field: Field) => T | undefined): T | undefined {
  const field = f.get(key);
  return field === undefined ? fallback : read(field);
}
