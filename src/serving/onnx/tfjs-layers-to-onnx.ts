import { invalidArgument } from '../../core/errors.js';
import type { ModelFiles } from '../runtime/runtime-types.js';
import { readModelJson, readWeights, type ModelJson } from '../runtime/tfjs/model-json.js';
import { MLP_ACTIVATIONS, mlpToOnnx, type MlpActivation, type MlpLayer } from './mlp-to-onnx.js';

export interface TfjsLayersToOnnxOptions {
  /** Default: the TF.js model's own input name (`<first layer>_input`), so requests stay the same. */
  inputName?: string;
  /** Default: the TF.js model's own output name (`<last layer>/<last layer>`). */
  outputName?: string;
  opset?: number;
}

interface KerasLayer {
  class_name: string;
  config: { name: string; units?: number; activation?: string | null; use_bias?: boolean; batch_input_shape?: (number | null)[] };
}

/**
 * Converts a TF.js layers model made of Dense layers (a Sequential MLP such as the Iris
 * example trains) into the equivalent ONNX model. Throws INVALID_ARGUMENT for any other
 * layer, a missing weight, or weights that are not float32.
 */
export function tfjsLayersMlpToOnnx(files: ModelFiles, options: TfjsLayersToOnnxOptions = {}): Uint8Array {
  const json = readModelJson(files);
  const all = sequentialLayers(json);
  const dense = all.filter((l) => l.class_name !== 'InputLayer');
  const other = dense.find((l) => l.class_name !== 'Dense');
  if (other) throw invalidArgument(`layer ${other.config.name} is a ${other.class_name}; only Dense layers convert to ONNX`);
  if (dense.length === 0) throw invalidArgument('the model has no Dense layers');
  const weights = namedWeights(files, json);
  const layers: MlpLayer[] = dense.map((l) => {
    const kernel = weights.get(`${l.config.name}/kernel`);
    if (!kernel) throw invalidArgument(`the weights of layer ${l.config.name} (${l.config.name}/kernel) are missing`);
    const units = l.config.units ?? kernel.length;
    const bias = l.config.use_bias === false ? new Float32Array(units) : weights.get(`${l.config.name}/bias`);
    if (!bias) throw invalidArgument(`the bias of layer ${l.config.name} (${l.config.name}/bias) is missing`);
    const activation = (l.config.activation ?? 'linear') as MlpActivation;
    if (!MLP_ACTIVATIONS.includes(activation)) throw invalidArgument(`layer ${l.config.name} uses activation ${activation}; ONNX export supports ${MLP_ACTIVATIONS.join(', ')}`);
    return { weights: kernel, bias, activation };
  });
  const input = all[0]!.class_name === 'InputLayer' ? all[0]!.config.name : `${dense[0]!.config.name}_input`;
  const last = dense.at(-1)!.config.name;
  return mlpToOnnx({
    layers,
    inputName: options.inputName ?? input,
    outputName: options.outputName ?? `${last}/${last}`,
    ...(options.opset !== undefined ? { opset: options.opset } : {}),
  });
}

function sequentialLayers(json: ModelJson): KerasLayer[] {
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  // Models converted from Keras nest the model under model_config.
  const model = (topology?.model_config ?? topology) as { class_name?: string; config?: unknown } | undefined;
  if (model?.class_name !== 'Sequential') throw invalidArgument(`only Sequential models convert to ONNX, not ${model?.class_name ?? 'this model.json'}`);
  // Keras 2.2 and older wrote a Sequential's config as the bare list of layers.
  const config = model.config as { layers?: KerasLayer[] } | KerasLayer[] | undefined;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers)) throw invalidArgument('model.json: the Sequential model lists no layers');
  return layers;
}

function namedWeights(files: ModelFiles, json: ModelJson): Map<string, Float32Array> {
  const { specs, data } = readWeights(files, json);
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((n, d) => n * d, 1);
    if (spec.dtype !== 'float32' || spec.quantization) throw invalidArgument(`weight ${spec.name} is ${spec.quantization ? 'quantized' : spec.dtype}; ONNX export takes float32 weights`);
    if (offset + size * 4 > data.byteLength) throw invalidArgument(`the weight files end before weight ${spec.name}`);
    out.set(spec.name, new Float32Array(data.slice(offset, offset + size * 4)));
    offset += size * 4;
  }
  return out;
}
