import * as tf from '@tensorflow/tfjs';
import { mlpToOnnx, type MlpActivation, type MlpLayer } from '../onnx/index.js';
import type { ModelFiles } from '../runtime/runtime-types.js';
import { saveLayersModel } from '../runtime/tfjs/files-io.js';
import { useWasmBackend } from '../runtime/tfjs/tf-backend.js';

/**
 * Small deterministic models for tests and benchmarks: the same dense network as ONNX,
 * as a TF.js layers model and as a TF.js graph model, plus a float64 reference forward pass.
 */

/** Random layers for widths `[in, hidden..., out]`; the same seed gives the same weights. */
export function randomMlp(widths: readonly number[], activations: readonly MlpActivation[], seed = 1): MlpLayer[] {
  if (activations.length !== widths.length - 1) throw new Error('randomMlp: one activation per layer');
  const rand = mulberry32(seed);
  return activations.map((activation, i) => {
    const inp = widths[i]!;
    const out = widths[i + 1]!;
    const scale = Math.sqrt(6 / (inp + out));
    return {
      weights: Float32Array.from({ length: inp * out }, () => (rand() * 2 - 1) * scale),
      bias: Float32Array.from({ length: out }, () => (rand() * 2 - 1) * 0.1),
      activation,
    };
  });
}

/** 4→16→3, relu then softmax: the shape of the Iris example's classifier. */
export const irisLikeMlp = (seed = 1): MlpLayer[] => randomMlp([4, 16, 3], ['relu', 'softmax'], seed);

/** 256→1024→1024→10 (about 1.3M weights), for the serving benchmark. */
export const midSizeMlp = (seed = 1): MlpLayer[] => randomMlp([256, 1024, 1024, 10], ['relu', 'relu', 'softmax'], seed);

export const mlpInputWidth = (layers: readonly MlpLayer[]): number => layers[0]!.weights.length / layers[0]!.bias.length;

export function mlpOnnxFiles(layers: readonly MlpLayer[], names: { inputName?: string; outputName?: string } = {}): ModelFiles {
  return new Map([['model.onnx', mlpToOnnx({ layers, ...names })]]);
}

/** The network as a TF.js layers model; layers are named dense1, dense2... so the input is `dense1_input`. */
export async function mlpTfjsLayersFiles(layers: readonly MlpLayer[]): Promise<ModelFiles> {
  await useWasmBackend(() => undefined);
  const model = tf.sequential();
  layers.forEach((l, i) => {
    const units = l.bias.length;
    const inp = l.weights.length / units;
    model.add(tf.layers.dense({ units, activation: l.activation, name: `dense${i + 1}`, ...(i === 0 ? { inputShape: [inp] } : {}) }));
  });
  const weights = layers.flatMap((l) => [tf.tensor2d(l.weights, [l.weights.length / l.bias.length, l.bias.length]), tf.tensor1d(l.bias)]);
  try {
    model.setWeights(weights);
    return await saveLayersModel(model);
  } finally {
    tf.dispose(weights);
    model.dispose();
  }
}

const GRAPH_OPS: Record<MlpActivation, string | undefined> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax', linear: undefined };

/**
 * The network as a TF.js graph model, written out by hand as the converter would (a GraphDef
 * in JSON: Placeholder `x`, Const weights, MatMul, AddV2, activation, and an `Identity` output,
 * plus the `signature` the converter writes for a SavedModel unless `signature: false`),
 * since making one the usual way takes Python and the tensorflowjs converter.
 */
export function mlpTfjsGraphFiles(layers: readonly MlpLayer[], options: { signature?: boolean } = {}): ModelFiles {
  const float = { type: 'DT_FLOAT' };
  const dims = (shape: readonly number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });
  const node: object[] = [{ name: 'x', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims([-1, mlpInputWidth(layers)]) } } }];
  const weights: tf.io.WeightsManifestEntry[] = [];
  const data: Float32Array[] = [];
  let current = 'x';
  layers.forEach((l, i) => {
    const shapeW = [l.weights.length / l.bias.length, l.bias.length];
    for (const [name, shape, values] of [[`w${i}`, shapeW, l.weights], [`b${i}`, [l.bias.length], l.bias]] as const) {
      node.push({ name, op: 'Const', attr: { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(shape) } } } });
      weights.push({ name, shape: [...shape], dtype: 'float32' });
      data.push(values);
    }
    node.push({ name: `matmul${i}`, op: 'MatMul', input: [current, `w${i}`], attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } } });
    node.push({ name: `add${i}`, op: 'AddV2', input: [`matmul${i}`, `b${i}`], attr: { T: float } });
    current = `add${i}`;
    const op = GRAPH_OPS[l.activation];
    if (op) {
      node.push({ name: `act${i}`, op, input: [current], attr: { T: float } });
      current = `act${i}`;
    }
  });
  node.push({ name: 'Identity', op: 'Identity', input: [current], attr: { T: float } });
  const outWidth = layers.at(-1)!.bias.length;
  const signature = {
    inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', tensorShape: dims([-1, mlpInputWidth(layers)]) } },
    outputs: { output_0: { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: dims([-1, outWidth]) } },
  };
  const json = {
    format: 'graph-model',
    generatedBy: 'flywheel test-models',
    convertedBy: null,
    modelTopology: { node, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
    ...(options.signature === false ? {} : { signature }),
  };
  const bin = new Uint8Array(data.reduce((n, d) => n + d.byteLength, 0));
  let offset = 0;
  for (const d of data) {
    bin.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), offset);
    offset += d.byteLength;
  }
  return new Map([
    ['model.json', new TextEncoder().encode(JSON.stringify(json))],
    ['group1-shard1of1.bin', bin],
  ]);
}

/** The network's output for `batch` rows of `x`, computed in float64. */
export function mlpForward(layers: readonly MlpLayer[], x: ArrayLike<number>, batch: number): Float64Array {
  let h = Float64Array.from(x);
  let width = h.length / batch;
  for (const l of layers) {
    const out = l.bias.length;
    const next = new Float64Array(batch * out);
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < out; j++) {
        let s = l.bias[j]!;
        for (let i = 0; i < width; i++) s += h[r * width + i]! * l.weights[i * out + j]!;
        next[r * out + j] = s;
      }
      activate(next.subarray(r * out, (r + 1) * out), l.activation);
    }
    h = next;
    width = out;
  }
  return h;
}

function activate(row: Float64Array, activation: MlpActivation): void {
  switch (activation) {
    case 'relu':
      row.forEach((v, i) => (row[i] = Math.max(0, v)));
      return;
    case 'tanh':
      row.forEach((v, i) => (row[i] = Math.tanh(v)));
      return;
    case 'sigmoid':
      row.forEach((v, i) => (row[i] = 1 / (1 + Math.exp(-v))));
      return;
    case 'softmax': {
      const max = Math.max(...row);
      let sum = 0;
      row.forEach((v, i) => (sum += row[i] = Math.exp(v - max)));
      row.forEach((v, i) => (row[i] = v / sum));
      return;
    }
    case 'linear':
      return;
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** `rows × width` inputs from a seeded generator, in [-1, 1). */
export function randomInputs(rows: number, width: number, seed = 7): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: rows * width }, () => rand() * 2 - 1);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
