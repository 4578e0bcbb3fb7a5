import type { Distribution, ParameterSpec, ParamValue } from '../space/space-types.js';
import { isIntegerLiteral, type Field, type Fields, type YamlReader } from './internal/yaml-reader.js';

const DISTRIBUTIONS: readonly Distribution[] = ['uniform', 'int_uniform', 'log_uniform', 'q_uniform', 'normal', 'categorical'];
/**
 * W&B's `log_uniform` takes min/max as natural logs of the bounds; its `log_uniform_values`
 * takes the bounds themselves. Ours takes the bounds themselves (`min: 0.0001`), as the
 * issue's example does, so `log_uniform_values` is accepted as a synonym.
 */
const ALIASES: Record<string, Distribution> = { log_uniform_values: 'log_uniform' };

const SPEC_KEYS = ['values', 'probabilities', 'min', 'max', 'q', 'mu', 'sigma'] as const;
const KEYS_OF: Record<Distribution, readonly string[]> = {
  categorical: ['values', 'probabilities'],
  uniform: ['min', 'max'],
  int_uniform: ['min', 'max'],
  log_uniform: ['min', 'max'],
  q_uniform: ['min', 'max', 'q'],
  normal: ['mu', 'sigma'],
};
const PROBABILITY_TOLERANCE = 1e-6;

/**
 * One parameter's spec from its mapping (`{ distribution: log_uniform, min: 0.0001, max: 0.1 }`).
 * Without `distribution` it is inferred as W&B does: `value` → constant, `values` →
 * categorical, `min`/`max` both written as integers → int_uniform, otherwise uniform.
 */
export function parseParameterSpec(r: YamlReader, f: Fields): ParameterSpec | undefined {
  const valueField = f.get('value');
  if (valueField !== undefined) {
    for (const key of ['distribution', ...SPEC_KEYS]) {
      const other = f.get(key);
      if (other) r.fail(other, `${key} does not apply to a constant (value)`);
    }
    const value = r.scalar(valueField);
    return value === undefined ? undefined : { kind: 'constant', value };
  }

  const kind = distributionOf(r, f);
  if (kind === undefined) return undefined;
  let ok = true;
  for (const key of SPEC_KEYS) {
    const field = f.get(key);
    if (field && !KEYS_OF[kind].includes(key)) ok = r.fail(field, `${key} does not apply to distribution ${kind}`) ?? false;
  }
  const spec = readSpec(r, f, kind);
  return ok ? spec : undefined;
}

function distributionOf(r: YamlReader, f: Fields): Distribution | undefined {
  const field = f.get('distribution');
  if (field !== undefined) {
    const name = r.oneOf(field, [...DISTRIBUTIONS, ...Object.keys(ALIASES)]);
    return name === undefined ? undefined : (ALIASES[name] ?? (name as Distribution));
  }
  if (f.has('values')) return 'categorical';
  const min = f.get('min');
  const max = f.get('max');
  if (min || max) return min && max && isIntegerLiteral(min) && isIntegerLiteral(max) ? 'int_uniform' : 'uniform';
  if (f.has('mu') || f.has('sigma')) return r.fail(f.absent('distribution'), 'mu and sigma need distribution: normal');
  return r.fail(f.at, 'a parameter needs value, values, min and max, or parameters (a group)');
}

function readSpec(r: YamlReader, f: Fields, kind: Distribution): ParameterSpec | undefined {
  switch (kind) {
    case 'categorical':
      return readCategorical(r, f);
    case 'normal': {
      // W&B's defaults for the normal distribution.
      const mu = f.has('mu') ? r.number(f.get('mu')!) : 0;
      const sigmaField = f.get('sigma');
      const sigma = sigmaField ? r.number(sigmaField) : 1;
      if (sigma !== undefined && sigma <= 0) return r.fail(sigmaField!, 'sigma must be greater than 0');
      return mu === undefined || sigma === undefined ? undefined : { kind, mu, sigma };
    }
    case 'uniform':
    case 'int_uniform':
    case 'log_uniform':
    case 'q_uniform':
      return readRange(r, f, kind);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function readRange(r: YamlReader, f: Fields, kind: 'uniform' | 'int_uniform' | 'log_uniform' | 'q_uniform'): ParameterSpec | undefined {
  const minField = r.required(f, 'min');
  const maxField = r.required(f, 'max');
  const min = minField && r.number(minField);
  const max = maxField && r.number(maxField);
  if (min === undefined || max === undefined) return undefined;
  let ok = true;
  if (kind === 'int_uniform' && !(Number.isInteger(min) && Number.isInteger(max))) {
    ok = r.fail(f.absent('min'), 'int_uniform needs integer min and max') ?? false;
  }
  if (!(max > min)) ok = r.fail(maxField!, 'max must be greater than min') ?? false;
  if (kind === 'log_uniform' && min <= 0) ok = r.fail(minField!, 'log_uniform needs min > 0') ?? false;
  if (kind === 'q_uniform') {
    const qField = r.required(f, 'q');
    const q = qField && r.number(qField);
    if (q === undefined) return undefined;
    if (q <= 0) return r.fail(qField!, 'q must be greater than 0');
    return ok ? { kind, min, max, q } : undefined;
  }
  return ok ? { kind, min, max } : undefined;
}

function readCategorical(r: YamlReader, f: Fields): ParameterSpec | undefined {
  const valuesField = r.required(f, 'values');
  const items = valuesField && r.list(valuesField);
  if (items === undefined) return undefined;
  if (items.length === 0) return r.fail(valuesField!, 'values must not be empty');
  const values: ParamValue[] = [];
  let ok = true;
  for (const item of items) {
    const v = r.scalar(item);
    if (v === undefined) ok = false;
    else if (values.includes(v)) ok = r.fail(item, `value ${String(v)} is listed twice`) ?? false;
    else values.push(v);
  }
  const probabilitiesField = f.get('probabilities');
  if (probabilitiesField === undefined) return ok ? { kind: 'categorical', values } : undefined;
  const probabilities = readProbabilities(r, probabilitiesField, items.length);
  return ok && probabilities ? { kind: 'categorical', values, probabilities } : undefined;
}

function readProbabilities(r: YamlReader, field: Field, count: number): number[] | undefined {
  const items = r.list(field);
  if (items === undefined) return undefined;
  if (items.length !== count) return r.fail(field, `probabilities has ${items.length} entries but values has ${count}`);
  const probabilities: number[] = [];
  for (const item of items) {
    const p = r.number(item);
    if (p === undefined) return undefined;
    if (p < 0 || p > 1) return r.fail(item, 'each probability must be between 0 and 1');
    probabilities.push(p);
  }
  const sum = probabilities.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) return r.fail(field, `probabilities must sum to 1 (they sum to ${sum})`);
  return probabilities;
}

export function isFiniteSpec(spec: ParameterSpec): boolean {
  return spec.kind === 'constant' || spec.kind === 'categorical' || spec.kind === 'int_uniform' || spec.kind === 'q_uniform';
}
