import type { FastifyRequest } from 'fastify';

/** What an access-log line and the metrics need to know of a request, filled in as it goes. */
export interface RequestFacts {
  protocol: 'oip' | 'mlflow';
  model?: string;
  version?: string;
  batchRows?: number;
}

const facts = new WeakMap<FastifyRequest, RequestFacts>();

/** The facts of a request, made on first ask, for its handler to fill in. */
export function requestFacts(request: FastifyRequest): RequestFacts {
  let f = facts.get(request);
  if (!f) {
    f = { protocol: request.routeOptions.config.protocol ?? 'oip' };
    facts.set(request, f);
  }
  return f;
}

/** The facts of a request if its handler made any. */
export function peekRequestFacts(request: FastifyRequest): RequestFacts | undefined {
  return facts.get(request);
}
