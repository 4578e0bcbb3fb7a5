import { FlywheelError } from '../core/errors.js';
import { errorFromResponse } from './http-errors.js';

export interface RestClientOptions {
  /** The server's base URL, e.g. http://127.0.0.1:5050 (a trailing slash is ignored). */
  baseUrl: string;
  /** Per-request limit in milliseconds (default 30 s); 0 means no limit. */
  timeoutMs?: number;
  /** Headers sent with every request (an auth token, for instance). */
  headers?: Record<string, string>;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

/** A query value; a list repeats the parameter (`?state=queued&state=running`). */
export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON-serialisable value, or raw bytes for uploads (a Uint8Array, a Blob, or a ReadableStream sent as it is read). */
  body?: unknown;
  /** Content type for a raw body (default application/octet-stream). */
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra headers for this request (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The low-level client: JSON requests to `/api/2.0/mlflow/...` (MLflow's protocol) and
 * `/api/v1/...` (Flywheel's own routes), with error bodies mapped to FlywheelError and an
 * unreachable or silent server reported as UNAVAILABLE.
 *
 * @example
 * const rest = new RestClient({ baseUrl: 'http://127.0.0.1:5050' });
 * const { experiment } = await rest.mlflow('GET', 'experiments/get-by-name', { experiment_name: 'mnist' });
 */
export class RestClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = options.headers ?? {};
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** An MLflow endpoint: GET sends `payload` as the query string, POST as the JSON body. */
  mlflow<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    endpoint: string,
    payload: Record<string, unknown> = {},
    options: Pick<RequestOptions, 'timeoutMs' | 'signal' | 'headers'> = {},
  ): Promise<T> {
    return this.call<T>(method, `/api/2.0/mlflow/${endpoint}`, payload, options);
  }

  /** A Flywheel-native endpoint under /api/v1. */
  v1<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    endpoint: string,
    payload: Record<string, unknown> = {},
    options: Pick<RequestOptions, 'timeoutMs' | 'signal'> = {},
  ): Promise<T> {
    return this.call<T>(method, `/api/v1/${endpoint}`, payload, options);
  }

  private call<T>(
    method: 'GET' | 'POST',
    path: string,
    payload: Record<string, unknown>,
    options: Pick<RequestOptions, 'timeoutMs' | 'signal' | 'headers'>,
  ): Promise<T> {
    if (method === 'GET') {
      return this.request<T>('GET', path, { ...options, query: payload as RequestOptions['query'] });
    }
    return this.request<T>(method, path, { ...options, body: payload });
  }

  /** Any request; resolves the parsed JSON answer (`{}` for an empty body). */
  async request<T = Record<string, unknown>>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.stream(method, path, options);
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw this.readError(e, options);
    }
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new FlywheelError('INTERNAL', `${method} ${path} answered with a body that is not JSON`, { cause: e });
    }
  }

  /** A request whose answer is not JSON (log bytes): the body and the headers. */
  async requestBytes(method: string, path: string, options: RequestOptions = {}): Promise<{ bytes: Uint8Array; headers: Headers }> {
    const response = await this.stream(method, path, options);
    try {
      return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
    } catch (e) {
      throw this.readError(e, options);
    }
  }

  /**
   * A request whose body the caller reads as it arrives (a followed log): resolves once the
   * status is 2xx, else throws the server's error. `timeoutMs` limits the whole exchange, so
   * a long stream passes 0 and a `signal`; a failed body read goes through `readError`.
   */
  async stream(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const signals = [options.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...options.headers };
    let body: string | Uint8Array | Blob | ReadableStream<Uint8Array> | undefined;
    if (options.body instanceof Uint8Array || options.body instanceof Blob || options.body instanceof ReadableStream) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.body as Uint8Array | Blob | ReadableStream<Uint8Array>;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        // fetch sends a stream body only when told it may start before the answer (undici's rule).
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
        ...(signals.length > 0 ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) } : {}),
      });
      if (response.ok) return response;
      const text = await response.text();
      throw errorFromResponse(response.status, text, `${method} ${path}`);
    } catch (e) {
      throw this.transportError(e, timeoutMs, options.signal);
    }
  }

  /** What a body read that failed (the server went away, the caller aborted) is reported as. */
  readError(e: unknown, options: Pick<RequestOptions, 'timeoutMs' | 'signal'> = {}): FlywheelError {
    return this.transportError(e, options.timeoutMs ?? this.timeoutMs, options.signal);
  }

  private url(path: string, query: RequestOptions['query']): string {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (Array.isArray(v)) for (const item of v as ReadonlyArray<string | number>) url.searchParams.append(k, String(item));
      else if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  private transportError(e: unknown, timeoutMs: number, callerSignal: AbortSignal | undefined): FlywheelError {
    if (e instanceof FlywheelError) return e;
    if (callerSignal?.aborted) {
      return new FlywheelError('UNAVAILABLE', `request to ${this.baseUrl} was cancelled`, { cause: e });
    }
    const name = e instanceof Error ? e.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new FlywheelError('UNAVAILABLE', `the Flywheel server at ${this.baseUrl} did not answer within ${timeoutMs} ms`, {
        cause: e,
      });
    }
    return new FlywheelError('UNAVAILABLE', `cannot reach the Flywheel server at ${this.baseUrl} (is 'fw server' running?)`, {
      cause: e,
    });
  }
}
