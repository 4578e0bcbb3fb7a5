import type { FastifyInstance } from 'fastify';
import type { TrackingApi } from '../tracking-api.js';
import { artifactsRoutes } from './artifacts-routes.js';
import { experimentsRoutes } from './experiments-routes.js';
import { loggingRoutes } from './logging-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import type { MlflowRoute } from './mlflow-route.js';
import { runsRoutes } from './runs-routes.js';

/** `/ajax-api/` is the prefix MLflow's own web UI calls; serving both costs nothing. */
export const MLFLOW_PREFIXES = ['/api/2.0/mlflow/', '/ajax-api/2.0/mlflow/'] as const;

/** Every MLflow tracking endpoint Flywheel serves, relative to the prefix. */
export function mlflowRoutes(tracking: TrackingApi): MlflowRoute[] {
  return [
    ...experimentsRoutes(tracking),
    ...runsRoutes(tracking),
    ...loggingRoutes(tracking),
    ...metricsRoutes(tracking),
    ...artifactsRoutes(tracking),
  ];
}

/**
 * Registers the MLflow REST API 2.0 tracking endpoints under both prefixes. Errors are thrown
 * as FlywheelError and shaped by the server's error handler.
 */
export function registerMlflowRoutes(app: FastifyInstance, options: { tracking: TrackingApi }): void {
  const routes = mlflowRoutes(options.tracking);
  for (const prefix of MLFLOW_PREFIXES) {
    for (const route of routes) {
      app.route({ method: [...route.methods], url: prefix + route.path, handler: route.handler });
    }
  }
}
