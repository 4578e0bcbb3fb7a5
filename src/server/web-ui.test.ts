import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../core/index.js';
import { startServer, type RunningServer } from './start.js';
import { webUiRoot } from './web-ui.js';

describe('the web UI route', () => {
  let server: RunningServer;
  let dir: string;
  const built = existsSync(join(webUiRoot(), 'index.html'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-web-'));
    server = await startServer(loadServerConfig({ port: 0, dataDir: dir }, {}), { logger: (await import('../core/index.js')).silentLogger });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the app at / and at any deep link outside the APIs, never cached', async () => {
    for (const path of ['/', '/experiments/3?filter=metrics.acc%20%3E%200.9', '/runs/abc']) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const html = await res.text();
      expect(html).toContain(built ? '<div id="root">' : 'npm run build');
    }
  });

  it('keeps unknown API paths a 404 in the MLflow error shape', async () => {
    const res = await fetch(`${server.url}/api/2.0/mlflow/no-such-endpoint`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
    const post = await fetch(`${server.url}/experiments`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
