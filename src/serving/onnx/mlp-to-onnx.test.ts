import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { loadModel } from '../runtime/index.js';
import { midSizeMlp, mlpForward, randomInputs, randomMlp } from '../test-support/test-models.js';
import { mlpToOnnx, type MlpActivation, type MlpLayer } from './mlp-to-onnx.js';

async function runOnnx(onnx: Uint8Array, x: Float32Array, rows: number, inputName = 'input'): Promise<Float32Array> {
  const model = await loadModel(new Map([['model.onnx', onnx]]));
  try {
    const [y] = await model.run([{ name: inputName, datatype: 'FP32', shape: [rows, x.length / rows], data: x }]);
    return y!.data as Float32Array;
  } finally {
    await model.close();
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance);
}

describe('mlpToOnnx', () => {
  it('builds a model that onnxruntime runs to the hand-computed answer', async () => {
    // y = relu(x·W1 + b1)·W2 + b2 with x = [1, 2]:
    // h = relu([1·1 + 2·3 + 0.5, 1·(-2) + 2·1 - 1]) = relu([7.5, -1]) = [7.5, 0]
    // y = [7.5·2 + 0·1 + 0.25] = [15.25]
    const layers: MlpLayer[] = [
      { weights: Float32Array.of(1, -2, 3, 1), bias: Float32Array.of(0.5, -1), activation: 'relu' },
      { weights: Float32Array.of(2, 1), bias: Float32Array.of(0.25), activation: 'linear' },
    ];
    expect(Array.from(await runOnnx(mlpToOnnx({ layers }), Float32Array.of(1, 2), 1))).toEqual([15.25]);
  });

  it('gives the model a symbolic batch dimension and the names asked for', async () => {
    const onnx = mlpToOnnx({ layers: randomMlp([5, 2], ['sigmoid']), inputName: 'features', outputName: 'scores' });
    const model = await loadModel(new Map([['m.onnx', onnx]]));
    expect(model.signature).toEqual({
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 5] }],
      outputs: [{ name: 'scores', datatype: 'FP32', shape: [-1, 2] }],
    });
    expect(model.batchable).toBe(true);
    await model.close();
  });

  it.each<MlpActivation>(['relu', 'tanh', 'sigmoid', 'softmax', 'linear'])('computes %s layers like the float64 reference', async (activation) => {
    const layers = randomMlp([6, 8, 4], [activation, activation], 11);
    const x = randomInputs(5, 6, 3);
    expectClose(await runOnnx(mlpToOnnx({ layers }), x, 5), mlpForward(layers, x, 5));
  });

  it.each([13, 17, 21])('writes opset %i models that load', async (opset) => {
    const layers = randomMlp([3, 4, 2], ['relu', 'softmax']);
    const x = randomInputs(2, 3);
    expectClose(await runOnnx(mlpToOnnx({ layers, opset }), x, 2), mlpForward(layers, x, 2));
  });

  it('builds the mid-size benchmark model (256→1024→1024→10, 5 MB) correctly', async () => {
    const layers = midSizeMlp();
    const onnx = mlpToOnnx({ layers });
    expect(onnx.byteLength).toBeGreaterThan(4 * (256 * 1024 + 1024 * 1024 + 1024 * 10));
    const x = randomInputs(3, 256);
    expectClose(await runOnnx(onnx, x, 3), mlpForward(layers, x, 3));
  });

  describe('refuses', () => {
    const two = randomMlp([3, 4, 2], ['relu', 'softmax']);
    const cases: [string, () => unknown, string][] = [
      ['no layers', () => mlpToOnnx({ layers: [] }), 'an MLP needs at least one layer'],
      ['layers that do not chain', () => mlpToOnnx({ layers: [two[0]!, two[0]!] }), 'layer 1 takes 3 inputs, but layer 0 gives 4'],
      ['weights that are no matrix', () => mlpToOnnx({ layers: [{ ...two[0]!, weights: new Float32Array(7) }] }), 'layer 0: 7 weights do not make a matrix with 4 columns (the bias length)'],
      ['an unknown activation', () => mlpToOnnx({ layers: [{ ...two[0]!, activation: 'gelu' as MlpActivation }] }), 'layer 0: unknown activation gelu'],
      ['an opset out of range', () => mlpToOnnx({ layers: two, opset: 9 }), 'opset must be 13 to 21, not 9'],
      ['one name for input and output', () => mlpToOnnx({ layers: two, inputName: 'x', outputName: 'x' }), 'the input and output names must differ (both are x)'],
    ];
    it.each(cases)('%s', (_what, build, message) => {
      expect(build).toThrow(FlywheelError);
      expect(build).toThrow(message);
    });
  });
});
