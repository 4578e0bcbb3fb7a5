export * from './runtime-types.js';
export { checkInputs, isBatchable, selectOutputs, type CheckOptions } from './check-inputs.js';
export { detectFormat } from './detect-format.js';
export { loadModel, type LoadModelOptions } from './load-model.js';
export { filesIOHandler, saveLayersModel } from './tfjs/files-io.js';
export { useWasmBackend, type TfBackendName } from './tfjs/tf-backend.js';
