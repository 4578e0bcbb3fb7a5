import type { FastifyInstance } from 'fastify';
import { MLFLOW_PREFIXES } from '../../tracking/index.js';
import type { RegistryService } from '../registry-service.js';
import { mlflowRegistryRoutes } from './mlflow-registry-routes.js';
import { registerModelsRoutes } from './models-routes.js';

/** The registry's MLflow routes under both MLflow prefixes, and its /api/v1/models routes. */
export function registerRegistryRoutes(app: FastifyInstance, options: { registry: RegistryService }): void {
  const routes = mlflowRegistryRoutes(options.registry);
  for (const prefix of MLFLOW_PREFIXES) {
    for (const route of routes) app.route({ method: [...route.methods], url: prefix + route.path, handler: route.handler });
  }
  registerModelsRoutes(app, options);
}
