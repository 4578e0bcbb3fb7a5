import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { IRIS_CLASSES, loadIris } from './load-iris.js';
import { loadModelFromMemory } from './memory-io.js';
import { trainIris } from './train.js';

const countPerClass = (labels: number[]): number[] => IRIS_CLASSES.map((_, c) => labels.filter((l) => l === c).length);

describe('load-iris', () => {
  it('reads 150 rows, 50 of each species', async () => {
    const data = await loadIris();
    expect(data.rowCount).toBe(150);
    const all = [...data.train.labels, ...data.validation.labels];
    expect(countPerClass(all)).toEqual([50, 50, 50]);
  });

  it('holds out the same share of every class for validation', async () => {
    const data = await loadIris({ validationFraction: 0.2 });
    expect(countPerClass(data.validation.labels)).toEqual([10, 10, 10]);
    expect(countPerClass(data.train.labels)).toEqual([40, 40, 40]);
  });

  it('splits the same way for the same seed and differently for another', async () => {
    const a = await loadIris({ seed: 7 });
    const b = await loadIris({ seed: 7 });
    const c = await loadIris({ seed: 8 });
    expect(b.validation).toEqual(a.validation);
    expect(c.validation).not.toEqual(a.validation);
  });

  it('standardizes features with the training split to mean 0 and std 1', async () => {
    const { train } = await loadIris();
    for (let j = 0; j < 4; j++) {
      const col = train.features.map((f) => f[j]!);
      const mean = col.reduce((s, v) => s + v, 0) / col.length;
      const std = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length);
      expect(mean).toBeCloseTo(0, 6);
      expect(std).toBeCloseTo(1, 6);
    }
  });
});

describe('trainIris', () => {
  it('reaches a validation accuracy above 0.8 in a few epochs and saves a model that reloads', async () => {
    const data = await loadIris({ seed: 42 });
    const epochs: number[] = [];
    const result = await trainIris(
      data,
      { hiddenUnits: 16, learningRate: 0.05, epochs: 15, seed: 42 },
      { onEpoch: (epoch) => void epochs.push(epoch) },
    );
    expect(epochs).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(result.history).toHaveLength(15);
    expect(result.final.val_acc).toBeGreaterThan(0.8);
    for (const key of ['loss', 'acc', 'val_loss', 'val_acc'] as const) {
      expect(Number.isFinite(result.final[key])).toBe(true);
    }

    const model = await loadModelFromMemory(result.model);
    try {
      const predicted = tf.tidy(() =>
        Array.from(
          (model.predict(tf.tensor2d(data.validation.features)) as tf.Tensor).argMax(-1).dataSync(),
        ),
      );
      const correct = predicted.filter((p, i) => p === data.validation.labels[i]).length;
      expect(correct / predicted.length).toBeCloseTo(result.final.val_acc, 5);
    } finally {
      model.dispose();
    }
  });

  it('repeats the same metrics for the same seed', async () => {
    const data = await loadIris({ seed: 1 });
    const hp = { hiddenUnits: 8, learningRate: 0.02, epochs: 3, seed: 3 };
    const a = await trainIris(data, hp);
    const b = await trainIris(data, hp);
    expect(b.history).toEqual(a.history);
  });
});
