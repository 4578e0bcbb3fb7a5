import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ajaxTwin, type RouteContract } from '../../contracts/index.js';
import { contractRoute, type ContractHandler } from '../../http/index.js';
import { parseFields, requestFields, runIdFrom } from './request-parsing.js';

/** The body of every MLflow write that returns nothing. */
export const EMPTY_RESPONSE = {};

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

type FieldsContract = RouteContract & { fields: z.ZodType };

/** Registers an MLflow route from its contract, at its /api/2.0 path and at the /ajax-api twin. */
export function mlflowRoute<C extends RouteContract>(app: FastifyInstance, contract: C, handler: ContractHandler<C>): void {
  contractRoute(app, contract, handler);
  contractRoute(app, contract, handler, { url: ajaxTwin(contract.path) });
}

/**
 * The route's request fields (query string on GET, JSON body otherwise) checked against its
 * contract. `repeated` names the list fields, which a query string carries as repeats.
 */
export function readFields<C extends FieldsContract>(contract: C, request: FastifyRequest, repeated: readonly string[] = []): z.output<C['fields']> {
  return parseFields<C['fields']>(contract.fields, requestFields(request, repeated));
}

/** As readFields for a run's route: the run id (or the deprecated run_uuid) is read, and refused, first, as MLflow does. */
export function readRunFields<C extends FieldsContract>(contract: C, request: FastifyRequest): { runId: string; fields: z.output<C['fields']> } {
  const fields = requestFields(request);
  const runId = runIdFrom(fields);
  return { runId, fields: parseFields<C['fields']>(contract.fields, fields) };
}
