import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { checkInputs, isBatchable, selectOutputs } from './check-inputs.js';
import type { ModelSignature, Tensor } from './runtime-types.js';

const signature: ModelSignature = {
  inputs: [
    { name: 'x', datatype: 'FP32', shape: [-1, 4] },
    { name: 'ids', datatype: 'INT64', shape: [-1] },
  ],
  outputs: [
    { name: 'probs', datatype: 'FP32', shape: [-1, 3] },
    { name: 'label', datatype: 'INT64', shape: [-1] },
  ],
};
const x = (rows: number, shape = [rows, 4]): Tensor => ({ name: 'x', datatype: 'FP32', shape, data: new Float32Array(rows * 4) });
const ids = (rows: number): Tensor => ({ name: 'ids', datatype: 'INT64', shape: [rows], data: new BigInt64Array(rows) });

function issuesOf(inputs: Tensor[]): string[] {
  try {
    checkInputs(signature, inputs);
  } catch (err) {
    expect(err).toBeInstanceOf(FlywheelError);
    expect((err as FlywheelError).code).toBe('INVALID_ARGUMENT');
    return (err as FlywheelError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('checkInputs', () => {
  it('accepts inputs that match the signature, in any order and any batch size', () => {
    expect(issuesOf([x(2), ids(2)])).toEqual([]);
    expect(issuesOf([ids(0), x(0)])).toEqual([]);
  });

  it('names a missing input', () => {
    expect(issuesOf([x(1)])).toEqual(['inputs: input ids is missing']);
  });

  it('names an unknown input and lists the real ones', () => {
    expect(issuesOf([x(1), ids(1), { ...x(1), name: 'y' }])).toEqual(['inputs[2]: the model has no input named y (its inputs: x, ids)']);
  });

  it('refuses an input given twice', () => {
    expect(issuesOf([x(1), x(1), ids(1)])).toEqual(['inputs[1]: input x is given more than once']);
  });

  it('refuses the wrong datatype', () => {
    expect(issuesOf([{ ...x(1), datatype: 'FP64', data: new Float64Array(4) }, ids(1)])).toEqual(['inputs[0].datatype: input x must be FP32, not FP64']);
  });

  it('refuses the wrong rank', () => {
    expect(issuesOf([x(1, [4]), ids(1)])).toEqual(['inputs[0].shape: input x must have 2 dimensions [?, 4], not 1 [4]']);
  });

  it('refuses the wrong size in a fixed dimension', () => {
    const t: Tensor = { name: 'x', datatype: 'FP32', shape: [2, 5], data: new Float32Array(10) };
    expect(issuesOf([t, ids(2)])).toEqual(['inputs[0].shape[1]: input x must have size 4 in dimension 1 [?, 4], not 5']);
  });

  it('refuses data whose length does not match the shape', () => {
    const t: Tensor = { name: 'x', datatype: 'FP32', shape: [2, 4], data: new Float32Array(7) };
    expect(issuesOf([t, ids(2)])).toEqual(['inputs[0].data: input x has 7 values, but shape [2, 4] holds 8']);
  });

  it('refuses data in the wrong array type for the datatype', () => {
    const t: Tensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float64Array(4) };
    expect(issuesOf([t, ids(1)])).toEqual(['inputs[0].data: data of FP32 input x must be a Float32Array']);
  });

  it('refuses negative or fractional sizes', () => {
    expect(issuesOf([x(1, [-1, 4]), ids(1)])).toEqual(['inputs[0].shape: input x has shape [-1, 4]: sizes must be whole numbers, 0 or more']);
  });

  it('reports every problem at once, in the error message too', () => {
    let error: FlywheelError | undefined;
    try {
      checkInputs(signature, [{ ...x(1), datatype: 'INT32', data: new Int32Array(4) }]);
    } catch (err) {
      error = err as FlywheelError;
    }
    expect(error?.issues).toHaveLength(2);
    expect(error?.message).toBe('invalid inputs: input x must be FP32, not INT32; input ids is missing');
  });

  it('checks only the datatype of an input whose rank the model leaves open', () => {
    expect(() => checkInputs(signature, [x(1, [1, 2, 2]), ids(1)], { unknownRank: new Set(['x']) })).not.toThrow();
  });
});

describe('selectOutputs', () => {
  it('gives every output by default and the ones asked for, in that order', () => {
    expect(selectOutputs(signature, undefined).map((s) => s.name)).toEqual(['probs', 'label']);
    expect(selectOutputs(signature, ['label', 'probs', 'label']).map((s) => s.name)).toEqual(['label', 'probs']);
  });

  it('refuses an unknown output', () => {
    expect(() => selectOutputs(signature, ['logits'])).toThrow('the model has no output named logits (its outputs: probs, label)');
  });
});

describe('isBatchable', () => {
  it('is true only when every input and output has a dynamic first dimension', () => {
    expect(isBatchable(signature)).toBe(true);
    expect(isBatchable({ ...signature, outputs: [{ name: 'p', datatype: 'FP32', shape: [3] }] })).toBe(false);
    expect(isBatchable({ ...signature, inputs: [{ name: 's', datatype: 'FP32', shape: [] }] })).toBe(false);
  });
});
