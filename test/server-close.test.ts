import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer } from '../src/server/index.js';

/*
 * The server's close ends once the requests in flight are answered, whatever keep-alive
 * connections its clients hold. A close that waited out a keep-alive timeout (72 s) fails
 * these tests by their timeout.
 */

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-close-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const config = () => loadServerConfig({ port: 0, dataDir, slurm: 'off' }, {});

describe('closing the server', () => {
  it('returns at once right after artifact downloads read to their end over keep-alive connections (regression: close waited out the 72 s keep-alive timeout)', async () => {
    const body = Buffer.alloc(256 * 1024, 3);
    // Several rounds: the file stream's end and the client's last byte race, and each round
    // is a fresh server closed the moment its download was read.
    for (let round = 0; round < 5; round++) {
      const server = await startServer(config(), { logger: silentLogger });
      const url = `${server.url}/api/2.0/mlflow-artifacts/artifacts/close-test/round-${round}.bin`;
      const put = await fetch(url, { method: 'PUT', body });
      expect(put.status).toBe(200);
      await put.arrayBuffer();
      const download = await fetch(url);
      expect(Buffer.from(await download.arrayBuffer()).equals(body)).toBe(true);
      await server.close();
    }
  });

  it('answers a download in flight when close begins, then closes', async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 5);
    const server = await startServer(config(), { logger: silentLogger });
    const url = `${server.url}/api/2.0/mlflow-artifacts/artifacts/close-test/big.bin`;
    await (await fetch(url, { method: 'PUT', body })).arrayBuffer();

    const download = await fetch(url);
    const closed = server.close();
    expect(Buffer.from(await download.arrayBuffer()).equals(body)).toBe(true);
    await closed;
  });
});
