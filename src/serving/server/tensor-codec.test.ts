import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { TENSOR_DATATYPES, type TensorDatatype } from '../runtime/runtime-types.js';
import { halfToNumber, numberToHalf } from './half-float.js';
import { decodeTensor, nest, nestedShape, tensorDataJson, tensorValues } from './tensor-codec.js';

/** Per datatype: JSON values in, the typed array they become, and the JSON they come back as. */
const CASES: Record<TensorDatatype, { data: unknown[]; type: string; json: string }> = {
  BOOL: { data: [true, false, 1, 0], type: 'Array', json: '[true,false,true,false]' },
  UINT8: { data: [0, 255, 7, 1], type: 'Uint8Array', json: '[0,255,7,1]' },
  UINT16: { data: [0, 65535, 7, 1], type: 'Uint16Array', json: '[0,65535,7,1]' },
  UINT32: { data: [0, 4294967295, 7, 1], type: 'Uint32Array', json: '[0,4294967295,7,1]' },
  UINT64: { data: [0, 9007199254740991, 7, 1], type: 'BigUint64Array', json: '[0,9007199254740991,7,1]' },
  INT8: { data: [-128, 127, -1, 0], type: 'Int8Array', json: '[-128,127,-1,0]' },
  INT16: { data: [-32768, 32767, -1, 0], type: 'Int16Array', json: '[-32768,32767,-1,0]' },
  INT32: { data: [-2147483648, 2147483647, -1, 0], type: 'Int32Array', json: '[-2147483648,2147483647,-1,0]' },
  INT64: { data: [-9007199254740991, 9007199254740991, -1, 0], type: 'BigInt64Array', json: '[-9007199254740991,9007199254740991,-1,0]' },
  FP16: { data: [0.5, -2, 65504, 0.099975586], type: 'Uint16Array', json: '[0.5,-2,65504,0.099975586]' },
  FP32: { data: [0.5, -2, 1e10, 0.25], type: 'Float32Array', json: '[0.5,-2,10000000000,0.25]' },
  FP64: { data: [0.1, -2, 1e300, 0.25], type: 'Float64Array', json: '[0.1,-2,1e+300,0.25]' },
  BYTES: { data: ['a', 'é', '', 'd'], type: 'Array', json: '["a","é","","d"]' },
};

describe('tensor codec', () => {
  describe.each(TENSOR_DATATYPES)('%s', (datatype) => {
    const c = CASES[datatype];
    it('decodes flat data into its typed array and writes it back', () => {
      const t = decodeTensor({ name: 'x', shape: [4], datatype, data: c.data }, 'inputs[0]');
      expect(t.data.constructor.name).toBe(c.type);
      expect(t.data.length).toBe(4);
      const json = tensorDataJson(t);
      if (datatype === 'FP16') {
        expect((JSON.parse(json) as number[]).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.5, -2, 65504, 0.1]);
      } else {
        expect(json).toBe(c.json);
      }
      expect(tensorValues(t)).toHaveLength(4);
    });

    it('decodes nested data in row-major order', () => {
      const t = decodeTensor({ name: 'x', shape: [2, 2], datatype, data: [c.data.slice(0, 2), c.data.slice(2)] }, 'inputs[0]');
      expect(tensorDataJson(t)).toBe(tensorDataJson(decodeTensor({ name: 'x', shape: [2, 2], datatype, data: c.data }, 'inputs[0]')));
    });
  });

  it('writes 64-bit integers exactly', () => {
    const t = { name: 'x', datatype: 'INT64' as const, shape: [2], data: new BigInt64Array([2n ** 62n, -(2n ** 63n)]) };
    expect(tensorDataJson(t)).toBe('[4611686018427387904,-9223372036854775808]');
  });

  it('writes non-finite floats as null', () => {
    expect(tensorDataJson({ name: 'y', datatype: 'FP32', shape: [3], data: new Float32Array([1, NaN, Infinity]) })).toBe('[1,null,null]');
  });

  describe('refuses, naming the tensor and the problem,', () => {
    const refuse = (json: { shape: number[]; datatype: string; data: unknown }, pattern: RegExp) => {
      let error: unknown;
      try {
        decodeTensor({ name: 'x', ...json }, 'inputs[1]');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FlywheelError);
      expect((error as FlywheelError).code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toMatch(/inputs\[1\] \(x\)/);
      expect((error as Error).message).toMatch(pattern);
    };
    it('an unknown datatype', () => refuse({ shape: [1], datatype: 'FP8', data: [1] }, /unknown datatype "FP8"/));
    it('data that does not fill the shape', () => refuse({ shape: [2, 3], datatype: 'FP32', data: [1, 2] }, /needs 6 elements, data has 2/));
    it('a string among numbers', () => refuse({ shape: [2], datatype: 'FP32', data: [1, 'a'] }, /data\[1\] = "a" is not a number/));
    it('an integer out of range', () => refuse({ shape: [1], datatype: 'UINT8', data: [256] }, /not an integer in range for UINT8/));
    it('a fraction for an integer type', () => refuse({ shape: [1], datatype: 'INT64', data: [1.5] }, /INT64/));
    it('a number for BYTES', () => refuse({ shape: [1], datatype: 'BYTES', data: [1] }, /a string/));
    it('a string for BOOL', () => refuse({ shape: [1], datatype: 'BOOL', data: ['yes'] }, /a boolean/));
  });

  it('nests flat values by shape and reads a nested shape', () => {
    expect(nest([1, 2, 3, 4, 5, 6], [3, 2])).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(nest([7], [])).toBe(7);
    expect(nestedShape([[[1], [2]], [[3], [4]]])).toEqual([2, 2, 1]);
  });
});

describe('half floats', () => {
  it('round-trip the values halves can hold', () => {
    for (const v of [0, 1, -1, 0.5, 65504, -65504, 2 ** -14, 2 ** -24, 1.5, 1000]) expect(halfToNumber(numberToHalf(v))).toBe(v);
  });
  it('round to nearest, overflow to infinity and keep NaN', () => {
    expect(halfToNumber(numberToHalf(0.1))).toBeCloseTo(0.1, 3);
    expect(halfToNumber(numberToHalf(1e6))).toBe(Infinity);
    expect(halfToNumber(numberToHalf(NaN))).toBeNaN();
    expect(halfToNumber(numberToHalf(2 ** -30))).toBe(0);
  });
});
