import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../../core/errors.js';
import { loadModel } from '../load-model.js';
import type { ModelFiles, Tensor } from '../runtime-types.js';
import { irisLikeMlp, mlpForward, mlpTfjsGraphFiles, mlpTfjsLayersFiles, randomInputs } from '../../test-support/test-models.js';

const layers = irisLikeMlp(5);

async function invalid(promise: Promise<unknown>): Promise<FlywheelError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FlywheelError);
  expect((err as FlywheelError).code).toBe('INVALID_ARGUMENT');
  return err as FlywheelError;
}

const withJson = (files: ModelFiles, edit: (json: Record<string, unknown>) => void): ModelFiles => {
  const json = JSON.parse(new TextDecoder().decode(files.get('model.json'))) as Record<string, unknown>;
  edit(json);
  return new Map([...files, ['model.json', new TextEncoder().encode(JSON.stringify(json))]]);
};

describe('TF.js models', () => {
  describe.each([
    ['layers', () => mlpTfjsLayersFiles(layers), 'dense1_input'],
    ['graph', () => Promise.resolve(mlpTfjsGraphFiles(layers)), 'x'],
  ] as const)('of the %s kind', (_kind, files, input) => {
    it('leak no tensors over 100 runs, good or bad', async () => {
      const model = await loadModel(await files());
      const before = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) {
        const rows = 1 + (i % 5);
        await model.run([{ name: input, datatype: 'FP32', shape: [rows, 4], data: randomInputs(rows, 4, i) }]);
      }
      await model.run([{ name: input, datatype: 'FP32', shape: [2, 4], data: new Float32Array(7) }]).catch(() => undefined);
      expect(tf.memory().numTensors).toBe(before);
      await model.close();
      expect(tf.memory().numTensors).toBeLessThan(before);
    });
  });

  it('say which weights file is missing', async () => {
    const files = new Map(mlpTfjsGraphFiles(layers));
    files.delete('group1-shard1of1.bin');
    const err = await invalid(loadModel(files));
    expect(err.message).toBe('model.json names weights file group1-shard1of1.bin, which is missing');
  });

  it('say why a layers topology does not load', async () => {
    const files = withJson(await mlpTfjsLayersFiles(layers), (json) => {
      json.modelTopology = { class_name: 'NoSuchModel', config: {} };
    });
    const err = await invalid(loadModel(files));
    expect(err.message).toMatch(/^model\.json is not a valid TF\.js layers model: \S/);
  });

  it('say when model.json is not JSON', async () => {
    const err = await invalid(loadModel(new Map([['model.json', new TextEncoder().encode('{')]]), { format: 'tfjs-graph' }));
    expect(err.message).toBe('model.json is not a JSON object');
  });

  it('keep the names model.json gives, however many models the process has loaded', async () => {
    const files = await mlpTfjsLayersFiles(layers);
    const a = await loadModel(files);
    const b = await loadModel(files);
    expect(b.signature).toEqual(a.signature);
    expect(a.signature.outputs[0]?.name).toBe('dense2/dense2');
    await Promise.all([a.close(), b.close()]);
  });

  describe('of the graph kind without a signature in model.json', () => {
    it('leave the output shape open, are not batchable, and still run', async () => {
      const model = await loadModel(mlpTfjsGraphFiles(layers, { signature: false }));
      expect(model.signature.outputs).toEqual([{ name: 'Identity', datatype: 'FP32', shape: [] }]);
      expect(model.batchable).toBe(false);
      const x: Tensor = { name: 'x', datatype: 'FP32', shape: [2, 4], data: randomInputs(2, 4) };
      const [y] = await model.run([x]);
      expect(y?.shape).toEqual([2, 3]);
      const want = mlpForward(layers, x.data as Float32Array, 2);
      (y!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      await model.close();
    });
  });
});
