import type { FastifyInstance } from 'fastify';
import type { RegistryService } from '../registry-service.js';
import { registerMlflowRegistryRoutes } from './mlflow-registry-routes.js';
import { registerModelsRoutes } from './models-routes.js';

/** The registry's MLflow routes under both MLflow prefixes, and its /api/v1/models routes. */
export function registerRegistryRoutes(app: FastifyInstance, options: { registry: RegistryService }): void {
  registerMlflowRegistryRoutes(app, options.registry);
  registerModelsRoutes(app, options);
}
