import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath, ROUTE_CONTRACTS, type RouteContract } from '../src/contracts/index.js';
import { loadServerConfig } from '../src/core/index.js';
import { recordedRoutes, type ContractRouteConfig } from '../src/http/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { webUiRoot } from '../src/server/web-ui.js';
import { parseServeSpecs, type RunningInferenceServer } from '../src/serving/server/index.js';
import { MemoryModelSource, offsetModel, startTestInferenceServer } from './support/serving.js';

/*
 * Every route Flywheel serves is declared once, in src/contracts: a route registered without
 * its contract fails here, as does a contract no route serves, and the OpenAPI document must
 * describe every /api/v1 route the server has.
 */

/** The routes that are not an API: one per file of the built web UI (present once `npm run build` ran). */
const isWebUi = (url: string): boolean => url !== '/' && !url.includes(':') && !url.includes('*') && existsSync(join(webUiRoot(), url));

function apiRoutes(app: FastifyInstance): RouteOptions[] {
  return recordedRoutes(app).filter((r) => !isWebUi(r.url) && !(r.method === 'HEAD' || (Array.isArray(r.method) && r.method.every((m) => m === 'HEAD'))));
}

const methodsOf = (r: RouteOptions): string[] => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
const contractOf = (r: RouteOptions): RouteContract | undefined => (r.config as Partial<ContractRouteConfig> | undefined)?.contract;

describe('route contracts', () => {
  let dataDir: string;
  let server: RunningServer;
  let inference: RunningInferenceServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fw-contracts-'));
    server = await startServer(loadServerConfig({ port: 0, dataDir }, {}));
    const source = new MemoryModelSource().add('offset', '1', offsetModel(1));
    inference = await startTestInferenceServer({ source, specs: parseServeSpecs(['offset@1']) });
  });
  afterAll(async () => {
    await inference?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('every route of the server and of the inference server carries its contract', () => {
    const routes = [...apiRoutes(server.app), ...apiRoutes(inference.app)];
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !contractOf(r)).map((r) => `${methodsOf(r).join(',')} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it("each route's methods are its contract's", () => {
    const wrong = [...apiRoutes(server.app), ...apiRoutes(inference.app)]
      .filter((r) => contractOf(r) && methodsOf(r).some((m) => !contractOf(r)!.methods.includes(m as never)))
      .map((r) => `${methodsOf(r).join(',')} ${r.url} (contract: ${contractOf(r)!.methods.join(',')})`);
    expect(wrong).toEqual([]);
  });

  it('every contract is served by some route', () => {
    const served = new Set([...apiRoutes(server.app), ...apiRoutes(inference.app)].map(contractOf));
    const orphans = ROUTE_CONTRACTS.filter((c) => !served.has(c)).map((c) => `${c.methods.join(',')} ${c.path}`);
    expect(orphans).toEqual([]);
  });

  it('the OpenAPI document at /api/v1/openapi.json describes every /api/v1 route with its methods', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    const undocumented: string[] = [];
    for (const r of apiRoutes(server.app).filter((x) => x.url.startsWith('/api/v1/'))) {
      for (const m of methodsOf(r)) {
        if (!doc.paths[openApiPath(r.url)]?.[m.toLowerCase()]) undocumented.push(`${m} ${r.url}`);
      }
    }
    expect(undocumented).toEqual([]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) expect(Object.keys(op.responses), `${method} ${path}`).toContain('4XX');
    }
  });

  it('every $ref in the document resolves to a component', async () => {
    const text = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body;
    const doc = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);
  });
});
