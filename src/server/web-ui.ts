import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the APIs: a miss there is an API 404, never the UI's page. */
// The inference protocols' paths too: without `--serve` they are unknown endpoints, not UI pages.
const API_PREFIXES = ['/api/', '/ajax-api/', '/health', '/v2', '/invocations', '/metrics', '/ping'];

/**
 * The built web UI (dist/web), found from this file whether it runs compiled (dist/src/server)
 * or from source (src/server, in tests): both sit two folders below the package root.
 */
export function webUiRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['web'] : ['dist', 'web']));
}

const NOT_BUILT = `<!doctype html><html><head><title>Flywheel</title></head><body style="font-family:system-ui;padding:2em">
<h1>Flywheel</h1><p>The web UI is not built. Run <code>npm run build</code>, then restart <code>fw server</code>.</p>
<p>The APIs are up: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body></html>`;

/**
 * Serves the single-page UI at `/`: its files, and index.html for any other GET outside the
 * APIs so that shareable URLs (/experiments/3?filter=…) load the app, which then routes.
 * Hashed assets are cached for a year; index.html is never cached, so a new build shows at once.
 */
export function registerWebUi(app: FastifyInstance, notFound: (request: FastifyRequest, reply: FastifyReply) => unknown): void {
  const root = webUiRoot();
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    void app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        res.header('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PREFIXES.some((p) => path.startsWith(p))) return notFound(request, reply);
    if (!built) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
