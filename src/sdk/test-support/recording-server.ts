import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny real HTTP peer for the SDK's unit tests (no mocks of fetch): it records every
 * request, answers from per-route handlers, and can fail the next requests with a status or
 * by resetting the connection, or hold answers until released.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface Reply {
  status?: number;
  /** Sent as JSON; `{}` when absent. */
  body?: unknown;
  /** Sent as is instead of `body`. */
  raw?: string | Uint8Array;
  /** Written piece by piece instead of `body` (a streamed answer); the answer ends after the last. */
  stream?: AsyncIterable<string | Uint8Array>;
  /** Extra response headers; a content-type here replaces application/json. */
  headers?: Record<string, string>;
}

export type Failure = number | 'reset';

export type RouteHandler = (req: RecordedRequest) => Reply | Promise<Reply>;

export interface RecordingServer {
  url: string;
  /** Requests that were answered with a 2xx, in arrival order. */
  accepted: RecordedRequest[];
  /** Every request received, including failed ones. */
  received: RecordedRequest[];
  route(method: string, path: string, handler: RouteHandler): void;
  /** The next requests to `path` fail like this, one entry per request. */
  failNext(path: string, ...failures: Failure[]): void;
  /** Holds answers to `path` until the returned function is called. */
  hold(path: string): () => void;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const routes = new Map<string, RouteHandler>();
  const failures = new Map<string, Failure[]>();
  const holds = new Map<string, Promise<void>>();
  const accepted: RecordedRequest[] = [];
  const received: RecordedRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = Buffer.concat(chunks);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
    received.push(recorded);

    const failure = failures.get(url.pathname)?.shift();
    if (failure === 'reset') {
      req.socket.destroy();
      return;
    }
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: failure >= 500 ? 'TEMPORARILY_UNAVAILABLE' : 'BAD_REQUEST', message: `injected ${failure}` }));
      return;
    }
    await holds.get(url.pathname);
    const handler = routes.get(`${req.method} ${url.pathname}`);
    const reply = handler ? await handler(recorded) : { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: `no route ${url.pathname}` } };
    const status = reply.status ?? 200;
    if (status < 300) accepted.push(recorded);
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    if (reply.stream) {
      for await (const piece of reply.stream) res.write(piece);
      res.end();
      return;
    }
    res.end(reply.raw ?? JSON.stringify(reply.body ?? {}));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    received,
    route: (method, path, handler) => void routes.set(`${method} ${path}`, handler),
    failNext: (path, ...f) => void failures.set(path, [...(failures.get(path) ?? []), ...f]),
    hold: (path) => {
      let release!: () => void;
      holds.set(path, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(path);
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const LOG_BATCH_PATH = '/api/2.0/mlflow/runs/log-batch';
