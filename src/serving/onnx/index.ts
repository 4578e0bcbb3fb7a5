export { mlpToOnnx, MLP_ACTIVATIONS, type MlpActivation, type MlpLayer, type MlpSpec } from './mlp-to-onnx.js';
export { tfjsLayersMlpToOnnx, type TfjsLayersToOnnxOptions } from './tfjs-layers-to-onnx.js';
