import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../../core/index.js';
import { closePromptly, installResponseCheck, recordRoutes, responseChecksFromEnv } from '../../http/index.js';
import type { ModelSource, ServableVersion } from '../model-source.js';
import type { LoadedModel, ModelFiles } from '../runtime/runtime-types.js';
import { registerInferenceRoutes } from './inference-routes.js';
import type { ServeSpec } from './serve-specs.js';
import { ServedModels, type BatchingOptions } from './served-models.js';
import { ServingMetrics } from './serving-metrics.js';

export interface InferenceServerOptions {
  source: ModelSource;
  load(files: ModelFiles, version: ServableVersion): Promise<LoadedModel>;
  specs: readonly ServeSpec[];
  host?: string;
  /** 0 picks a free port. */
  port: number;
  batching?: BatchingOptions;
  pollMs?: number;
  bodyLimit?: number;
  accessLog?: boolean;
  logger: Logger;
  /** Where a traffic split draws its numbers in [0, 1); default Math.random. Tests pass their own to make the split exact. */
  random?: () => number;
}

export interface RunningInferenceServer {
  url: string;
  app: FastifyInstance;
  models: ServedModels;
  metrics: ServingMetrics;
  /** Stops accepting connections, answers the requests in flight, then closes the models. */
  close(): Promise<void>;
}

/**
 * The standalone inference server of `fw serve`: loads the models, then listens.
 *
 * @example
 * const server = await startInferenceServer({ source, load, specs: parseServeSpecs(['iris@production']), port: 8080, logger });
 * await server.close();
 */
export async function startInferenceServer(options: InferenceServerOptions): Promise<RunningInferenceServer> {
  const { logger } = options;
  const metrics = new ServingMetrics();
  const models = await ServedModels.start({
    source: options.source,
    load: options.load,
    specs: options.specs,
    logger,
    metrics,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.batching ? { batching: options.batching } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  recordRoutes(app);
  if (responseChecksFromEnv()) installResponseCheck(app, logger);
  let shuttingDown = false;
  // Answers given while shutting down close their connection: a keep-alive client would
  // otherwise hold it open and Fastify's close would wait for it.
  app.addHook('onSend', async (_request, reply) => {
    if (shuttingDown) reply.header('connection', 'close');
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `No endpoint ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}` }),
  );
  registerInferenceRoutes(app, {
    models,
    metrics,
    logger,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.accessLog !== undefined ? { accessLog: options.accessLog } : {}),
  });
  // An answer still being written when close starts would leave its connection open until
  // the keep-alive timeout; this closes it once written (and cuts any left after the grace).
  closePromptly(app, { graceMs: 10_000 });
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port });
  } catch (e) {
    await app.close().catch(() => undefined);
    await models.close();
    throw e;
  }
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, models: models.names() }, `inference server listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    app,
    models,
    metrics,
    close: () => {
      // Fastify's close stops listening, answers new requests on open connections with 503,
      // and resolves once the requests in flight are answered; then the models go.
      shuttingDown = true;
      closing ??= app.close().finally(() => models.close());
      return closing;
    },
  };
}
