import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContract, RouteInput, RouteOutput } from '../contracts/index.js';
import { parseRequest } from '../core/index.js';
import { refuseUnstorableUrl } from './unstorable-text.js';

/** What a contract route's handler answers: the contract's JSON, or the reply it sent itself (raw bodies, streams). */
export type ContractHandler<C extends RouteContract> = (
  input: RouteInput<C>,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<RouteOutput<C> | FastifyReply>;

/** Route options that carry the contract, read back by the response check and the coverage test. */
export interface ContractRouteConfig {
  contract: RouteContract;
}

/**
 * Registers a route from its contract: the URL and methods come from it, params, query and
 * body are checked against its schemas before the handler runs (a failure is INVALID_ARGUMENT
 * listing every issue; so is a NUL in a path parameter or query field), and the handler is
 * type-checked to answer the contract's shape.
 * `url` mounts the same contract at another URL (MLflow's `/ajax-api` twin of each route).
 */
export function contractRoute<C extends RouteContract>(app: FastifyInstance, contract: C, handler: ContractHandler<C>, options: { url?: string } = {}): void {
  const { params, query, body } = contract;
  const config: ContractRouteConfig = { contract };
  app.route({
    method: [...contract.methods],
    url: options.url ?? contract.path,
    config,
    handler: async (request, reply) => {
      // A NUL in a path parameter or query field (the JSON parser checks bodies).
      refuseUnstorableUrl(request);
      const input = {
        params: params ? parseRequest(params, request.params ?? {}) : undefined,
        query: query ? parseRequest(query, request.query ?? {}) : undefined,
        body: body ? parseRequest(body, request.body === undefined ? {} : request.body) : undefined,
      } as RouteInput<C>;
      const status = contract.status;
      if (status !== undefined) reply.code(status);
      return handler(input, request, reply);
    },
  });
}

/** The contract a request was routed to, if its route has one. */
export function routeContract(request: FastifyRequest): RouteContract | undefined {
  return (request.routeOptions.config as Partial<ContractRouteConfig> | undefined)?.contract;
}
