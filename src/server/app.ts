import Fastify, { type FastifyInstance } from 'fastify';
import { openApiDocument, ROUTE_CONTRACTS, serverRoutes } from '../contracts/index.js';
import { registerJobsRoutes, type ComputeApi } from '../compute/index.js';
import { objectsRoutes, registerDatasetsRoutes, type DataService } from '../data/index.js';
import type { Logger } from '../core/index.js';
import type { TrackingApi } from '../tracking/index.js';
import { registerRegistryRoutes, type RegistryService } from '../registry/index.js';
import { registerInferenceRoutes, type ServedModels, type ServingMetrics } from '../serving/index.js';
import { registerSweepsRoutes, type SweepService } from '../tuning/index.js';
import { artifactProxyRoutes, registerMlflowRoutes, registerNativeRoutes } from '../tracking/index.js';
import {
  contractRoute,
  endpointNotFound,
  handleClientError,
  installErrorHandlers,
  installResponseCheck,
  recordRoutes,
  registerJsonBodyParser,
  responseChecksFromEnv,
  sendError,
} from '../http/index.js';
import { registerWebUi } from './web-ui.js';

export interface AppOptions {
  tracking: TrackingApi;
  compute?: ComputeApi;
  data?: DataService;
  sweeps?: SweepService;
  registry?: RegistryService;
  /** Registered models served at /v2 and /invocations (`fw server --serve`). */
  inference?: { models: ServedModels; metrics: ServingMetrics };
  logger: Logger;
  /** Check every JSON answer against its route's contract (tests; `FW_CHECK_RESPONSES`). */
  checkResponses?: boolean;
}

/** The OpenAPI document of every route contract, built once on first request. */
let openApi: Record<string, unknown> | undefined;
function openApiJson(): Record<string, unknown> {
  openApi ??= openApiDocument(ROUTE_CONTRACTS, {
    title: 'Flywheel API',
    version: '1',
    description:
      "Flywheel's own routes (/api/v1), the MLflow REST API 2.0 it serves (/api/2.0/mlflow, also under /ajax-api) and the " +
      'inference routes (Open Inference Protocol v2, MLflow scoring). Errors use one body: {"error_code", "message", "details"?}; ' +
      'the inference routes answer OIP\'s {"error"}.',
  });
  return openApi;
}

/**
 * The HTTP application: error shape, body parsing, health, and each module's routes.
 * Composition only; the routes live with their modules.
 *
 * Fastify gets no logger of its own: per-request child loggers and request lines cost more
 * than the ingest path can spend at 10k requests a second. Failures are logged by the error
 * handler with our logger instead.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { tracking, compute, data, sweeps, registry, inference, logger } = options;
  const app = Fastify({
    logger: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // Errors raised before routing (a malformed URL) get the same body as every other error.
    frameworkErrors: (error, request, reply) => {
      sendError(error, request, reply, logger);
    },
    clientErrorHandler: handleClientError,
  });

  recordRoutes(app);
  installErrorHandlers(app, logger);
  if (options.checkResponses ?? responseChecksFromEnv()) installResponseCheck(app, logger);
  registerJsonBodyParser(app);

  contractRoute(app, serverRoutes.health, async () => ({ status: 'ok' as const }));
  contractRoute(app, serverRoutes.openApi, async () => openApiJson() as never);
  registerMlflowRoutes(app, { tracking });
  registerNativeRoutes(app, { tracking });
  if (compute) registerJobsRoutes(app, { compute });
  if (sweeps) registerSweepsRoutes(app, { sweeps });
  if (registry) registerRegistryRoutes(app, { registry });
  // A plugin with its own body parser, limit and error shapes (OIP's and MLflow scoring's).
  if (inference) registerInferenceRoutes(app, { ...inference, logger });
  if (data) {
    registerDatasetsRoutes(app, { data });
    // A plugin: its byte routes stream raw bodies, with parsers of their own scope.
    void app.register(objectsRoutes, { data });
  }
  // Registered as a plugin: it replaces the body parsers inside its own scope only.
  void app.register(artifactProxyRoutes, { tracking });
  // The UI at `/`; any other unknown path is an API 404 in the MLflow error shape.
  registerWebUi(app, endpointNotFound(logger));

  return app;
}
