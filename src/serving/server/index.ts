export { BATCHER_DEFAULTS, DynamicBatcher, type BatcherOptions, type BatchResult } from './batcher.js';
export { DEFAULT_BODY_LIMIT, registerInferenceRoutes, type InferenceRoutesOptions } from './inference-routes.js';
export { startInferenceServer, type InferenceServerOptions, type RunningInferenceServer } from './inference-server.js';
export { parseModelRef, parseServeSpecs, type ServeRoute, type ServeSpec } from './serve-specs.js';
export { ServedModels, type BatchingOptions, type ModelLease, type ServedModelsOptions } from './served-models.js';
export { ServingMetrics } from './serving-metrics.js';
export { loadModelInWorker, workerModelsAvailable } from './worker-model.js';
