import { describe, expect, it } from 'vitest';
import type { ModelSignature, Tensor } from '../runtime/runtime-types.js';
import { decodeMlflowRequest, encodeMlflowResponse } from './mlflow-codec.js';
import { decodeInferRequest, encodeInferResponse } from './oip-codec.js';
import { parseServeSpecs, pickRoute } from './serve-specs.js';

const f32 = (name: string, shape: number[], values: number[]): Tensor => ({ name, datatype: 'FP32', shape, data: Float32Array.from(values) });

describe('OIP codec', () => {
  it('decodes an inference request with id, parameters, outputs and nested data', () => {
    const r = decodeInferRequest({
      id: 'req-1',
      parameters: { priority: 1 },
      inputs: [
        { name: 'x', shape: [2, 2], datatype: 'FP32', data: [[1, 2], [3, 4]] },
        { name: 'k', shape: [2], datatype: 'INT64', data: [5, 6] },
      ],
      outputs: [{ name: 'y' }],
    });
    expect(r.id).toBe('req-1');
    expect(r.parameters).toEqual({ priority: 1 });
    expect(r.outputs).toEqual(['y']);
    expect(Array.from(r.inputs[0]!.data as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(r.inputs[1]!.data).toEqual(new BigInt64Array([5n, 6n]));
  });

  it('lists what is wrong with a malformed request', () => {
    expect(() => decodeInferRequest({ inputs: [] })).toThrow(/inputs: at least one input is required/);
    expect(() => decodeInferRequest({ inputs: [{ name: 'x', shape: [-1], datatype: 'FP32', data: [1] }] })).toThrow(/inputs\.0\.shape\.0/);
    expect(() => decodeInferRequest({ inputs: [{ name: 'x', shape: [1], datatype: 'FP32' }] })).toThrow(/inputs\.0\.data/);
    expect(() => decodeInferRequest([1])).toThrow(/must be a JSON object/);
  });

  it('encodes the response with the id echoed', () => {
    const text = encodeInferResponse({ modelName: 'm', modelVersion: '3', id: 'a"b', outputs: [f32('y', [1, 2], [0.5, 1])] });
    expect(JSON.parse(text)).toEqual({ model_name: 'm', model_version: '3', id: 'a"b', outputs: [{ name: 'y', datatype: 'FP32', shape: [1, 2], data: [0.5, 1] }] });
    expect(JSON.parse(encodeInferResponse({ modelName: 'm', modelVersion: '3', outputs: [] }))).not.toHaveProperty('id');
  });
});

describe('MLflow scoring codec', () => {
  const one: ModelSignature = { inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 2] }], outputs: [{ name: 'output', datatype: 'FP32', shape: [-1, 1] }] };
  const two: ModelSignature = {
    inputs: [
      { name: 'a', datatype: 'FP32', shape: [-1, 2] },
      { name: 'b', datatype: 'INT32', shape: [-1] },
    ],
    outputs: [],
  };
  const flat = (t: Tensor) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: Array.from(t.data as ArrayLike<number>) });

  it('reads `inputs` as a list for a one-input model', () => {
    expect(decodeMlflowRequest({ inputs: [[1, 2], [3, 4]] }, one).map(flat)).toEqual([{ name: 'input', datatype: 'FP32', shape: [2, 2], data: [1, 2, 3, 4] }]);
  });

  it('reads `inputs` as named tensors', () => {
    const t = decodeMlflowRequest({ inputs: { a: [[1, 2]], b: [7] } }, two).map(flat);
    expect(t).toEqual([
      { name: 'a', datatype: 'FP32', shape: [1, 2], data: [1, 2] },
      { name: 'b', datatype: 'INT32', shape: [1], data: [7] },
    ]);
  });

  it('reads `instances` as rows, plain or named', () => {
    expect(decodeMlflowRequest({ instances: [[1, 2], [3, 4]] }, one).map(flat)[0]!.shape).toEqual([2, 2]);
    const t = decodeMlflowRequest({ instances: [{ a: [1, 2], b: 1 }, { a: [3, 4], b: 2 }] }, two).map(flat);
    expect(t).toEqual([
      { name: 'a', datatype: 'FP32', shape: [2, 2], data: [1, 2, 3, 4] },
      { name: 'b', datatype: 'INT32', shape: [2], data: [1, 2] },
    ]);
  });

  it('reads `dataframe_split` as the input matrix, or columns named after inputs', () => {
    expect(decodeMlflowRequest({ dataframe_split: { columns: ['f0', 'f1'], data: [[1, 2], [3, 4]] } }, one).map(flat)).toEqual([
      { name: 'input', datatype: 'FP32', shape: [2, 2], data: [1, 2, 3, 4] },
    ]);
    const t = decodeMlflowRequest({ dataframe_split: { columns: ['a', 'b'], data: [[[1, 2], 5]] } }, two).map(flat);
    expect(t.map((x) => x.shape)).toEqual([[1, 2], [1]]);
  });

  it('reads `dataframe_records`', () => {
    expect(decodeMlflowRequest({ dataframe_records: [{ f0: 1, f1: 2 }, { f0: 3, f1: 4 }] }, one).map(flat)[0]!.data).toEqual([1, 2, 3, 4]);
  });

  it('reshapes a column to the input rank when the counts allow', () => {
    const sig: ModelSignature = { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 1] }], outputs: [] };
    expect(decodeMlflowRequest({ inputs: [1, 2, 3] }, sig)[0]!.shape).toEqual([3, 1]);
  });

  it('refuses bodies with none or several formats, and unknown inputs', () => {
    expect(() => decodeMlflowRequest({}, one)).toThrow(/one of the keys inputs, instances/);
    expect(() => decodeMlflowRequest({ inputs: [[1, 2]], instances: [[1, 2]] }, one)).toThrow(/exactly one/);
    expect(() => decodeMlflowRequest({ inputs: { nope: [1] } }, two)).toThrow(/no input named nope/);
    expect(() => decodeMlflowRequest({ inputs: [[1, 2]] }, two)).toThrow(/2 inputs \(a, b\); name each one/);
  });

  it('answers predictions nested, one output plain and several by name', () => {
    expect(encodeMlflowResponse([f32('y', [2, 1], [1, 2])])).toEqual({ predictions: [[1], [2]] });
    expect(encodeMlflowResponse([f32('y', [1], [1]), f32('z', [1], [2])])).toEqual({ predictions: { y: [1], z: [2] } });
  });
});

describe('serve specs', () => {
  it('reads name@ref, a bare name as latest, and a split by weight', () => {
    expect(parseServeSpecs(['iris@production', 'wine'], 'mnist@3=90, mnist@4=10')).toEqual([
      { name: 'mnist', routes: [{ ref: '3', weight: 90 }, { ref: '4', weight: 10 }] },
      { name: 'iris', routes: [{ ref: 'production', weight: 1 }] },
      { name: 'wine', routes: [{ ref: 'latest', weight: 1 }] },
    ]);
  });

  it('refuses a bad weight, a duplicate and nothing to serve', () => {
    expect(() => parseServeSpecs([], 'm@1=0')).toThrow(/positive number/);
    expect(() => parseServeSpecs([], 'm@1=5,m@1=5')).toThrow(/listed twice/);
    expect(() => parseServeSpecs([])).toThrow(/No model to serve/);
    expect(() => parseServeSpecs(['m@2'], 'm@1=5')).toThrow(/also split/);
  });

  it('picks routes in proportion to their weights', () => {
    const routes = [{ ref: 'a', weight: 90 }, { ref: 'b', weight: 10 }];
    expect(pickRoute(routes, 0).ref).toBe('a');
    expect(pickRoute(routes, 0.899).ref).toBe('a');
    expect(pickRoute(routes, 0.9).ref).toBe('b');
    expect(pickRoute(routes, 0.9999).ref).toBe('b');
  });
});
