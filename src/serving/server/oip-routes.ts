import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inferenceRoutes } from '../../contracts/index.js';
import type { ModelFormat } from '../runtime/runtime-types.js';
import { infer } from './infer.js';
import { inferenceRoute } from './inference-route.js';
import { requestFacts } from './request-facts.js';
import { decodeInferRequest, encodeInferResponse } from './oip-codec.js';
import type { ServedModels } from './served-models.js';
import type { ServingMetrics } from './serving-metrics.js';

/** Kept in step with package.json by hand, as in the CLI. */
const SERVER_VERSION = '0.1.0';

/** The platform names of KServe and Triton where they exist. */
const PLATFORMS: Record<ModelFormat, string> = {
  onnx: 'onnxruntime_onnx',
  'tfjs-layers': 'tensorflowjs_layers',
  'tfjs-graph': 'tensorflowjs_graph',
};

type ModelParams = { name: string; version?: string };

/**
 * Open Inference Protocol v2 REST: health, server and model metadata, model readiness and
 * inference, each model route with and without `/versions/:version`. Health answers 200
 * or 400 ("4xx indicates false" in the protocol), with KServe's `{live}`/`{ready}` bodies.
 */
export function registerOipRoutes(app: FastifyInstance, deps: { models: ServedModels; metrics: ServingMetrics }): void {
  const { models, metrics } = deps;
  const r = inferenceRoutes;
  const config = { protocol: 'oip' as const };

  inferenceRoute(app, r.live, config, async () => ({ live: true }));
  inferenceRoute(app, r.ready, config, async (_request, reply) => {
    const ready = models.names().every((n) => models.isReady(n));
    return reply.code(ready ? 200 : 400).send({ ready });
  });
  inferenceRoute(app, r.server, config, async () => ({ name: 'flywheel', version: SERVER_VERSION, extensions: [] }));

  const metadata = async (request: FastifyRequest) => {
    const { name, version } = request.params as ModelParams;
    const info = models.info(name, version);
    return {
      name,
      versions: version === undefined ? info.versions.map((v) => v.version) : [version],
      platform: PLATFORMS[info.model.format],
      inputs: info.model.signature.inputs,
      outputs: info.model.signature.outputs,
    };
  };
  inferenceRoute(app, r.model, config, metadata);
  inferenceRoute(app, r.modelVersion, config, metadata);

  const ready = async (request: FastifyRequest, reply: FastifyReply) => {
    const { name, version } = request.params as ModelParams;
    models.info(name, version); // 404 for what is not served
    const isReady = models.isReady(name, version);
    return reply.code(isReady ? 200 : 400).send({ name, ready: isReady });
  };
  inferenceRoute(app, r.modelReady, config, ready);
  inferenceRoute(app, r.modelVersionReady, config, ready);

  const inferRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const { name, version } = request.params as ModelParams;
    let id: string | undefined;
    const outcome = await infer({
      models,
      name,
      ...(version !== undefined ? { version } : {}),
      facts: requestFacts(request),
      decode: () => {
        const decoded = decodeInferRequest(request.body);
        id = decoded.id;
        return decoded.outputs === undefined ? { inputs: decoded.inputs } : { inputs: decoded.inputs, outputs: decoded.outputs };
      },
      onQueued: (ms) => metrics.queueTime.observe({ model: name, version: requestFacts(request).version ?? '' }, ms / 1000),
    });
    return reply
      .header('x-model-version', outcome.version)
      .type('application/json; charset=utf-8')
      .send(encodeInferResponse({ modelName: name, modelVersion: outcome.version, ...(id !== undefined ? { id } : {}), outputs: outcome.outputs }));
  };
  const inferConfig = { protocol: 'oip' as const, inference: true };
  inferenceRoute(app, r.infer, inferConfig, inferRoute);
  inferenceRoute(app, r.inferVersion, inferConfig, inferRoute);
}
