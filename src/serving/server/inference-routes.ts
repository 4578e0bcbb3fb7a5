import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inferenceRoutes } from '../../contracts/index.js';
import { FlywheelError, type Logger } from '../../core/index.js';
import { toErrorReply } from '../../http/index.js';
import { inferenceRoute } from './inference-route.js';
import { peekRequestFacts } from './request-facts.js';
import { registerMlflowScoringRoutes } from './mlflow-routes.js';
import { registerOipRoutes } from './oip-routes.js';
import type { ServedModels } from './served-models.js';
import type { ServingMetrics } from './serving-metrics.js';

/** 32 MiB: a batch of a few thousand rows of a wide model, as JSON; configurable with --max-body-bytes. */
export const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;

export interface InferenceRoutesOptions {
  models: ServedModels;
  metrics: ServingMetrics;
  logger: Logger;
  /** Largest request body in bytes; larger ones get 413. Default DEFAULT_BODY_LIMIT. */
  bodyLimit?: number;
  /** One info line per request (method, path, status, model, version, ms, batch). Default true. */
  accessLog?: boolean;
  /** Where Prometheus scrapes; default /metrics. */
  metricsPath?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which protocol's error shape a route answers in; inference routes also fill RequestFacts. */
    protocol?: 'oip' | 'mlflow';
    /** An inference route (counted in the request metrics). */
    inference?: boolean;
  }
}

/**
 * Mounts the inference server's routes: Open Inference Protocol v2 under /v2, MLflow's
 * scoring protocol at /invocations (and /v2/models/:name/invocations), /ping and
 * /metrics. A plugin of its own, so its JSON parser (with the body limit), error shapes
 * and access log apply to these routes only; `fw server` and `fw serve` mount the same.
 *
 * @example
 * const models = await ServedModels.start({ source, load: (f, v) => loadModel(f, { format: v.format }), specs, logger });
 * registerInferenceRoutes(app, { models, metrics: new ServingMetrics(), logger });
 */
export function registerInferenceRoutes(app: FastifyInstance, options: InferenceRoutesOptions): void {
  void app.register(async (scope) => inferencePlugin(scope, options));
}

async function inferencePlugin(app: FastifyInstance, options: InferenceRoutesOptions): Promise<void> {
  const { models, metrics, logger } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;

  app.removeAllContentTypeParsers();
  const parseJson = (_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void): void => {
    try {
      done(null, body.length === 0 ? {} : JSON.parse(body as string));
    } catch (e) {
      done(new FlywheelError('INVALID_ARGUMENT', `Request body is not valid JSON: ${(e as Error).message}`, { cause: e }), undefined);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJson);
  // Every body is read as JSON whatever its Content-Type (as Triton does): `curl -d @body.json`
  // sends application/x-www-form-urlencoded.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, parseJson);

  app.setErrorHandler((error, request, reply) => sendProtocolError(error, request, reply, { logger, bodyLimit }));

  app.addHook('onResponse', async (request, reply) => {
    const f = peekRequestFacts(request);
    const ms = reply.elapsedTime;
    if (request.routeOptions.config.inference) {
      metrics.observeRequest({
        model: f?.model ?? '',
        version: f?.version ?? '',
        protocol: f?.protocol ?? request.routeOptions.config.protocol ?? 'oip',
        status: reply.statusCode,
        seconds: ms / 1000,
      });
    }
    if (options.accessLog ?? true) {
      logger.info(
        {
          method: request.method,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          model: f?.model,
          version: f?.version,
          ms: Math.round(ms * 100) / 100,
          batch: f?.batchRows,
        },
        'request',
      );
    }
  });

  inferenceRoute(app, inferenceRoutes.metrics, { protocol: 'oip' }, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()), {
    url: options.metricsPath ?? '/metrics',
  });
  registerOipRoutes(app, { models, metrics });
  registerMlflowScoringRoutes(app, { models, metrics });
}

/** OIP's `{"error": message}` or MLflow's `{error_code, message}`, with the status the error's code maps to. */
function sendProtocolError(error: unknown, request: FastifyRequest, reply: FastifyReply, context: { logger: Logger; bodyLimit: number }): FastifyReply {
  const mapped = toErrorReply(error);
  let { statusCode } = mapped;
  let message = mapped.body.message;
  if (statusCode === 413) message = `Request body is larger than the limit of ${context.bodyLimit} bytes`;
  // A model closed under a request (leases should prevent it): the retry will find the new version.
  if (error instanceof FlywheelError && error.code === 'FAILED_PRECONDITION') statusCode = 503;
  if (statusCode >= 500 && statusCode !== 503) {
    context.logger.error({ err: error, method: request.method, url: request.url }, 'inference request failed');
  }
  reply.code(statusCode).type('application/json; charset=utf-8');
  if (request.routeOptions.config.protocol === 'mlflow') {
    return reply.send(JSON.stringify({ error_code: mapped.body.error_code, message }));
  }
  return reply.send(JSON.stringify({ error: message }));
}
