import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inferenceRoutes } from '../../contracts/index.js';
import { invalidArgument } from '../../core/index.js';
import { infer } from './infer.js';
import { inferenceRoute } from './inference-route.js';
import { decodeMlflowRequest, encodeMlflowResponse } from './mlflow-codec.js';
import { requestFacts } from './request-facts.js';
import type { ServedModels } from './served-models.js';
import type { ServingMetrics } from './serving-metrics.js';

type Query = { model?: string; version?: string };
type Params = { name?: string; version?: string };

/**
 * MLflow's scoring server routes: `POST /invocations` (as `mlflow models serve`), which
 * answers for the one served model or the one named by `?model=name[&version=v]`, and
 * `POST /v2/models/:name[/versions/:v]/invocations` for a model by path; `GET /ping`.
 * Errors in MLflow's shape `{error_code, message}`.
 */
export function registerMlflowScoringRoutes(app: FastifyInstance, deps: { models: ServedModels; metrics: ServingMetrics }): void {
  const { models, metrics } = deps;
  const r = inferenceRoutes;
  const inferConfig = { protocol: 'mlflow' as const, inference: true };

  inferenceRoute(app, r.ping, { protocol: 'mlflow' }, async (_request, reply) => reply.type('text/plain').send('\n'));

  const invocations = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as Params;
    const query = request.query as Query;
    const name = params.name ?? query.model ?? onlyModel(models);
    const version = params.version ?? query.version;
    const outcome = await infer({
      models,
      name,
      ...(version !== undefined ? { version } : {}),
      facts: requestFacts(request),
      decode: (model) => ({ inputs: decodeMlflowRequest(request.body, model.signature) }),
      onQueued: (ms) => metrics.queueTime.observe({ model: name, version: requestFacts(request).version ?? '' }, ms / 1000),
    });
    return reply.header('x-model-version', outcome.version).send(encodeMlflowResponse(outcome.outputs));
  };
  inferenceRoute(app, r.invocations, inferConfig, invocations);
  inferenceRoute(app, r.modelInvocations, inferConfig, invocations);
  inferenceRoute(app, r.versionInvocations, inferConfig, invocations);
}

function onlyModel(models: ServedModels): string {
  const names = models.names();
  if (names.length !== 1) throw invalidArgument(`Several models are served (${names.join(', ')}): name one with /invocations?model=<name>`);
  return names[0]!;
}
