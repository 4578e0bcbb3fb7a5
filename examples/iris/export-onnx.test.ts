import { describe, expect, it } from 'vitest';
import { tfjsLayersMlpToOnnx } from '../../src/serving/onnx/index.js';
import { loadModel } from '../../src/serving/runtime/index.js';
import { loadIris } from './load-iris.js';
import { trainIris } from './train.js';

describe('the Iris model exported as ONNX', () => {
  it('predicts what the TF.js model predicts, within 1e-5, under the same names', async () => {
    const data = await loadIris({ seed: 42 });
    const { model: saved } = await trainIris(data, { hiddenUnits: 16, learningRate: 0.05, epochs: 5, seed: 42 });
    const files = new Map(Object.entries(saved));
    const tfjs = await loadModel(files);
    const onnx = await loadModel(new Map([['model.onnx', tfjsLayersMlpToOnnx(files)]]));
    try {
      expect(tfjs.format).toBe('tfjs-layers');
      expect(onnx.signature).toEqual(tfjs.signature);
      const rows = data.validation.features.length;
      const input = { name: tfjs.signature.inputs[0]!.name, datatype: 'FP32' as const, shape: [rows, 4], data: Float32Array.from(data.validation.features.flat()) };
      const [a] = await tfjs.run([input]);
      const [b] = await onnx.run([input]);
      expect(b!.shape).toEqual([rows, 3]);
      const want = a!.data as Float32Array;
      (b!.data as Float32Array).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-5));
    } finally {
      await Promise.all([tfjs.close(), onnx.close()]);
    }
  });
});
