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

type Query = Record<string, string | number | undefined>;

export const UNREACHABLE_MESSAGE = 'Cannot reach the Flywheel server. Is `fw server` running?';

async function request<T>(method: string, path: string, init: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const url = qs.size > 0 ? `${path}?${qs}` : path;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(UNREACHABLE_MESSAGE, 0, 'UNAVAILABLE');
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON: reported below with the status.
  }
  if (!res.ok) {
    const err = (body ?? {}) as { message?: string; error_code?: string };
    throw new ApiError(err.message ?? `The server answered ${res.status} ${res.statusText}`, res.status, err.error_code ?? 'UNKNOWN');
  }
  if (body === undefined) throw new ApiError('The server sent a response that is not JSON', res.status, 'BAD_RESPONSE');
  return body as T;
}

export const mlflow = <T>(method: 'GET' | 'POST', endpoint: string, payload: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> =>
  method === 'GET'
    ? request<T>('GET', `/api/2.0/mlflow/${endpoint}`, { query: payload as Query, ...(signal ? { signal } : {}) })
    : request<T>('POST', `/api/2.0/mlflow/${endpoint}`, { body: payload, ...(signal ? { signal } : {}) });

export const native = <T>(endpoint: string, payload: Record<string, unknown>, signal?: AbortSignal): Promise<T> =>
  request<T>('POST', `/api/v1/${endpoint}`, { body: payload, ...(signal ? { signal } : {}) });

/** The URL a browser downloads an artifact from (the MLflow artifact proxy). */
export function artifactUrl(runArtifactUri: string, path: string): string {
  const root = runArtifactUri.replace(/^mlflow-artifacts:\/+/, '');
  return `/api/2.0/mlflow-artifacts/artifacts/${[root, path].filter(Boolean).map((p) => p.split('/').map(encodeURIComponent).join('/')).join('/')}`;
}
