import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { closePromptly } from './prompt-close.js';

/** A promise with its resolver, for steps the test releases itself. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

// Far longer than any test's timeout: a close that waits for a keep-alive connection to time
// out fails the test instead of passing slowly.
const KEEP_ALIVE_MS = 10 * 60_000;

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe('closePromptly', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    app?.server.closeAllConnections();
    await app?.close();
    app = undefined;
  });

  it("closes a download's keep-alive connection that turned idle after close began (regression: server.close() after an artifact download waited out the 72 s keep-alive timeout)", async () => {
    app = Fastify({ keepAliveTimeout: KEEP_ALIVE_MS });
    const body = Buffer.alloc(64 * 1024, 7);
    // The stream has sent every byte but ends only when the test says: as a file stream,
    // whose 'end' comes on a read after the client already has the whole body.
    const end = gate();
    app.get('/download', (_request, reply) => {
      const stream = new Readable({ read() {} });
      stream.push(body);
      void end.promise.then(() => stream.push(null));
      return reply.header('content-length', body.length).send(stream);
    });
    // After closePromptly's hook, so the answer ends after server.close() looked for idle ones.
    closePromptly(app, { graceMs: KEEP_ALIVE_MS });
    app.addHook('preClose', (done) => {
      end.open();
      done();
    });
    const url = await listen(app);

    const response = await fetch(`${url}/download`);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
    await app.close();
  });

  it('answers a request in flight when close begins, then closes', async () => {
    app = Fastify({ keepAliveTimeout: KEEP_ALIVE_MS });
    const entered = gate();
    const answer = gate();
    app.get('/slow', async () => {
      entered.open();
      await answer.promise;
      return { done: true };
    });
    closePromptly(app, { graceMs: KEEP_ALIVE_MS });
    const url = await listen(app);

    const pending = fetch(`${url}/slow`);
    await entered.promise;
    const closed = app.close();
    answer.open();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
  });

  it('destroys an answer that never ends once the grace has passed', async () => {
    app = Fastify({ keepAliveTimeout: KEEP_ALIVE_MS });
    app.get('/follow', (_request, reply) => {
      const stream = new Readable({ read() {} });
      stream.push('first line\n');
      return reply.header('content-type', 'text/plain').send(stream);
    });
    closePromptly(app, { graceMs: 20 });
    const url = await listen(app);

    const response = await fetch(`${url}/follow`);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first line\n');
    await app.close();
    await expect(reader.read()).rejects.toThrow();
  });
});
