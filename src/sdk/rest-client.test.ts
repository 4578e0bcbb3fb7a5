import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { RestClient } from './rest-client.js';
import { startRecordingServer, type RecordingServer } from './test-support/recording-server.js';

let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer();
});

afterEach(async () => {
  await server.close();
});

const errorReply = (status: number, error_code: string, message: string) => () => ({ status, body: { error_code, message } });

describe('RestClient', () => {
  it('sends GET payloads as the query string and POST payloads as JSON', async () => {
    server.route('GET', '/api/2.0/mlflow/runs/get', (req) => ({ body: { run_id: req.query.get('run_id') } }));
    server.route('POST', '/api/v1/gc', (req) => ({ body: { echo: req.json } }));
    const rest = new RestClient({ baseUrl: `${server.url}/` });
    expect(await rest.mlflow('GET', 'runs/get', { run_id: 'abc' })).toEqual({ run_id: 'abc' });
    expect(await rest.v1('POST', 'gc', { older_than_ms: 5 })).toEqual({ echo: { older_than_ms: 5 } });
    expect(server.received[1]!.headers['content-type']).toBe('application/json');
  });

  it('resolves an empty object for an empty 200 body', async () => {
    server.route('POST', '/empty', () => ({ raw: '' }));
    const rest = new RestClient({ baseUrl: server.url });
    await expect(rest.request('POST', '/empty', { body: {} })).resolves.toEqual({});
  });

  describe('when the server answers with an MLflow error body', () => {
    it.each([
      [404, 'RESOURCE_DOES_NOT_EXIST', 'NOT_FOUND'],
      [400, 'INVALID_PARAMETER_VALUE', 'INVALID_ARGUMENT'],
      [400, 'BAD_REQUEST', 'INVALID_ARGUMENT'],
      [400, 'RESOURCE_ALREADY_EXISTS', 'ALREADY_EXISTS'],
      [503, 'TEMPORARILY_UNAVAILABLE', 'UNAVAILABLE'],
      [500, 'INTERNAL_ERROR', 'INTERNAL'],
    ])('maps HTTP %i %s to %s with the server message', async (status, errorCode, code) => {
      server.route('GET', '/api/2.0/mlflow/experiments/get', errorReply(status, errorCode, 'the server says no'));
      const rest = new RestClient({ baseUrl: server.url });
      const error = await rest.mlflow('GET', 'experiments/get', { experiment_id: '9' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlywheelError);
      expect(error).toMatchObject({ code, message: 'the server says no' });
    });

    it('falls back to the status for a body that is not JSON', async () => {
      const plain = createServer((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      });
      await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
      try {
        const rest = new RestClient({ baseUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}` });
        await expect(rest.mlflow('GET', 'runs/get')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      } finally {
        await new Promise((r) => plain.close(r));
      }
    });
  });

  describe('when the server cannot be reached', () => {
    it("says so with the URL and a hint to start 'fw server'", async () => {
      const url = server.url;
      await server.close();
      server = await startRecordingServer();
      const rest = new RestClient({ baseUrl: url });
      await expect(rest.mlflow('GET', 'experiments/search')).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: `cannot reach the Flywheel server at ${url} (is 'fw server' running?)`,
      });
    });
  });

  describe('when the server does not answer in time', () => {
    it('aborts the request and reports UNAVAILABLE', async () => {
      const release = server.hold('/api/2.0/mlflow/runs/get');
      server.route('GET', '/api/2.0/mlflow/runs/get', () => ({ body: {} }));
      const rest = new RestClient({ baseUrl: server.url, timeoutMs: 100 });
      try {
        await expect(rest.mlflow('GET', 'runs/get')).rejects.toMatchObject({
          code: 'UNAVAILABLE',
          message: expect.stringContaining('did not answer within 100 ms'),
        });
      } finally {
        release();
      }
    });
  });
});
