import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { loadModel, type ModelFiles } from '../runtime/index.js';
import { irisLikeMlp, mlpTfjsLayersFiles, randomInputs, randomMlp } from '../test-support/test-models.js';
import { tfjsLayersMlpToOnnx } from './tfjs-layers-to-onnx.js';

const withJson = (files: ModelFiles, edit: (json: { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } }) => void): ModelFiles => {
  const json = JSON.parse(new TextDecoder().decode(files.get('model.json')));
  edit(json);
  return new Map([...files, ['model.json', new TextEncoder().encode(JSON.stringify(json))]]);
};

describe('tfjsLayersMlpToOnnx', () => {
  it('gives the same outputs and signature as the TF.js model, within 1e-5', async () => {
    const files = await mlpTfjsLayersFiles(randomMlp([4, 16, 8, 3], ['relu', 'tanh', 'softmax'], 9));
    const tfjs = await loadModel(files);
    const onnx = await loadModel(new Map([['model.onnx', tfjsLayersMlpToOnnx(files)]]));
    try {
      expect(onnx.signature).toEqual(tfjs.signature);
      const x = { name: 'dense1_input', datatype: 'FP32' as const, shape: [32, 4], data: randomInputs(32, 4) };
      const [a] = await tfjs.run([x]);
      const [b] = await onnx.run([x]);
      expect(b!.shape).toEqual(a!.shape);
      (b!.data as Float32Array).forEach((v, i) => expect(Math.abs(v - (a!.data as Float32Array)[i]!)).toBeLessThanOrEqual(1e-5));
    } finally {
      await Promise.all([tfjs.close(), onnx.close()]);
    }
  });

  it('takes other names when asked', async () => {
    const onnx = await loadModel(new Map([['model.onnx', tfjsLayersMlpToOnnx(await mlpTfjsLayersFiles(irisLikeMlp()), { inputName: 'x', outputName: 'probs' })]]));
    expect(onnx.signature.inputs[0]?.name).toBe('x');
    expect(onnx.signature.outputs[0]?.name).toBe('probs');
    await onnx.close();
  });

  it('refuses layers other than Dense', async () => {
    const files = withJson(await mlpTfjsLayersFiles(irisLikeMlp()), (json) => {
      json.modelTopology.config.layers.splice(1, 0, { class_name: 'Dropout', config: { name: 'drop', rate: 0.5 } });
    });
    expect(() => tfjsLayersMlpToOnnx(files)).toThrow(new FlywheelError('INVALID_ARGUMENT', 'layer drop is a Dropout; only Dense layers convert to ONNX'));
  });

  it('refuses activations ONNX export does not know', async () => {
    const files = withJson(await mlpTfjsLayersFiles(irisLikeMlp()), (json) => {
      json.modelTopology.config.layers[0]!.config.activation = 'elu';
    });
    expect(() => tfjsLayersMlpToOnnx(files)).toThrow('layer dense1 uses activation elu');
  });

  it('says which weights file is missing', async () => {
    const files = new Map(await mlpTfjsLayersFiles(irisLikeMlp()));
    files.delete('weights.bin');
    expect(() => tfjsLayersMlpToOnnx(files)).toThrow('model.json names weights file weights.bin, which is missing');
  });
});
