import { invalidArgument } from '../../core/errors.js';
import { encodeModel, ONNX_DATA_TYPE, type OnnxNode, type OnnxTensor } from './onnx-proto.js';

export const MLP_ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'softmax', 'linear'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

export interface MlpLayer {
  /** in×out, row-major: `weights[i * out + j]` connects input i to unit j (Keras's kernel layout). */
  weights: Float32Array;
  /** One per unit; its length gives the layer's width. */
  bias: Float32Array;
  activation: MlpActivation;
}

export interface MlpSpec {
  layers: readonly MlpLayer[];
  /** Default 'input'. */
  inputName?: string;
  /** Default 'output'. */
  outputName?: string;
  /** ONNX opset, 13 to 21; default 17. */
  opset?: number;
}

const ACTIVATION_OPS: Record<Exclude<MlpActivation, 'linear'>, string> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax' };

/**
 * Encodes a dense network as an ONNX model: MatMul, Add and the activation per layer, float32,
 * input `[batch, in]` and output `[batch, out]` with a symbolic batch dimension. Throws
 * INVALID_ARGUMENT when the layers' sizes do not chain.
 *
 * @example
 *   const onnx = mlpToOnnx({ layers: [{ weights: w1, bias: b1, activation: 'relu' }, { weights: w2, bias: b2, activation: 'softmax' }] });
 *   await writeFile('model.onnx', onnx);
 */
export function mlpToOnnx(spec: MlpSpec): Uint8Array {
  const opset = spec.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 13 || opset > 21) throw invalidArgument(`opset must be 13 to 21, not ${opset}`);
  if (spec.layers.length === 0) throw invalidArgument('an MLP needs at least one layer');
  const inputName = spec.inputName ?? 'input';
  const outputName = spec.outputName ?? 'output';
  if (inputName === outputName) throw invalidArgument(`the input and output names must differ (both are ${inputName})`);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let current = inputName;
  let width = -1;
  let inputWidth = -1;
  spec.layers.forEach((layer, i) => {
    const out = layer.bias.length;
    const inp = out === 0 ? 0 : layer.weights.length / out;
    if (out === 0 || !Number.isInteger(inp) || inp === 0) {
      throw invalidArgument(`layer ${i}: ${layer.weights.length} weights do not make a matrix with ${out} columns (the bias length)`);
    }
    if (width >= 0 && inp !== width) throw invalidArgument(`layer ${i} takes ${inp} inputs, but layer ${i - 1} gives ${width}`);
    if (!(MLP_ACTIVATIONS as readonly string[]).includes(layer.activation)) throw invalidArgument(`layer ${i}: unknown activation ${layer.activation}`);
    if (i === 0) inputWidth = inp;
    width = out;
    const last = i === spec.layers.length - 1;
    const w = `layer${i}.weight`;
    const b = `layer${i}.bias`;
    initializers.push({ name: w, dims: [inp, out], dataType: ONNX_DATA_TYPE.FLOAT, data: layer.weights });
    initializers.push({ name: b, dims: [out], dataType: ONNX_DATA_TYPE.FLOAT, data: layer.bias });
    const linear = layer.activation === 'linear';
    const matmul = `layer${i}.matmul`;
    const sum = last && linear ? outputName : `layer${i}.add`;
    nodes.push({ opType: 'MatMul', inputs: [current, w], outputs: [matmul], name: `layer${i}/MatMul` });
    nodes.push({ opType: 'Add', inputs: [matmul, b], outputs: [sum], name: `layer${i}/Add` });
    current = sum;
    if (layer.activation !== 'linear') {
      const op = ACTIVATION_OPS[layer.activation];
      const act = last ? outputName : `layer${i}.${layer.activation}`;
      nodes.push({ opType: op, inputs: [current], outputs: [act], name: `layer${i}/${op}`, ...(op === 'Softmax' ? { attributes: [{ name: 'axis', int: -1 }] } : {}) });
      current = act;
    }
  });
  return encodeModel({
    irVersion: irVersionFor(opset),
    opsetVersion: opset,
    producerName: 'flywheel',
    graph: {
      name: 'mlp',
      nodes,
      initializers,
      inputs: [{ name: inputName, elemType: ONNX_DATA_TYPE.FLOAT, shape: ['batch', inputWidth] }],
      outputs: [{ name: outputName, elemType: ONNX_DATA_TYPE.FLOAT, shape: ['batch', width] }],
    },
  });
}

/** The oldest IR version that carries the opset (ONNX's versioning table), for the widest reader support. */
function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 17) return 8;
  if (opset <= 19) return 9;
  return 10;
}
