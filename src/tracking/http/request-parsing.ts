import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { invalidArgument, type ValidationIssue } from '../../core/index.js';

/** Fields of a request as MLflow reads them: the query string of a GET, the JSON body otherwise. */
export type RequestFields = Record<string, unknown>;

/**
 * The request's fields. On GET, a repeated field (`repeated` lists them) is always an array and
 * any other field takes its first value, as MLflow's server reads query strings. JSON nulls mean
 * "absent" in protobuf's JSON mapping, so top-level nulls are dropped.
 */
export function requestFields(request: FastifyRequest, repeated: readonly string[] = []): RequestFields {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const query = (request.query ?? {}) as Record<string, string | string[]>;
    const fields: RequestFields = {};
    for (const name of Object.keys(query)) {
      // Assigning `__proto__` would set the prototype of `fields`; no MLflow field has that name.
      if (name === '__proto__') continue;
      const value = query[name];
      if (repeated.includes(name)) fields[name] = Array.isArray(value) ? value : [value];
      else fields[name] = Array.isArray(value) ? value[0] : value;
    }
    return fields;
  }
  return bodyObject(request.body);
}

/** The JSON body as an object, or INVALID_PARAMETER_VALUE when it is anything else. */
export function bodyObject(body: unknown): RequestFields {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidArgument('The request body must be a JSON object');
  }
  const fields = body as RequestFields;
  for (const key in fields) {
    if (fields[key] === null) return withoutNulls(fields);
  }
  return fields;
}

function withoutNulls(fields: RequestFields): RequestFields {
  const out: RequestFields = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null) out[key] = value;
  return out;
}

/** MLflow's wording, so clients and people who know MLflow recognise it. */
export function missingValue(name: string): string {
  return `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`;
}

/** Throws INVALID_PARAMETER_VALUE with one issue. */
export function invalidField(path: string, message: string): never {
  throw invalidArgument(message, [{ path, message }]);
}

/** Formats a Zod issue path as the JSON path a client sent: `tags[0].key`. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/**
 * A value as it appears in an error message. Containers are named, not printed: a body may
 * nest arrays 100k deep, which JSON.stringify would overflow the stack on.
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array (${value.length} items)`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
  return String(value);
}

/**
 * Parses request fields with a Zod schema; failures become one INVALID_PARAMETER_VALUE whose
 * message reads like MLflow's and whose issues list every problem.
 */
export function parseFields<S extends z.ZodType>(schema: S, fields: RequestFields): z.output<S> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => {
    const path = issuePath(issue.path);
    const value = valueAt(fields, issue.path);
    if (value === undefined || value === '') return { path, message: missingValue(path) };
    return { path, message: `Invalid value ${describeValue(value)} for parameter '${path}' supplied: ${issue.message}` };
  });
  throw invalidArgument(issues[0]?.message ?? 'Invalid request', issues);
}

/**
 * `run_id`, falling back to the deprecated `run_uuid` that older clients send. Read before the
 * other fields so that, as in MLflow, a missing run id is the error reported first.
 */
export function runIdFrom(fields: RequestFields): string {
  const runId = isAbsent(fields.run_id) ? fields.run_uuid : fields.run_id;
  if (isAbsent(runId)) invalidField('run_id', missingValue('run_id'));
  if (typeof runId !== 'string') {
    invalidField('run_id', `Invalid value ${describeValue(runId)} for parameter 'run_id' supplied: expected a string`);
  }
  return runId;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
