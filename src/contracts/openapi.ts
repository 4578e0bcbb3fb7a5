import { z } from 'zod';
import { ErrorBody } from './common.js';
import { isRawResponse, type RouteContract } from './route-contract.js';

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of a set of route contracts. JSON Schema 2020-12 is OpenAPI 3.1's
 * schema dialect, so Zod's own conversion is used as is; a schema given an id with
 * `.meta({ id })` becomes one entry of `components.schemas`, referred to everywhere it is used.
 */
export function openApiDocument(contracts: readonly RouteContract[], info: { title: string; version: string; description: string }): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const schema = (s: z.ZodType): JsonSchema => toSchema(s, components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    const path = openApiPath(c.path);
    const item = (paths[path] ??= {});
    for (const method of c.methods) {
      if (method === 'HEAD') continue;
      const parameters = [...objectParameters(c.params, 'path', schema), ...objectParameters(c.query, 'query', schema)];
      // MLflow's style: a GET reads the fields from the query string, a POST from the body.
      if (c.fields && method === 'GET') parameters.push(...objectParameters(c.fields, 'query', schema));
      const body = c.body ?? (c.fields && method !== 'GET' ? c.fields : undefined);
      const errorBody = schema(c.errorBody ?? ErrorBody);
      item[method.toLowerCase()] = {
        summary: c.summary,
        tags: [c.tag],
        operationId: operationId(method, c.path),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(body) } } } } : {}),
        ...(c.rawBody
          ? { requestBody: { required: true, description: c.rawBody.description, content: { [c.rawBody.contentType]: { schema: { type: 'string', contentMediaType: c.rawBody.contentType } } } } }
          : {}),
        responses: {
          [String(c.status ?? 200)]: isRawResponse(c.response)
            ? { description: c.response.description, content: { [c.response.contentType]: { schema: { type: 'string' } } } }
            : { description: 'Success', content: { 'application/json': { schema: schema(c.response) } } },
          '4XX': { description: 'The request was refused; the body says why', content: { 'application/json': { schema: errorBody } } },
          '5XX': { description: 'The server failed or is unavailable', content: { 'application/json': { schema: errorBody } } },
        },
      };
    }
  }
  return { openapi: '3.1.0', info, paths, components: { schemas: components } };
}

/** `/jobs/:id/logs` as `/jobs/{id}/logs`; a trailing wildcard as `{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}').replace(/\*$/, '{path}');
}

function operationId(method: string, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '' && w !== 'api')
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

function toSchema(s: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
  delete out.$defs;
  const rewrite = (v: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  for (const [id, def] of Object.entries(defs)) components[id] = rewrite(def);
  // A schema that is itself a named component comes back as a reference to its own entry.
  const id = z.globalRegistry.get(s)?.id;
  if (id !== undefined && typeof id === 'string') {
    components[id] = rewrite(out);
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewrite(out);
}

function objectParameters(s: z.ZodType | undefined, where: 'path' | 'query', schema: (s: z.ZodType) => JsonSchema): unknown[] {
  if (!s) return [];
  const json = schema(s);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, p]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: p }));
}
