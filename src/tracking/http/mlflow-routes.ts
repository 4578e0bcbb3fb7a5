import type { FastifyInstance } from 'fastify';
import type { TrackingApi } from '../tracking-api.js';
import { registerArtifactsRoutes } from './artifacts-routes.js';
import { registerExperimentsRoutes } from './experiments-routes.js';
import { registerLoggingRoutes } from './logging-routes.js';
import { registerMetricsRoutes } from './metrics-routes.js';
import { registerRunsRoutes } from './runs-routes.js';

/** `/ajax-api/` is the prefix MLflow's own web UI calls; serving both costs nothing. */
export const MLFLOW_PREFIXES = ['/api/2.0/mlflow/', '/ajax-api/2.0/mlflow/'] as const;

/**
 * Registers the MLflow REST API 2.0 tracking endpoints from their contracts
 * (src/contracts/mlflow-tracking.ts), each under both prefixes. Errors are thrown as
 * FlywheelError and shaped by the server's error handler.
 */
export function registerMlflowRoutes(app: FastifyInstance, options: { tracking: TrackingApi }): void {
  const { tracking } = options;
  registerExperimentsRoutes(app, tracking);
  registerRunsRoutes(app, tracking);
  registerLoggingRoutes(app, tracking);
  registerMetricsRoutes(app, tracking);
  registerArtifactsRoutes(app, tracking);
}
