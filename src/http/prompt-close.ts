import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface PromptCloseOptions {
  /** How long the answers still being sent when close starts may take before their connections are destroyed. */
  graceMs: number;
}

/**
 * Node's HTTP server keeps the response it is writing on the socket as `_httpMessage`; its
 * own `closeIdleConnections` reads the same field to skip connections still answering.
 */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

/**
 * Makes `app.close()` end as soon as the requests in flight are answered: idle keep-alive
 * connections are closed at once, a connection still answering is closed when its answer is
 * sent, and one still answering after `graceMs` (a stream that never ends) is destroyed.
 * Call it before `listen`.
 *
 * Why: Node's `server.close()` closes the connections idle at that moment and then waits for
 * every other one to end. A download is still "answering" for a moment after its client has
 * every byte (the file stream emits 'end' on a later read), so a client that closes the server
 * as soon as it has read a download leaves a connection that turns idle just after close
 * looked, and nothing closes it until its keep-alive timeout (72 s in Fastify).
 *
 * @example
 * const app = buildApp(options);
 * closePromptly(app, { graceMs: 10_000 });
 * await app.listen({ port: 0 });
 * await app.close(); // does not wait out keep-alive timeouts
 */
export function closePromptly(app: FastifyInstance, options: PromptCloseOptions): void {
  const server = app.server;
  const sockets = new Set<HttpSocket>();
  server.on('connection', (socket: HttpSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  // Once the answer on `socket` is sent, the connection is idle unless another request came
  // in on it meanwhile (Fastify answers those with 503 and `connection: close`).
  const closeWhenAnswered = (socket: HttpSocket): void => {
    const response = socket._httpMessage;
    if (response && !response.writableFinished) {
      response.once('finish', () => closeWhenAnswered(socket));
    } else {
      server.closeIdleConnections();
    }
  };

  let grace: NodeJS.Timeout | undefined;
  // preClose runs just before Fastify calls `server.close()`, which closes the idle ones.
  app.addHook('preClose', (done) => {
    for (const socket of sockets) if (socket._httpMessage) closeWhenAnswered(socket);
    grace = setTimeout(() => server.closeAllConnections(), options.graceMs);
    grace.unref();
    done();
  });
  server.once('close', () => clearTimeout(grace));
}
