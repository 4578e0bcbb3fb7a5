// The contracts layer: every wire shape of every HTTP route Flywheel serves, one file per
// domain. It imports only zod and src/core, so the server, the SDK and the web UI (types
// only) can all import it.
import type { RouteContract } from './route-contract.js';
import { dataRoutes } from './data.js';
import { inferenceRoutes } from './inference.js';
import { jobsRoutes } from './jobs.js';
import { mlflowRegistryRoutes } from './mlflow-registry.js';
import { mlflowArtifactsRoutes, mlflowTrackingRoutes } from './mlflow-tracking.js';
import { modelsRoutes } from './models.js';
import { serverRoutes } from './server.js';
import { sweepsRoutes } from './sweeps.js';
import { trackingRoutes } from './tracking.js';

export * from './common.js';
export * from './data.js';
export * from './inference.js';
export * from './jobs.js';
export * from './manifest.js';
export * from './mlflow-fields.js';
export * from './mlflow-limits.js';
export * from './mlflow-registry.js';
export * from './mlflow-tracking.js';
export * from './models.js';
export * from './openapi.js';
export * from './proto-json.js';
export * from './route-contract.js';
export * from './server.js';
export * from './sweeps.js';
export * from './tracking.js';

/** Every route contract, for the OpenAPI document and the coverage test. */
export const ROUTE_CONTRACTS: readonly RouteContract[] = [...Object.values(serverRoutes), ...Object.values(jobsRoutes), ...Object.values(sweepsRoutes), ...Object.values(modelsRoutes), ...Object.values(mlflowRegistryRoutes), ...Object.values(inferenceRoutes), ...Object.values(dataRoutes), ...Object.values(trackingRoutes), ...Object.values(mlflowTrackingRoutes), ...Object.values(mlflowArtifactsRoutes)];
