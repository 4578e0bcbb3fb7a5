import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** A response that is not a JSON document: a log as text, an object's bytes, a stream. */
export interface RawResponse {
  readonly kind: 'raw';
  readonly contentType: string;
  readonly description: string;
}

/**
 * One HTTP route: its URL, the schemas of what it reads and what it answers. This is the one
 * place a wire shape is written: the server validates requests and checks (in tests) its
 * answers against it, the SDK decodes with it, the UI infers its types from it, and the
 * OpenAPI document is generated from it.
 *
 * Schemas describe the JSON on the wire. `params` and `query` hold strings as they arrive
 * (coerce where a number is meant). `fields` is MLflow's request style: one set of fields read
 * from the query string on GET and from the JSON body on POST.
 */
export interface RouteContract {
  readonly methods: readonly HttpMethod[];
  /** Fastify's pattern: `:name` for a parameter, a trailing `*` for the rest of the path. */
  readonly path: string;
  /** A sentence for the OpenAPI document. */
  readonly summary: string;
  /** The domain (OpenAPI tag): tracking, mlflow, jobs, sweeps, datasets, models, inference. */
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A request body that is not JSON (an object's bytes), which the handler reads as a stream. */
  readonly rawBody?: RawResponse;
  readonly fields?: z.ZodType;
  /** The 2xx body: a JSON schema, or a raw body described by its type. */
  readonly response: z.ZodType | RawResponse;
  /** The body of error answers, when it is not the shared `ErrorBody` (OIP's `{error}`). */
  readonly errorBody?: z.ZodType;
  /** The success status when it is not 200. */
  readonly status?: number;
}

/** Declares a route contract; the `const` keeps the literal types that handlers are checked against. */
export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

/** A raw (non-JSON) response. */
export function rawResponse(contentType: string, description: string): RawResponse {
  return { kind: 'raw', contentType, description };
}

export function isRawResponse(r: RouteContract['response']): r is RawResponse {
  return (r as Partial<RawResponse>).kind === 'raw';
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route's handler receives once its params, query and body passed their schemas. */
export interface RouteInput<C extends RouteContract> {
  params: Parsed<C['params']>;
  query: Parsed<C['query']>;
  body: Parsed<C['body']>;
}

/** The JSON a handler must answer with (the schema's input: what is encoded on the wire). */
export type RouteOutput<C extends RouteContract> = C['response'] extends z.ZodType ? z.input<C['response']> : unknown;

/** The decoded answer, as the SDK reads it. */
export type RouteResult<C extends RouteContract> = C['response'] extends z.ZodType ? z.output<C['response']> : unknown;
