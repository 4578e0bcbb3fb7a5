import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidArgument, parseRequest, type SweepState } from '../../core/index.js';
import type { SweepService } from '../service/sweep-service.js';
import { sweepJson, trialJson } from './sweeps-json.js';

const createSchema = z.strictObject({
  config: z.string().min(1, 'the sweep file is empty'),
  cwd: z.string().min(1).optional(),
  env: z.record(z.string(), z.string()).optional(),
  experiment_id: z.union([z.string().regex(/^\d+$/, 'must be an experiment id'), z.number().int().min(0)]).optional(),
});

const listSchema = z.strictObject({
  state: z.array(z.string()).optional(),
  max_results: z.coerce.number().optional(),
  page_token: z.string().optional(),
});

// JSON has no NaN: a diverged trial sends it as a string, as MLflow's API takes metric values.
const metricValue = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform(Number)]);
const askSchema = z.strictObject({});
const reportSchema = z.strictObject({ t: z.number(), value: metricValue });
const tellSchema = z.strictObject({
  value: metricValue.optional(),
  state: z.enum(['completed', 'failed']).optional(),
  reason: z.string().max(1000).optional(),
});

type SweepParams = { Params: { id: string } };
type TrialParams = { Params: { id: string; number: string } };

/** The sweeps API under /api/v1 (docs/sweeps-api.md). Errors use MLflow's shape like the other native routes. */
export function registerSweepsRoutes(app: FastifyInstance, options: { sweeps: SweepService }): void {
  const { sweeps } = options;

  app.post('/api/v1/sweeps', async (request) => {
    const body = parseRequest(createSchema, request.body ?? {});
    const view = await sweeps.create({
      config: body.config,
      ...(body.cwd !== undefined ? { cwd: body.cwd } : {}),
      ...(body.env !== undefined ? { env: body.env } : {}),
      ...(body.experiment_id !== undefined ? { experimentId: String(body.experiment_id) } : {}),
    });
    return { sweep: sweepJson(view) };
  });

  app.get('/api/v1/sweeps', async (request) => {
    const query = request.query as Record<string, unknown>;
    const q = parseRequest(listSchema, { ...query, ...(query.state !== undefined ? { state: [query.state].flat() } : {}) });
    const states = (q.state ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '') as SweepState[];
    const page = await sweeps.list({
      states,
      ...(q.max_results !== undefined ? { maxResults: q.max_results } : {}),
      ...(q.page_token !== undefined ? { pageToken: q.page_token } : {}),
    });
    return { sweeps: page.items.map(sweepJson), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  app.get<SweepParams>('/api/v1/sweeps/:id', async (request) => ({ sweep: sweepJson(await sweeps.get(request.params.id)) }));
  app.get<SweepParams>('/api/v1/sweeps/:id/trials', async (request) => ({ trials: (await sweeps.trials(request.params.id)).map(trialJson) }));
  app.get<SweepParams>('/api/v1/sweeps/:id/importance', async (request) => ({ importance: await sweeps.importance(request.params.id) }));
  app.post<SweepParams>('/api/v1/sweeps/:id/pause', async (request) => ({ sweep: sweepJson(await sweeps.pause(request.params.id)) }));
  app.post<SweepParams>('/api/v1/sweeps/:id/resume', async (request) => ({ sweep: sweepJson(await sweeps.resume(request.params.id)) }));
  app.post<SweepParams>('/api/v1/sweeps/:id/cancel', async (request) => ({ sweep: sweepJson(await sweeps.cancel(request.params.id)) }));

  app.post<SweepParams>('/api/v1/sweeps/:id/trials', async (request) => {
    parseRequest(askSchema, request.body ?? {});
    return { trial: trialJson(await sweeps.ask(request.params.id)) };
  });

  app.post<TrialParams>('/api/v1/sweeps/:id/trials/:number/report', async (request) => {
    const body = parseRequest(reportSchema, request.body ?? {});
    return sweeps.report(request.params.id, trialNumber(request.params.number), body.t, body.value);
  });

  app.post<TrialParams>('/api/v1/sweeps/:id/trials/:number/tell', async (request) => {
    const body = parseRequest(tellSchema, request.body ?? {});
    const outcome = {
      ...(body.value !== undefined ? { value: body.value } : {}),
      ...(body.state !== undefined ? { state: body.state } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
    };
    return { trial: trialJson(await sweeps.tell(request.params.id, trialNumber(request.params.number), outcome)) };
  });
}

function trialNumber(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw invalidArgument(`trial number must be a positive integer, not '${raw.slice(0, 40)}'`);
  return n;
}
