import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContract, RouteOutput } from '../../contracts/index.js';
import type { ContractRouteConfig } from '../../http/index.js';

/** The route options the inference plugin reads: the error shape (protocol) and whether requests count as inferences. */
export interface InferenceRouteConfig {
  protocol: 'oip' | 'mlflow';
  inference?: boolean;
}

/**
 * Registers an inference route with its contract (read by the coverage test and, under tests,
 * the response check). Unlike `contractRoute` it does not parse the request with the contract's
 * schemas: the handlers check bodies themselves, after the model is found and inside the
 * request's timing, and the hot path pays no second parse.
 */
export function inferenceRoute<C extends RouteContract>(
  app: FastifyInstance,
  contract: C,
  config: InferenceRouteConfig,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<RouteOutput<C> | FastifyReply>,
  options: { url?: string } = {},
): void {
  const routeConfig: ContractRouteConfig & InferenceRouteConfig = { contract, ...config };
  app.route({ method: [...contract.methods], url: options.url ?? contract.path, config: routeConfig, handler });
}
