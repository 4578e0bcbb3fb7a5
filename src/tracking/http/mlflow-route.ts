import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * One MLflow REST endpoint, relative to the `/api/2.0/mlflow/` prefix. Reads answer GET with
 * a query string (as MLflow clients call them) and also POST with a JSON body; writes are POST.
 */
export interface MlflowRoute {
  path: string;
  methods: ReadonlyArray<'GET' | 'POST'>;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export const READ = ['GET', 'POST'] as const;
export const WRITE = ['POST'] as const;

/** The body of every MLflow write that returns nothing. */
export const EMPTY_RESPONSE = {};

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
