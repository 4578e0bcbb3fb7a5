/**
 * The UI's HTTP client. Every failure becomes an ApiError with a message fit to show: the
 * server's own message for a 4xx (e.g. a bad filter), or what went wrong on the way.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An array repeats the parameter (`state=queued&state=running`). */
type Query = Record<string, string | number | readonly string[] | undefined>;

export const UNREACHABLE_MESSAGE = 'Cannot reach the Flywheel server. Is `fw server` running?';

interface CallInit {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function urlOf(path: string, query: Query = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (typeof v === 'object') for (const item of v) qs.append(k, item);
    else qs.set(k, String(v));
  }
  return qs.size > 0 ? `${path}?${qs}` : path;
}

/** Sends the request; a network failure becomes ApiError, an abort stays an AbortError. */
async function send(method: string, path: string, init: CallInit): Promise<Response> {
  try {
    return await fetch(urlOf(path, init.query), {
      method,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(UNREACHABLE_MESSAGE, 0, 'UNAVAILABLE');
  }
}

function errorOf(res: Response, text: string): ApiError {
  let err: { message?: string; error_code?: string } = {};
  try {
    err = (text ? JSON.parse(text) : {}) as typeof err;
  } catch {
    // Not JSON (a proxy's error page): the status says what happened.
  }
  return new ApiError(err.message ?? `The server answered ${res.status} ${res.statusText}`, res.status, err.error_code ?? 'UNKNOWN');
}

async function request<T>(method: string, path: string, init: CallInit = {}): Promise<T> {
  const res = await send(method, path, init);
  const text = await res.text();
  if (!res.ok) throw errorOf(res, text);
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON: reported below.
  }
  if (body === undefined) throw new ApiError('The server sent a response that is not JSON', res.status, 'BAD_RESPONSE');
  return body as T;
}

/** MLflow's REST API: GET sends the fields as a query string; POST and DELETE as a JSON body. */
export const mlflow = <T>(method: 'GET' | 'POST' | 'DELETE', endpoint: string, payload: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> =>
  method === 'GET'
    ? request<T>('GET', `/api/2.0/mlflow/${endpoint}`, { query: payload as Query, ...(signal ? { signal } : {}) })
    : request<T>(method, `/api/2.0/mlflow/${endpoint}`, { body: payload, ...(signal ? { signal } : {}) });

export const native = <T>(endpoint: string, payload: Record<string, unknown>, signal?: AbortSignal): Promise<T> =>
  request<T>('POST', `/api/v1/${endpoint}`, { body: payload, ...(signal ? { signal } : {}) });

/** Our own `/api/v1` routes that are not POST-with-a-body (`GET /api/v1/jobs?state=...`). */
export const v1 = <T>(method: 'GET' | 'POST', endpoint: string, query?: Query, signal?: AbortSignal): Promise<T> =>
  request<T>(method, `/api/v1/${endpoint}`, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });

/** A binary answer (a log's bytes) with its headers, for routes that say more in headers than in the body. */
export async function v1Bytes(endpoint: string, query: Query, signal?: AbortSignal): Promise<{ bytes: Uint8Array; headers: Headers }> {
  const res = await send('GET', `/api/v1/${endpoint}`, { query, ...(signal ? { signal } : {}) });
  if (!res.ok) throw errorOf(res, await res.text());
  return { bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

/** The URL a browser downloads an artifact from (the MLflow artifact proxy). */
export function artifactUrl(runArtifactUri: string, path: string): string {
  const root = runArtifactUri.replace(/^mlflow-artifacts:\/+/, '');
  return `/api/2.0/mlflow-artifacts/artifacts/${[root, path].filter(Boolean).map((p) => p.split('/').map(encodeURIComponent).join('/')).join('/')}`;
}
