import { invalidArgument } from '../../core/index.js';
import { TENSOR_DATATYPES, type Tensor, type TensorData, type TensorDatatype } from '../runtime/runtime-types.js';
import { halfToNumber, numberToHalf } from './half-float.js';

/**
 * Turning the JSON form of a tensor (OIP's `{name, shape, datatype, data}`, `data` flat or
 * nested in row-major order) into a typed Tensor and back.
 *
 * Protocol quirks kept here:
 * - INT64/UINT64 arrive as JSON numbers, which JSON.parse reads as doubles: values past
 *   2^53 lose precision on the way in. On the way out they are written exactly (see
 *   `tensorDataJson`).
 * - FP16 travels as numbers in JSON and as IEEE half bits in a Uint16Array inside (what
 *   onnxruntime takes for float16 tensors).
 * - BYTES are JSON strings; OIP's binary-data extension is not supported.
 * - BOOL accepts true/false (and 0/1, which some clients send).
 */

const INTEGER_RANGES: Partial<Record<TensorDatatype, [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
  UINT8: [0, 255],
  UINT16: [0, 65535],
  UINT32: [0, 4294967295],
  INT64: [-Number.MAX_VALUE, Number.MAX_VALUE],
  UINT64: [0, Number.MAX_VALUE],
};

export function isTensorDatatype(value: unknown): value is TensorDatatype {
  return typeof value === 'string' && (TENSOR_DATATYPES as readonly string[]).includes(value);
}

/** The number of elements of a shape (1 for a scalar's `[]`). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Flattens nested arrays in row-major order; a scalar is a one-element list. */
export function flatten(data: unknown): unknown[] {
  if (!Array.isArray(data)) return [data];
  if (!data.some(Array.isArray)) return data;
  const out: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else out.push(v);
  };
  walk(data);
  return out;
}

/** The shape of a (rectangular) nested array: `[[1,2],[3,4],[5,6]]` is `[3, 2]`. */
export function nestedShape(data: unknown): number[] {
  const shape: number[] = [];
  let v = data;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/** Typed storage for `count` elements of a datatype. */
export function allocate(datatype: TensorDatatype, count: number): TensorData {
  switch (datatype) {
    case 'FP32':
      return new Float32Array(count);
    case 'FP64':
      return new Float64Array(count);
    case 'FP16':
      return new Uint16Array(count);
    case 'INT8':
      return new Int8Array(count);
    case 'INT16':
      return new Int16Array(count);
    case 'INT32':
      return new Int32Array(count);
    case 'INT64':
      return new BigInt64Array(count);
    case 'UINT8':
      return new Uint8Array(count);
    case 'UINT16':
      return new Uint16Array(count);
    case 'UINT32':
      return new Uint32Array(count);
    case 'UINT64':
      return new BigUint64Array(count);
    case 'BOOL':
      return new Array<boolean>(count).fill(false);
    case 'BYTES':
      return new Array<string>(count).fill('');
    default: {
      const never: never = datatype;
      throw new Error(`unknown datatype ${String(never)}`);
    }
  }
}

/**
 * Builds a Tensor from the JSON form. `path` names the tensor in error messages
 * (`inputs[0]`). Throws INVALID_ARGUMENT naming what is wrong.
 */
export function decodeTensor(json: { name: string; shape: readonly number[]; datatype: string; data: unknown }, path: string): Tensor {
  const { name, datatype } = json;
  if (!isTensorDatatype(datatype)) {
    throw invalidArgument(`${path} (${name}): unknown datatype ${JSON.stringify(datatype)}; expected one of ${TENSOR_DATATYPES.join(', ')}`);
  }
  const shape = [...json.shape];
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw invalidArgument(`${path} (${name}): shape [${shape.join(', ')}] must be non-negative integers`);
  }
  const values = flatten(json.data);
  const expected = elementCount(shape);
  if (values.length !== expected) {
    throw invalidArgument(`${path} (${name}): shape [${shape.join(', ')}] needs ${expected} elements, data has ${values.length}`);
  }
  return { name, datatype, shape, data: fill(datatype, values, `${path} (${name})`) };
}

function fill(datatype: TensorDatatype, values: unknown[], where: string): TensorData {
  const bad = (i: number, what: string): never => {
    throw invalidArgument(`${where}: data[${i}] = ${JSON.stringify(values[i])} is not ${what}`);
  };
  switch (datatype) {
    case 'BYTES': {
      for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'string') bad(i, 'a string (BYTES)');
      return values as string[];
    }
    case 'BOOL':
      return values.map((v, i) => (v === true || v === 1 ? true : v === false || v === 0 ? false : bad(i, 'a boolean')));
    case 'FP32':
    case 'FP64': {
      const out = allocate(datatype, values.length) as Float32Array | Float64Array;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number') bad(i, 'a number');
        out[i] = v as number;
      }
      return out;
    }
    case 'FP16': {
      const out = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number') bad(i, 'a number');
        out[i] = numberToHalf(v as number);
      }
      return out;
    }
    case 'INT64':
    case 'UINT64': {
      const [lo] = INTEGER_RANGES[datatype]!;
      const out = datatype === 'INT64' ? new BigInt64Array(values.length) : new BigUint64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < lo) bad(i, `an integer in range for ${datatype}`);
        out[i] = BigInt(v as number);
      }
      return out;
    }
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'UINT8':
    case 'UINT16':
    case 'UINT32': {
      const [lo, hi] = INTEGER_RANGES[datatype]!;
      const out = allocate(datatype, values.length) as Int8Array;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(i, `an integer in range for ${datatype}`);
        out[i] = v as number;
      }
      return out;
    }
    default: {
      const never: never = datatype;
      throw new Error(`unknown datatype ${String(never)}`);
    }
  }
}

/**
 * The `data` of a tensor as JSON text, flat. Written by hand rather than with
 * JSON.stringify: BigInt has no JSON form there, and joining a typed array is several
 * times faster than mapping it to an array first. Non-finite floats have no JSON form
 * either; they are written as null (as Python's json would fail to, and Triton does).
 */
export function tensorDataJson(tensor: Tensor): string {
  const { data, datatype } = tensor;
  if (datatype === 'BYTES' || datatype === 'BOOL') return JSON.stringify(data);
  if (datatype === 'FP16') {
    const out = new Array<number>(data.length);
    for (let i = 0; i < data.length; i++) out[i] = halfToNumber((data as Uint16Array)[i]!);
    return finiteJson(out);
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return `[${data.join(',')}]`;
  if (data instanceof Float32Array || data instanceof Float64Array) return finiteJson(data);
  return `[${(data as Int32Array).join(',')}]`;
}

function finiteJson(data: ArrayLike<number>): string {
  let allFinite = true;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      allFinite = false;
      break;
    }
  }
  if (allFinite) return `[${Array.prototype.join.call(data, ',')}]`;
  return JSON.stringify(Array.from(data, (v) => (Number.isFinite(v) ? v : null)));
}

/** The tensor's data as plain JS values (numbers, booleans, strings; 64-bit integers as numbers). */
export function tensorValues(tensor: Tensor): unknown[] {
  const { data, datatype } = tensor;
  if (datatype === 'FP16') return Array.from(data as Uint16Array, halfToNumber);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, Number);
  return Array.from(data as ArrayLike<unknown>);
}

/** Nests a flat list by shape (row-major): `[1,2,3,4]` by `[2,2]` is `[[1,2],[3,4]]`. */
export function nest(values: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return values[0];
  if (shape.length === 1) return values;
  const [first, ...rest] = shape;
  const step = elementCount(rest);
  const out: unknown[] = [];
  for (let i = 0; i < first!; i++) out.push(nest(values.slice(i * step, (i + 1) * step), rest));
  return out;
}
