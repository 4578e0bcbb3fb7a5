import * as tf from '@tensorflow/tfjs';
import { IRIS_CLASSES, IRIS_FEATURES, type IrisDataset } from './load-iris.js';
import { saveModelToMemory, type ModelFiles } from './memory-io.js';
import { seededRandom, shuffleInPlace } from './seeded-random.js';
import { useWasmBackend, type TfBackendName } from '../../src/serving/runtime/index.js';

export interface IrisHyperparameters {
  hiddenUnits: number;
  learningRate: number;
  epochs: number;
  /** Default 16. */
  batchSize?: number;
  /** Seeds the weight initialisers and the per-epoch batch order. Default 42. */
  seed?: number;
}

/** Metric names as Keras/TF.js report them, so they read the same as MLflow's autolog. */
export interface EpochMetrics {
  loss: number;
  acc: number;
  val_loss: number;
  val_acc: number;
}

export interface TrainIrisOptions {
  /** Called after each epoch; `epoch` counts from 0, as Keras callbacks and MLflow's autolog do. */
  onEpoch?: (epoch: number, metrics: EpochMetrics) => void | Promise<void>;
  /** Where the WASM-to-cpu fallback warning goes; default console.warn. */
  warn?: (message: string) => void;
}

export interface TrainIrisResult {
  backend: TfBackendName;
  /** Metrics after the last epoch. */
  final: EpochMetrics;
  history: EpochMetrics[];
  /** The trained model as model.json + weights.bin. */
  model: ModelFiles;
}

/**
 * Trains a one-hidden-layer MLP on Iris with Adam.
 *
 * Determinism: weights come from seeded initialisers and each epoch's order from a seeded
 * shuffle (TF.js's own `shuffle: true` uses Math.random), so a run on the same backend
 * repeats exactly; WASM and cpu may differ in the last float bits.
 *
 * @example
 *   const data = await loadIris();
 *   const { final } = await trainIris(data, { hiddenUnits: 16, learningRate: 0.01, epochs: 50 });
 */
export async function trainIris(
  data: IrisDataset,
  hp: IrisHyperparameters,
  options: TrainIrisOptions = {},
): Promise<TrainIrisResult> {
  const backend = await useWasmBackend(options.warn ?? ((m) => console.warn(m)));
  const seed = hp.seed ?? 42;
  const batchSize = hp.batchSize ?? 16;
  const model = buildModel(hp.hiddenUnits, hp.learningRate, seed);
  const classes = IRIS_CLASSES.length;
  const x = tf.tensor2d(data.train.features, [data.train.features.length, IRIS_FEATURES.length]);
  const y = tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), classes);
  const xVal = tf.tensor2d(data.validation.features, [data.validation.features.length, IRIS_FEATURES.length]);
  const yVal = tf.oneHot(tf.tensor1d(data.validation.labels, 'int32'), classes);
  const rand = seededRandom(seed ^ 0x5eed);
  const order = Array.from({ length: data.train.labels.length }, (_, i) => i);
  const history: EpochMetrics[] = [];
  try {
    for (let epoch = 0; epoch < hp.epochs; epoch++) {
      const idx = tf.tensor1d(shuffleInPlace(order, rand), 'int32');
      const xe = tf.gather(x, idx);
      const ye = tf.gather(y, idx);
      try {
        const h = await model.fit(xe, ye, { epochs: 1, batchSize, shuffle: false, validationData: [xVal, yVal], verbose: 0 });
        const metrics = readEpoch(h.history);
        history.push(metrics);
        await options.onEpoch?.(epoch, metrics);
      } finally {
        tf.dispose([idx, xe, ye]);
      }
    }
    const final = history.at(-1);
    if (!final) throw new Error('trainIris: epochs must be at least 1');
    return { backend, final, history, model: await saveModelToMemory(model) };
  } finally {
    tf.dispose([x, y, xVal, yVal]);
    model.dispose();
  }
}

function buildModel(hiddenUnits: number, learningRate: number, seed: number): tf.Sequential {
  // Named layers: the registry and the inference server show these names (input `features`,
  // output `probs/probs`); unnamed ones get a process-wide counter (`dense_Dense5_input`).
  const model = tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [IRIS_FEATURES.length], name: 'features' }),
      tf.layers.dense({
        name: 'hidden',
        units: hiddenUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        name: 'probs',
        units: IRIS_CLASSES.length,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function readEpoch(history: Record<string, (number | tf.Tensor)[]>): EpochMetrics {
  const last = (key: keyof EpochMetrics): number => {
    const v = history[key]?.at(-1);
    if (v === undefined) throw new Error(`trainIris: TF.js reported no ${key}`);
    return typeof v === 'number' ? v : v.dataSync()[0]!;
  };
  return { loss: last('loss'), acc: last('acc'), val_loss: last('val_loss'), val_acc: last('val_acc') };
}
