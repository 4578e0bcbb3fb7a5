import { invalidArgument, type ValidationIssue } from '../../core/errors.js';
import type { ModelSignature, Tensor, TensorData, TensorDatatype, TensorSpec } from './runtime-types.js';

/** The array type each datatype's data must come in. */
const DATA_CLASS: Record<TensorDatatype, { name: string; test: (d: TensorData) => boolean }> = {
  BOOL: { name: 'an array of booleans', test: (d) => Array.isArray(d) && d.every((v) => typeof v === 'boolean') },
  BYTES: { name: 'an array of strings', test: (d) => Array.isArray(d) && d.every((v) => typeof v === 'string') },
  UINT8: { name: 'a Uint8Array', test: (d) => d instanceof Uint8Array },
  UINT16: { name: 'a Uint16Array', test: (d) => d instanceof Uint16Array },
  UINT32: { name: 'a Uint32Array', test: (d) => d instanceof Uint32Array },
  UINT64: { name: 'a BigUint64Array', test: (d) => d instanceof BigUint64Array },
  INT8: { name: 'an Int8Array', test: (d) => d instanceof Int8Array },
  INT16: { name: 'an Int16Array', test: (d) => d instanceof Int16Array },
  INT32: { name: 'an Int32Array', test: (d) => d instanceof Int32Array },
  INT64: { name: 'a BigInt64Array', test: (d) => d instanceof BigInt64Array },
  // IEEE half floats travel as their bit patterns.
  FP16: { name: 'a Uint16Array', test: (d) => d instanceof Uint16Array },
  FP32: { name: 'a Float32Array', test: (d) => d instanceof Float32Array },
  FP64: { name: 'a Float64Array', test: (d) => d instanceof Float64Array },
};

export interface CheckOptions {
  /** Inputs whose rank the model leaves open (a TF.js placeholder without a shape): only the datatype is checked. */
  unknownRank?: ReadonlySet<string>;
}

/**
 * Checks request tensors against the signature before the runtime sees them, so that a
 * bad request gets a message naming the tensor and the problem rather than a runtime's
 * internal error. Throws INVALID_ARGUMENT with one issue per problem.
 */
export function checkInputs(signature: ModelSignature, inputs: readonly Tensor[], options: CheckOptions = {}): void {
  const issues: ValidationIssue[] = [];
  const specs = new Map(signature.inputs.map((s) => [s.name, s]));
  const seen = new Set<string>();
  inputs.forEach((t, i) => {
    const path = `inputs[${i}]`;
    if (seen.has(t.name)) {
      issues.push({ path, message: `input ${t.name} is given more than once` });
      return;
    }
    seen.add(t.name);
    const spec = specs.get(t.name);
    if (!spec) {
      issues.push({ path, message: `the model has no input named ${t.name} (its inputs: ${[...specs.keys()].join(', ')})` });
      return;
    }
    issues.push(...checkTensor(spec, t, path, options.unknownRank?.has(t.name) ?? false));
  });
  for (const name of specs.keys()) {
    if (!seen.has(name)) issues.push({ path: 'inputs', message: `input ${name} is missing` });
  }
  if (issues.length > 0) throw invalidArgument(`invalid inputs: ${issues.map((x) => x.message).join('; ')}`, issues);
}

function checkTensor(spec: TensorSpec, t: Tensor, path: string, unknownRank: boolean): ValidationIssue[] {
  if (t.datatype !== spec.datatype) {
    return [{ path: `${path}.datatype`, message: `input ${t.name} must be ${spec.datatype}, not ${t.datatype}` }];
  }
  const issues: ValidationIssue[] = [];
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    return [{ path: `${path}.shape`, message: `input ${t.name} has shape [${t.shape.join(', ')}]: sizes must be whole numbers, 0 or more` }];
  }
  if (!unknownRank) {
    if (t.shape.length !== spec.shape.length) {
      issues.push({
        path: `${path}.shape`,
        message: `input ${t.name} must have ${spec.shape.length} dimensions [${describeShape(spec.shape)}], not ${t.shape.length} [${t.shape.join(', ')}]`,
      });
    } else {
      spec.shape.forEach((want, d) => {
        if (want >= 0 && t.shape[d] !== want) {
          issues.push({ path: `${path}.shape[${d}]`, message: `input ${t.name} must have size ${want} in dimension ${d} [${describeShape(spec.shape)}], not ${t.shape[d]}` });
        }
      });
    }
  }
  const kind = DATA_CLASS[t.datatype];
  if (!kind.test(t.data)) {
    issues.push({ path: `${path}.data`, message: `data of ${t.datatype} input ${t.name} must be ${kind.name}` });
  } else {
    const expected = t.shape.reduce((n, d) => n * d, 1);
    if (t.data.length !== expected) {
      issues.push({ path: `${path}.data`, message: `input ${t.name} has ${t.data.length} values, but shape [${t.shape.join(', ')}] holds ${expected}` });
    }
  }
  return issues;
}

/** Checks the names `run` was asked to return and gives the specs to return, in the order asked. */
export function selectOutputs(signature: ModelSignature, requested: readonly string[] | undefined): TensorSpec[] {
  if (requested === undefined) return signature.outputs;
  const specs = new Map(signature.outputs.map((s) => [s.name, s]));
  const unknown = requested.filter((n) => !specs.has(n));
  if (unknown.length > 0) {
    throw invalidArgument(
      `the model has no output named ${unknown.join(', ')} (its outputs: ${[...specs.keys()].join(', ')})`,
      unknown.map((n) => ({ path: 'outputs', message: `unknown output ${n}` })),
    );
  }
  return [...new Set(requested)].map((n) => specs.get(n)!);
}

/** Whether several requests' inputs may be stacked along dimension 0. */
export function isBatchable(signature: ModelSignature): boolean {
  const all = [...signature.inputs, ...signature.outputs];
  return all.length > 0 && all.every((s) => s.shape.length > 0 && s.shape[0] === -1);
}

function describeShape(shape: readonly number[]): string {
  return shape.map((d) => (d < 0 ? '?' : String(d))).join(', ');
}
