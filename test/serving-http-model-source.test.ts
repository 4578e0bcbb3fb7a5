import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../src/core/index.js';
import { HttpModelSource } from '../src/serving/http-model-source.js';

/**
 * The registry routes of docs/models-api.md, answered by a stand-in server with fixed
 * contents (the registry's own tests cover the real routes; this pins what the source reads).
 */
describe('HttpModelSource', () => {
  let app: FastifyInstance;
  let url: string;
  const files: Record<string, Uint8Array> = { 'model.json': new TextEncoder().encode('{"a":1}'), 'weights/group1 shard.bin': new Uint8Array([1, 2, 3]) };
  let corrupt = false;

  beforeAll(async () => {
    app = Fastify();
    app.get('/api/v1/models/:name/resolve', async (request, reply) => {
      const { name } = request.params as { name: string };
      const { ref } = request.query as { ref: string };
      if (name !== 'iris') return reply.code(404).send({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Registered model ${name} not found` });
      return { model_version: { name, version: ref === 'production' ? '3' : ref, format: 'tfjs-layers' } };
    });
    app.get('/api/v1/models/:name/versions/:version/files', async () => ({
      files: Object.entries(files).map(([path, bytes]) => ({ path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })),
    }));
    app.get('/api/v1/models/:name/versions/:version/files/*', async (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      const bytes = files[path];
      if (!bytes) return reply.code(404).send({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `no file ${path}` });
      return reply.type('application/octet-stream').send(Buffer.from(corrupt ? new Uint8Array([9]) : bytes));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
  });

  it('resolves an alias to a version with its format', async () => {
    expect(await new HttpModelSource({ baseUrl: `${url}/` }).resolve('iris', 'production')).toEqual({ name: 'iris', version: '3', format: 'tfjs-layers' });
  });

  it('downloads every file of a version, paths with folders and spaces included', async () => {
    corrupt = false;
    const got = await new HttpModelSource({ baseUrl: url }).files('iris', '3');
    expect([...got.keys()].sort()).toEqual(Object.keys(files).sort());
    expect(got.get('weights/group1 shard.bin')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses a file whose sha256 does not match', async () => {
    corrupt = true;
    await expect(new HttpModelSource({ baseUrl: url }).files('iris', '3')).rejects.toThrow(/did not match its sha256/);
    corrupt = false;
  });

  it('reports a missing model as NOT_FOUND and an unreachable server as UNAVAILABLE', async () => {
    await expect(new HttpModelSource({ baseUrl: url }).resolve('nope', 'latest')).rejects.toSatisfy(
      (e: unknown) => e instanceof FlywheelError && e.code === 'NOT_FOUND' && /Registered model nope not found/.test(e.message),
    );
    await expect(new HttpModelSource({ baseUrl: 'http://127.0.0.1:1' }).resolve('iris', '1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
