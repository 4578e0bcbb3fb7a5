import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { offsetModel, oipRow, postJson } from './support/serving.js';

/**
 * `fw serve` driven through run(argv, io), reading models over HTTP from a stand-in for a
 * Flywheel server's registry routes (docs/models-api.md): version 1 and 2 of `offset`,
 * alias `production` on 1.
 */
describe('fw serve', () => {
  let registry: FastifyInstance;
  let registryUrl: string;
  const versions: Record<string, Uint8Array> = { '1': offsetModel(100).get('model.onnx')!, '2': offsetModel(200).get('model.onnx')! };

  beforeAll(async () => {
    registry = Fastify();
    registry.get('/api/v1/models/offset/resolve', async (request) => {
      const { ref } = request.query as { ref: string };
      return { model_version: { name: 'offset', version: ref === 'production' ? '1' : ref === 'latest' ? '2' : ref, format: 'onnx' } };
    });
    registry.get('/api/v1/models/offset/versions/:v/files', async (request) => {
      const bytes = versions[(request.params as { v: string }).v]!;
      return { files: [{ path: 'model.onnx', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }] };
    });
    registry.get('/api/v1/models/offset/versions/:v/files/model.onnx', async (request, reply) =>
      reply.type('application/octet-stream').send(Buffer.from(versions[(request.params as { v: string }).v]!)),
    );
    await registry.listen({ port: 0, host: '127.0.0.1' });
    registryUrl = `http://127.0.0.1:${(registry.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await registry.close();
  });

  it('serves name@alias until interrupted, then shuts down cleanly', async () => {
    let interrupt: (signal: string) => void = () => undefined;
    const io = captureIo({ FW_TRACKING_URI: registryUrl, FW_LOG_LEVEL: 'silent' }, new Promise((r) => (interrupt = r)));
    const exit = fw(['serve', 'offset@production', '--port', '0', '--poll-seconds', '0'], io);
    await expect.poll(() => io.stdout, { timeout: 20_000 }).toMatch(/on http:\/\/127\.0\.0\.1:\d+/);
    expect(io.stdout).toMatch(/^Serving offset \(production\) on /);
    const url = /on (http:\/\/\S+)/.exec(io.stdout)![1]!;
    const r = await postJson(`${url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4]));
    expect([r.status, r.body.model_version, r.body.outputs[0].data]).toEqual([200, '1', [101, 102, 103]]);
    interrupt('SIGTERM');
    expect(await exit).toBe(0);
    expect(io.stderr).toMatch(/SIGTERM: finishing requests in flight/);
  });

  it('refuses a model the registry does not have', async () => {
    const io = captureIo({ FW_TRACKING_URI: registryUrl, FW_LOG_LEVEL: 'silent' });
    const code = await fw(['serve', 'nope@1', '--port', '0'], io);
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/nope/);
  });

  it('refuses a bad --split as a usage error', async () => {
    const io = captureIo({ FW_TRACKING_URI: registryUrl, FW_LOG_LEVEL: 'silent' });
    const code = await fw(['serve', '--split', 'offset@1=zero', '--port', '0'], io);
    expect(code).not.toBe(0);
    expect(io.stderr).toMatch(/weight/);
  });
});
