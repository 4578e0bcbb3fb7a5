import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../../core/errors.js';
import { encodeModel, ONNX_DATA_TYPE, type OnnxGraph } from '../../onnx/onnx-proto.js';
import { loadModel } from '../load-model.js';
import { irisLikeMlp, mlpOnnxFiles } from '../../test-support/test-models.js';

const onnxFiles = (graph: OnnxGraph): Map<string, Uint8Array> =>
  new Map([['model.onnx', encodeModel({ irVersion: 8, opsetVersion: 17, producerName: 'test', graph })]]);

async function invalid(promise: Promise<unknown>): Promise<FlywheelError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FlywheelError);
  expect((err as FlywheelError).code).toBe('INVALID_ARGUMENT');
  return err as FlywheelError;
}

// One node per datatype the server passes through: INT64 out of ArgMax, BOOL through Not,
// strings through Identity, and an FP64 Add whose two open dimensions must agree.
const typesGraph: OnnxGraph = {
  name: 'types',
  nodes: [
    { opType: 'ArgMax', inputs: ['x'], outputs: ['label'], attributes: [{ name: 'axis', int: 1 }, { name: 'keepdims', int: 0 }] },
    { opType: 'Not', inputs: ['flags'], outputs: ['not_flags'] },
    { opType: 'Identity', inputs: ['words'], outputs: ['same_words'] },
    { opType: 'Add', inputs: ['a', 'b'], outputs: ['sum'] },
  ],
  initializers: [],
  inputs: [
    { name: 'x', elemType: ONNX_DATA_TYPE.FLOAT, shape: ['batch', 3] },
    { name: 'flags', elemType: ONNX_DATA_TYPE.BOOL, shape: ['batch'] },
    { name: 'words', elemType: ONNX_DATA_TYPE.STRING, shape: ['batch'] },
    { name: 'a', elemType: ONNX_DATA_TYPE.DOUBLE, shape: ['n'] },
    { name: 'b', elemType: ONNX_DATA_TYPE.DOUBLE, shape: ['m'] },
  ],
  outputs: [
    { name: 'label', elemType: ONNX_DATA_TYPE.INT64, shape: ['batch'] },
    { name: 'not_flags', elemType: ONNX_DATA_TYPE.BOOL, shape: ['batch'] },
    { name: 'same_words', elemType: ONNX_DATA_TYPE.STRING, shape: ['batch'] },
    { name: 'sum', elemType: ONNX_DATA_TYPE.DOUBLE, shape: ['n'] },
  ],
};

describe('ONNX models', () => {
  it('map ONNX element types to OIP datatypes, both ways', async () => {
    const model = await loadModel(onnxFiles(typesGraph));
    try {
      expect(model.signature.inputs.map((s) => `${s.name}:${s.datatype}[${s.shape.join(',')}]`)).toEqual(['x:FP32[-1,3]', 'flags:BOOL[-1]', 'words:BYTES[-1]', 'a:FP64[-1]', 'b:FP64[-1]']);
      expect(model.signature.outputs.map((s) => `${s.name}:${s.datatype}`)).toEqual(['label:INT64', 'not_flags:BOOL', 'same_words:BYTES', 'sum:FP64']);
      const out = await model.run([
        { name: 'x', datatype: 'FP32', shape: [2, 3], data: Float32Array.of(0, 5, 1, 9, 2, 3) },
        { name: 'flags', datatype: 'BOOL', shape: [2], data: [true, false] },
        { name: 'words', datatype: 'BYTES', shape: [2], data: ['héllo', ''] },
        { name: 'a', datatype: 'FP64', shape: [2], data: Float64Array.of(1.5, 2) },
        { name: 'b', datatype: 'FP64', shape: [2], data: Float64Array.of(0.25, 1) },
      ]);
      expect(out).toEqual([
        { name: 'label', datatype: 'INT64', shape: [2], data: BigInt64Array.of(1n, 0n) },
        { name: 'not_flags', datatype: 'BOOL', shape: [2], data: [false, true] },
        { name: 'same_words', datatype: 'BYTES', shape: [2], data: ['héllo', ''] },
        { name: 'sum', datatype: 'FP64', shape: [2], data: Float64Array.of(1.75, 3) },
      ]);
    } finally {
      await model.close();
    }
  });

  it('turn a runtime refusal of inputs that fit the signature into INVALID_ARGUMENT', async () => {
    const model = await loadModel(onnxFiles(typesGraph));
    try {
      const err = await invalid(
        model.run(
          [
            { name: 'x', datatype: 'FP32', shape: [1, 3], data: new Float32Array(3) },
            { name: 'flags', datatype: 'BOOL', shape: [1], data: [true] },
            { name: 'words', datatype: 'BYTES', shape: [1], data: ['a'] },
            { name: 'a', datatype: 'FP64', shape: [2], data: new Float64Array(2) },
            { name: 'b', datatype: 'FP64', shape: [3], data: new Float64Array(3) },
          ],
          ['sum'],
        ),
      );
      expect(err.message).toMatch(/^model\.onnx rejected the inputs: /);
    } finally {
      await model.close();
    }
  });

  it('are not batchable when a dimension is fixed', async () => {
    const files = onnxFiles({ ...typesGraph, nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }], inputs: [{ name: 'x', elemType: ONNX_DATA_TYPE.FLOAT, shape: [1, 3] }], outputs: [{ name: 'y', elemType: ONNX_DATA_TYPE.FLOAT, shape: [1, 3] }] });
    const model = await loadModel(files);
    expect(model.signature.inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [1, 3] }]);
    expect(model.batchable).toBe(false);
    await model.close();
  });

  it('say why bytes are not a model', async () => {
    const err = await invalid(loadModel(new Map([['model.onnx', new TextEncoder().encode('this is not a model')]])));
    expect(err.message).toMatch(/^model\.onnx is not a valid ONNX model: \S/);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('say which file when there is more than one .onnx file', async () => {
    const bytes = mlpOnnxFiles(irisLikeMlp()).get('model.onnx')!;
    const err = await invalid(loadModel(new Map([['a.onnx', bytes], ['b.onnx', bytes]]), { format: 'onnx' }));
    expect(err.message).toBe('the model has 2 .onnx files (a.onnx, b.onnx); expected one');
  });
});
