export * from './export-types.js';
export { exportModel, type ExportModelOptions } from './export-model.js';
export { exportOnnx } from './export-onnx.js';
export { exportWebBundle } from './export-web-bundle.js';
export { webRuntime, type RuntimeFile, type WebRuntime } from './web-runtime.js';
