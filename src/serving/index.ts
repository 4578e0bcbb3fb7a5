// The serving module's public surface: the only file other modules import. Heavy runtimes
// (onnxruntime-node, TF.js) load on first use inside loadModel, so importing this is cheap
// enough for the registry and the CLI.
export * from './runtime/index.js';
export type { ModelSource, ServableVersion } from './model-source.js';
export { HttpModelSource, type HttpModelSourceOptions } from './http-model-source.js';
export * from './server/index.js';
export * from './export/index.js';
export * from './onnx/index.js';
