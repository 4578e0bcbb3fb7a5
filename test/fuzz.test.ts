import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { capturingLogger, FuzzHarness, type FuzzIds, type PreparedRequest } from './support/fuzz-harness.js';
import { extremeRequests, knownInvalidRequests } from './support/fuzz-fixed-cases.js';
import { requestsFor } from './support/fuzz-requests.js';
import { routeFamily, routeKey, TEMPLATES, type FuzzRequest } from './support/fuzz-routes.js';
import { listRoutes, type RouteEntry } from './support/route-table.js';
import { waitUntil } from './support/wait.js';

/*
 * Every route the server has, fed thousands of malformed and random requests: random JSON,
 * the right field names with the wrong types, valid ids mixed with invalid ones, garbage
 * query strings, broken JSON, wrong content types, oversized batches, hostile artifact
 * paths. Each answer must be a success or a 4xx with MLflow's {error_code, message}, never a
 * 5xx or a hang; requests that are invalid by construction must get a 4xx. Data logged
 * before the fuzzing must be intact afterwards.
 *
 * Most requests go through app.inject (no sockets); a smaller share over real HTTP.
 * FW_FUZZ_SCALE=<factor> runs more (or fewer) examples; fast-check prints the seed and path
 * of a failure to replay it with FW_FUZZ_SEED and FW_FUZZ_PATH.
 */

const SCALE = Number(process.env.FW_FUZZ_SCALE ?? 2);
const FC_REPLAY = process.env.FW_FUZZ_SEED
  ? { seed: Number(process.env.FW_FUZZ_SEED), ...(process.env.FW_FUZZ_PATH ? { path: process.env.FW_FUZZ_PATH } : {}) }
  : {};

const dataDir = await mkdtemp(join(tmpdir(), 'fw-fuzz-'));
const logs = capturingLogger();
// An empty environment: FW_DATABASE_URL from the shell must not point the fuzz at a real database.
const server: RunningServer = await startServer(loadServerConfig({ port: 0, dataDir }, {}), { logger: logs.logger });
// The APIs only: the web UI's static files (present once `npm run build` ran) are not JSON.
const routes = listRoutes(server.app).filter((r) => /^\/(api|ajax-api|health)/.test(r.path));

afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(
  method: string,
  url: string,
  body?: unknown,
  raw?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; text: string }> {
  const res = await server.app.inject({
    method: method as 'GET',
    url,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) } : {}),
    ...(raw !== undefined ? { headers: { 'content-type': 'application/octet-stream', ...headers }, payload: raw } : {}),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, body: parsed, text: res.body };
}

async function ok(method: string, url: string, body?: unknown, raw?: string): Promise<any> {
  const res = await call(method, url, body, raw);
  if (res.status !== 200) throw new Error(`fixture setup: ${method} ${url} answered ${res.status}: ${res.text.slice(0, 500)}`);
  return res.body;
}

let names = 0;
const fresh = (what: string) => `fuzz-${what}-${process.pid}-${++names}`;

const PROTECTED = {
  params: [
    { key: 'alpha', value: '0.1' },
    { key: 'unicode', value: 'é漢字😀' },
  ],
  tags: [{ key: 'team', value: 'fuzz' }],
  metrics: [
    { key: 'loss', value: 0.5, timestamp: 1_700_000_000_000, step: 0 },
    { key: 'loss', value: 'NaN', timestamp: 1_700_000_000_001, step: 1 },
    { key: 'loss', value: 'Infinity', timestamp: 1_700_000_000_002, step: 2 },
    { key: 'acc', value: -1e-300, timestamp: 1_700_000_000_003, step: 7 },
  ],
  artifact: 'model/weights.txt',
  artifactContent: 'protected artifact content',
};

/** An experiment with one run holding params, tags, metrics and an artifact; the fuzz never names it. */
async function createProtected(): Promise<{ exp: string; run: string; name: string }> {
  const name = fresh('protected');
  const exp = (await ok('POST', '/api/2.0/mlflow/experiments/create', { name })).experiment_id as string;
  const run = (await ok('POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp, start_time: 1_700_000_000_000 })).run.info.run_id as string;
  await ok('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: run, metrics: PROTECTED.metrics, params: PROTECTED.params, tags: PROTECTED.tags });
  const root = await runRoot(run);
  await ok('PUT', `/api/2.0/mlflow-artifacts/artifacts/${root}/${PROTECTED.artifact}`, undefined, PROTECTED.artifactContent);
  return { exp, run, name };
}

async function runRoot(run: string): Promise<string> {
  const listed = await ok('GET', `/api/2.0/mlflow/artifacts/list?run_id=${run}`);
  return String(listed.root_uri).replace(/^mlflow-artifacts:\/+/, '');
}

const protectedData = await createProtected();

/** Fresh victims for each route: earlier fuzzing may have deleted, renamed or purged the last ones. */
async function createVictims(): Promise<FuzzIds> {
  const expName = fresh('victim');
  const exp = (await ok('POST', '/api/2.0/mlflow/experiments/create', { name: expName })).experiment_id as string;
  const newRun = async () => (await ok('POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp, run_name: 'victim' })).run.info.run_id as string;
  const [run, run2, deletedRun] = [await newRun(), await newRun(), await newRun()];
  await ok('POST', '/api/2.0/mlflow/runs/log-batch', {
    run_id: run,
    metrics: [
      { key: 'm', value: 1, timestamp: 1, step: 0 },
      { key: 'm', value: 'NaN', timestamp: 2, step: 1 },
    ],
    params: [{ key: 'p', value: 'v' }],
    tags: [{ key: 'k', value: 'v' }],
  });
  await ok('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: run2, metrics: [{ key: 'm', value: 2, timestamp: 1, step: 0 }] });
  await ok('POST', '/api/2.0/mlflow/runs/update', { run_id: run2, status: 'FINISHED', end_time: 5 });
  await ok('POST', '/api/2.0/mlflow/runs/delete', { run_id: deletedRun });
  const root = await runRoot(run);
  await ok('PUT', `/api/2.0/mlflow-artifacts/artifacts/${root}/file.txt`, undefined, 'hello');
  await ok('PUT', `/api/2.0/mlflow-artifacts/artifacts/${root}/dir/nested.json`, undefined, '{"a":1}');
  return { run, run2, deletedRun, exp, expName, root, protectedExp: protectedData.exp, protectedRun: protectedData.run };
}

const harness = new FuzzHarness(server, logs, await createVictims());
logs.drain();

async function expectSane(req: FuzzRequest | PreparedRequest, via: 'inject' | 'http'): Promise<void> {
  const prepared = 'path' in req ? harness.prepare(req) : req;
  const answer = via === 'inject' ? await harness.inject(prepared) : await harness.http(prepared);
  const failure = harness.judge(prepared, answer, via === 'http');
  if (failure) throw new Error(failure);
}

/** Sends each request (against fresh victims) and reports every failure at once. */
async function expectAllSane(requests: FuzzRequest[]): Promise<void> {
  harness.ids = await createVictims();
  logs.drain();
  const failures: string[] = [];
  for (const req of requests) {
    try {
      await expectSane(req, 'inject');
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
}

/**
 * Examples per route (at FW_FUZZ_SCALE=1; the default is 2): the MLflow routes under /ajax-api
 * share handlers with /api, so they get fewer.
 */
function runsFor(route: RouteEntry): number {
  const family = routeFamily(route.path);
  const base =
    family === 'artifacts' ? (route.path.endsWith('/*') ? 250 : 60) : family === 'other' ? 30 : route.path.startsWith('/ajax-api/') ? 40 : 120;
  return Math.max(1, Math.round(base * SCALE));
}

const routeLabel = (r: RouteEntry) => `${r.methods.join(',')} ${r.path}`;

describe('the HTTP API under malformed and random input', () => {
  it('finds the MLflow, /ajax-api, artifact proxy and /api/v1 routes to fuzz, each JSON route with a valid template', () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toContain('/api/2.0/mlflow/runs/log-batch');
    expect(paths).toContain('/ajax-api/2.0/mlflow/runs/log-batch');
    expect(paths).toContain('/api/2.0/mlflow-artifacts/artifacts/*');
    expect(paths).toContain('/ajax-api/2.0/mlflow-artifacts/artifacts/*');
    expect(paths.some((p) => p.startsWith('/api/v1/'))).toBe(true);
    const withoutTemplate = routes
      .filter((r) => (routeFamily(r.path) === 'mlflow' || routeFamily(r.path) === 'native') && r.methods.includes('POST'))
      .map((r) => routeKey(r.path))
      .filter((key) => !TEMPLATES[key]);
    expect(withoutTemplate, 'add a valid request for these routes to TEMPLATES in test/support/fuzz-requests.ts').toEqual([]);
  });

  describe.each(routes.map((r) => [routeLabel(r), r] as const))('%s', (_label, route) => {
    it('answers random and malformed requests with a success or a 4xx JSON error, never a 5xx', async () => {
      harness.ids = await createVictims();
      logs.drain();
      await fc.assert(
        fc.asyncProperty(requestsFor(route), (req) => expectSane(req, 'inject')),
        { numRuns: runsFor(route), ...FC_REPLAY },
      );
    }, 90_000);

    const known = knownInvalidRequests(route);
    if (known.length > 0) {
      it('refuses requests that break its limits (sizes, counts, nesting) with a 4xx', () => expectAllSane(known), 60_000);
    }
    const extremes = extremeRequests(route);
    if (extremes.length > 0) {
      it('answers requests at the edges of its limits without failing', () => expectAllSane(extremes), 60_000);
    }
  });

  describe('when conflicting requests arrive at the same time', () => {
    const together = async (requests: PreparedRequest[]): Promise<Array<{ status: number; body: string }>> => {
      const answers = await Promise.all(requests.map((r) => harness.inject(r)));
      const failures = answers.map((a, i) => harness.judge(requests[i] as PreparedRequest, a, false)).filter((f): f is string => f !== undefined);
      expect(failures, failures.join('\n\n')).toEqual([]);
      return answers;
    };
    const json = (route: string, body: unknown): PreparedRequest => ({
      method: 'POST',
      route,
      url: route,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    const artifact = (method: string, path: string, content?: string): PreparedRequest => ({
      method,
      route: '/api/2.0/mlflow-artifacts/artifacts/*',
      url: `/api/2.0/mlflow-artifacts/artifacts/${path}`,
      headers: content === undefined ? {} : { 'content-type': 'application/octet-stream' },
      ...(content === undefined ? {} : { payload: content }),
    });
    const N = 10;

    it('creates an experiment name once and refuses the duplicates with a 4xx', async () => {
      const name = fresh('race');
      const answers = await together(Array.from({ length: N }, () => json('/api/2.0/mlflow/experiments/create', { name })));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    });

    it('keeps one value of a param logged with different values at once', async () => {
      const ids = await createVictims();
      const answers = await together(
        Array.from({ length: N }, (_, i) => json('/api/2.0/mlflow/runs/log-parameter', { run_id: ids.run, key: 'race', value: `v${i}` })),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    });

    it('appends every point logged to one new key at once', async () => {
      const ids = await createVictims();
      await together(
        Array.from({ length: N }, (_, i) =>
          json('/api/2.0/mlflow/runs/log-batch', { run_id: ids.run, metrics: [{ key: 'race', value: i, timestamp: 1, step: i }] }),
        ),
      );
      const history = await ok('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${ids.run}&metric_key=race`);
      expect(history.metrics).toHaveLength(N);
    });

    it('answers deletes, restores, moves, tags and purges of the same run without failing', async () => {
      const ids = await createVictims();
      const other = (await ok('POST', '/api/2.0/mlflow/experiments/create', { name: fresh('race-target') })).experiment_id as string;
      const mixed: PreparedRequest[] = [];
      for (let i = 0; i < N; i++) {
        mixed.push(
          json('/api/2.0/mlflow/runs/delete', { run_id: ids.run }),
          json('/api/2.0/mlflow/runs/restore', { run_id: ids.run }),
          json('/api/v1/runs/move', { run_id: ids.run, experiment_id: i % 2 ? other : ids.exp }),
          json('/api/2.0/mlflow/runs/set-tag', { run_id: ids.run, key: 'race', value: `v${i}` }),
          json('/api/2.0/mlflow/runs/delete-tag', { run_id: ids.run, key: 'race' }),
          json('/api/2.0/mlflow/runs/log-batch', { run_id: ids.run, metrics: [{ key: 'm', value: i, timestamp: 1, step: 100 + i }] }),
          json('/api/2.0/mlflow/experiments/delete', { experiment_id: other }),
          json('/api/2.0/mlflow/experiments/restore', { experiment_id: other }),
          json('/api/v1/gc', { older_than_ms: 0 }),
        );
      }
      await together(mixed);
    });

    it('stores one whole version of an artifact written and deleted at once', async () => {
      const ids = await createVictims();
      const path = `${ids.root}/race.bin`;
      const contents = Array.from({ length: N }, (_, i) => `content ${i} `.repeat(1000 * (i + 1)));
      await together([...contents.map((c) => artifact('PUT', path, c)), ...contents.slice(0, 3).map(() => artifact('DELETE', path))]);
      await together(contents.map((c) => artifact('PUT', path, c)));
      const final = await server.app.inject({ method: 'GET', url: `/api/2.0/mlflow-artifacts/artifacts/${path}` });
      expect(final.statusCode).toBe(200);
      expect(contents).toContain(final.body);
    });
  });

  describe('the Idempotency-Key header of log-batch', () => {
    const logBatch = (runId: string, n: number, key: string) =>
      call('POST', '/api/2.0/mlflow/runs/log-batch', {
        run_id: runId,
        metrics: [{ key: 'idem', value: n, timestamp: 1, step: n }],
        params: [{ key: `idem-p${n}`, value: 'v' }],
        tags: [{ key: `idem-t${n}`, value: 'v' }],
      }, undefined, { 'idempotency-key': key });
    const stored = async (runId: string) => {
      const run = await ok('GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`);
      const history = await ok('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=idem`);
      return {
        steps: (history.metrics as Array<{ step: number }>).map((m) => m.step),
        params: (run.run.data.params as Array<{ key: string }>).map((p) => p.key).filter((k) => k.startsWith('idem-')),
        tags: (run.run.data.tags as Array<{ key: string }>).map((t) => t.key).filter((k) => k.startsWith('idem-')),
      };
    };

    it('refuses a malformed key with a 4xx before storing any of the batch', async () => {
      const ids = await createVictims();
      const answers = [await logBatch(ids.run, 1, ''), await logBatch(ids.run, 2, 'x'.repeat(201))];
      for (const a of answers) {
        expect(a.status, a.text).toBeGreaterThanOrEqual(400);
        expect(a.status, a.text).toBeLessThan(500);
      }
      expect(await stored(ids.run), 'a refused log-batch left params, tags or points behind').toEqual({ steps: [], params: [], tags: [] });
    });

    it('stores a batch sent twice with the same key once', async () => {
      const ids = await createVictims();
      const key = fresh('idem');
      expect((await logBatch(ids.run, 1, key)).status).toBe(200);
      expect((await logBatch(ids.run, 1, key)).status).toBe(200);
      expect((await stored(ids.run)).steps).toEqual([1]);
    });

    it('never acknowledges a different batch sent under a used key without storing it', async () => {
      const ids = await createVictims();
      const key = fresh('idem');
      expect((await logBatch(ids.run, 1, key)).status).toBe(200);
      const sameRun = await logBatch(ids.run, 2, key);
      const otherRun = await logBatch(ids.run2, 3, key);
      const lost: string[] = [];
      if (sameRun.status < 300 && !(await stored(ids.run)).steps.includes(2)) lost.push(`same run: answered ${sameRun.status}, point not stored`);
      if (otherRun.status < 300 && !(await stored(ids.run2)).steps.includes(3)) lost.push(`other run: answered ${otherRun.status}, point not stored`);
      expect(lost, 'a batch acknowledged with 2xx was dropped; reuse of a key for a different body should be refused (e.g. 422)').toEqual([]);
    });
  });

  describe('over real HTTP', () => {
    it('answers random requests to every route with a success or a 4xx JSON error', async () => {
      harness.ids = await createVictims();
      logs.drain();
      const anyRoute = fc.constantFrom(...routes).chain((r) => requestsFor(r));
      await fc.assert(
        fc.asyncProperty(anyRoute, (req) => expectSane(req, 'http')),
        { numRuns: Math.max(1, Math.round(300 * SCALE)), ...FC_REPLAY },
      );
    }, 90_000);

    it('refuses artifact paths that leave the artifact root, sent verbatim', async () => {
      harness.ids = await createVictims();
      logs.drain();
      const paths = ['..', '../x', 'a/../../b', `${harness.ids.root}/../../../x`, './x', 'a/./b', 'a//b', '..\\x', 'a\\..\\b', '%2e%2e/x', '%2e%2e%2fx', '.%2e/x', '%252e%252e/x', 'a%00b', '%2Fetc%2Fpasswd', 'C:/x', 'c:%5cwin'];
      const failures: string[] = [];
      for (const prefix of ['/api/2.0/mlflow-artifacts/artifacts', '/ajax-api/2.0/mlflow-artifacts/artifacts']) {
        for (const method of ['GET', 'HEAD', 'PUT', 'POST', 'DELETE']) {
          for (const path of paths) {
            const prepared: PreparedRequest = {
              method,
              route: `${prefix}/*`,
              url: `${prefix}/${path}`,
              headers: method === 'PUT' || method === 'POST' ? { 'content-type': 'application/octet-stream' } : {},
              ...(method === 'PUT' || method === 'POST' ? { payload: 'overwrite' } : {}),
              invalid: `the path '${path}' leaves the artifact root`,
            };
            const failure = harness.judge(prepared, await harness.rawHttp(prepared), true);
            if (failure) failures.push(failure);
          }
          // The listing takes its folder from the query string.
          if (method === 'GET') {
            for (const path of paths) {
              const prepared: PreparedRequest = { method, route: prefix, url: `${prefix}?path=${encodeURIComponent(path)}`, headers: {}, invalid: `the listing path '${path}' leaves the artifact root` };
              const failure = harness.judge(prepared, await harness.rawHttp(prepared), true);
              if (failure) failures.push(failure);
            }
          }
        }
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    }, 60_000);

    it('refuses a JSON body over the 64 MB limit with a 413', async () => {
      logs.drain();
      const prepared: PreparedRequest = {
        method: 'POST',
        route: '/api/2.0/mlflow/runs/log-batch',
        url: '/api/2.0/mlflow/runs/log-batch',
        headers: { 'content-type': 'application/json' },
        payload: `{"run_id":"${harness.ids.run}","pad":"${'x'.repeat(65 * 1024 * 1024)}"}`,
        invalid: 'the body is over 64 MB',
      };
      const answer = await harness.http(prepared);
      const failure = harness.judge(prepared, answer, true);
      expect(failure).toBeUndefined();
      expect(answer.status).toBe(413);
    }, 60_000);

    const rawExchange = (bytes: string, hangUp: boolean) =>
      new Promise<string>((resolve) => {
        const { hostname, port } = new URL(server.url);
        const socket = connect({ host: hostname, port: Number(port) });
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (received += d));
        socket.on('error', () => resolve(received));
        socket.on('close', () => resolve(received));
        socket.setTimeout(5000, () => socket.destroy());
        socket.write(bytes, () => {
          if (hangUp) setTimeout(() => socket.destroy(), 50);
        });
      });
    /**
     * Counts the connections the server accepts from now on. `closed(n)` resolves once it has
     * accepted n and closed every one, so whatever an error on them would log has been set off;
     * a full request after that (the health check) lets anything it set off in turn run first.
     */
    const watchConnections = () => {
      let accepted = 0;
      const open = new Set<Socket>();
      const onConnection = (socket: Socket) => {
        accepted++;
        open.add(socket);
        socket.once('close', () => open.delete(socket));
      };
      server.app.server.on('connection', onConnection);
      return {
        closed: async (count: number) => {
          await waitUntil(() => accepted >= count && open.size === 0, `the server to close the ${count} broken connections`);
          server.app.server.off('connection', onConnection);
        },
      };
    };
    const rawPost = (path: string, headers: string, body: string) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n${body}`;

    it('survives broken connections: truncated bodies, wrong lengths, cut-off uploads, non-HTTP bytes', async () => {
      logs.drain();
      const connections = watchConnections();
      const batch = `{"run_id":"${harness.ids.run}","metrics":[{"key":"m","value":1,"timestamp":1,"step":99}]}`;
      // Declared shorter than sent: the server reads a truncated JSON document.
      const short = await rawExchange(rawPost('/api/2.0/mlflow/runs/log-batch', `Content-Type: application/json\r\nContent-Length: ${batch.length - 10}\r\n`, batch), false);
      expect(short).toMatch(/^HTTP\/1\.1 4\d\d/);
      // An artifact upload cut off halfway, and a chunked one that never finishes its chunk.
      await rawExchange(rawPost(`/api/2.0/mlflow-artifacts/artifacts/${harness.ids.root}/cut.bin`, 'Content-Type: application/octet-stream\r\nContent-Length: 1000000\r\n', 'x'.repeat(100_000)), true);
      await rawExchange(rawPost(`/api/2.0/mlflow-artifacts/artifacts/${harness.ids.root}/chunked.bin`, 'Transfer-Encoding: chunked\r\n', 'ffff\r\nabc'), true);
      // Bytes that are not HTTP at all, an unknown method, a malformed query.
      await rawExchange('\u0000\u0001\u0002 garbage\r\n\r\n', false);
      await rawExchange('FOO /api/2.0/mlflow/runs/get HTTP/1.1\r\nHost: x\r\n\r\n', false);
      await rawExchange(`GET /api/2.0/mlflow/runs/get?run_id=${'%'.repeat(5)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, false);
      await connections.closed(6);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      for (const name of ['cut.bin', 'chunked.bin']) {
        const left = await call('GET', `/api/2.0/mlflow-artifacts/artifacts/${harness.ids.root}/${name}`);
        expect(left.status, `a cut-off upload left ${name} behind`).toBe(404);
      }
      expect(logs.drain(), 'the server logged errors for broken connections').toEqual([]);
    }, 60_000);

    it('does not log a client that hangs up in the middle of a JSON body as a server error', async () => {
      logs.drain();
      const batch = `{"run_id":"${harness.ids.run}","metrics":[{"key":"m","value":1,"timestamp":1,"step":99}]}`;
      // Content-Length promises 100 bytes more than come; then the client goes away.
      const connections = watchConnections();
      await rawExchange(rawPost('/api/2.0/mlflow/runs/log-batch', `Content-Type: application/json\r\nContent-Length: ${batch.length + 100}\r\n`, batch), true);
      await connections.closed(1);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const logged = logs.drain();
      expect(logged, `logged at error level:\n${logged.join('\n')}`).toEqual([]);
    }, 30_000);
  });

  describe('after the fuzzing', () => {
    it('still answers normal requests', async () => {
      const exp = await ok('POST', '/api/2.0/mlflow/experiments/create', { name: fresh('after') });
      const run = await ok('POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp.experiment_id });
      await ok('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: run.run.info.run_id, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] });
      const history = await ok('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${run.run.info.run_id}&metric_key=m`);
      expect(history.metrics).toEqual([{ key: 'm', value: 1, timestamp: 1, step: 0 }]);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
    });

    it('kept the data logged before the fuzzing intact', async () => {
      const got = await ok('GET', `/api/2.0/mlflow/runs/get?run_id=${protectedData.run}`);
      expect(got.run.info.lifecycle_stage).toBe('active');
      expect(got.run.info.experiment_id).toBe(protectedData.exp);
      const byKey = <T extends { key: string }>(list: T[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
      expect(byKey(got.run.data.params)).toEqual(byKey(PROTECTED.params));
      expect(byKey(got.run.data.tags).filter((t) => !t.key.startsWith('mlflow.'))).toEqual(byKey(PROTECTED.tags));
      for (const key of ['loss', 'acc']) {
        const history = await ok('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${protectedData.run}&metric_key=${key}`);
        expect(history.metrics).toEqual(PROTECTED.metrics.filter((m) => m.key === key));
      }
      const exp = await ok('GET', `/api/2.0/mlflow/experiments/get?experiment_id=${protectedData.exp}`);
      expect(exp.experiment.name).toBe(protectedData.name);
      expect(exp.experiment.lifecycle_stage).toBe('active');
      const root = await runRoot(protectedData.run);
      const artifact = await server.app.inject({ method: 'GET', url: `/api/2.0/mlflow-artifacts/artifacts/${root}/${PROTECTED.artifact}` });
      expect(artifact.statusCode).toBe(200);
      expect(artifact.body).toBe(PROTECTED.artifactContent);
    });

    it('logged no errors while answering normal requests afterwards', () => {
      const logged = logs.drain();
      expect(logged, `logged at error level:\n${logged.join('\n')}`).toEqual([]);
    });
  });
});
