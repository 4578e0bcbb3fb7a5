import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EXECUTOR_KINDS, JOB_STATES, type ExecutorKind, type JobState, type SubmitJobRequest } from '../../core/compute-types.js';
import { invalidArgument, parseMemoryMb, parseRequest } from '../../core/index.js';
import type { ComputeApi } from '../compute-api.js';
import { eventJson, jobJson, statusJson } from './jobs-json.js';

const stringMap = z.record(z.string(), z.string());
const int = z.number().int();

const submitSchema = z.strictObject({
  command: z.array(z.string()).min(1),
  name: z.string().optional(),
  cwd: z.string().optional(),
  env: stringMap.optional(),
  resources: z
    .strictObject({
      cpus: int.optional(),
      memory_mb: int.optional(),
      memory: z.union([z.string(), int]).optional(),
      gpus: int.optional(),
      nodes: int.optional(),
    })
    .optional(),
  priority: int.optional(),
  queue: z.string().optional(),
  executor: z.string().optional(),
  partition: z.string().optional(),
  timeout_seconds: int.optional(),
  max_retries: int.optional(),
  labels: stringMap.optional(),
  experiment_id: z.union([z.string(), int]).optional(),
});

// Strict: a misspelt filter (`?stat=running`) is an error, not a silently unfiltered list.
const listSchema = z.strictObject({
  state: z.array(z.string()).optional(),
  label: z.array(z.string()).optional(),
  executor: z.string().optional(),
  queue: z.string().optional(),
  max_results: z.coerce.number().optional(),
  page_token: z.string().optional(),
});

const logSchema = z.strictObject({
  rank: z.coerce.number().int().min(0).optional(),
  attempt: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  follow: z.enum(['true', 'false', '1', '0']).optional(),
});

/** How often a followed log is read again while its attempt runs. */
const FOLLOW_POLL_MS = 200;

/** The jobs API under /api/v1 (docs/jobs-api.md). Errors use MLflow's shape, like the other native routes. */
export function registerJobsRoutes(app: FastifyInstance, options: { compute: ComputeApi }): void {
  const { compute } = options;

  app.post('/api/v1/jobs', async (request) => {
    const body = parseRequest(submitSchema, request.body === undefined ? {} : request.body);
    const job = await compute.submit(submitRequest(body));
    return { job: jobJson(job) };
  });

  app.get('/api/v1/jobs', async (request) => {
    const q = parseRequest(listSchema, queryWithArrays(request, ['state', 'label']));
    const states = (q.state ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');
    for (const s of states) {
      if (!(JOB_STATES as readonly string[]).includes(s)) throw invalidArgument(`unknown state '${s}'; use one of: ${JOB_STATES.join(', ')}`);
    }
    const labels: Record<string, string> = {};
    for (const l of q.label ?? []) {
      const eq = l.indexOf('=');
      if (eq <= 0) throw invalidArgument(`label filter '${l}' must be key=value`);
      labels[l.slice(0, eq)] = l.slice(eq + 1);
    }
    if (q.executor !== undefined && !(EXECUTOR_KINDS as readonly string[]).includes(q.executor)) {
      throw invalidArgument(`unknown executor '${q.executor}'; use one of: ${EXECUTOR_KINDS.join(', ')}`);
    }
    const page = await compute.list({
      states: states as JobState[],
      labels,
      ...(q.executor ? { executor: q.executor as ExecutorKind } : {}),
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.max_results !== undefined ? { maxResults: q.max_results } : {}),
      ...(q.page_token ? { pageToken: q.page_token } : {}),
    });
    const position = queuePositions(compute);
    return { jobs: page.items.map((j) => jobJson(j, position.get(j.jobId) ?? null)), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request) => {
    const job = await compute.get(request.params.id);
    return { job: jobJson(job, job.state === 'queued' ? (queuePositions(compute).get(job.jobId) ?? null) : null) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id/events', async (request) => ({
    events: (await compute.events(request.params.id)).map(eventJson),
  }));

  app.post<{ Params: { id: string } }>('/api/v1/jobs/:id/cancel', async (request) => ({ job: jobJson(await compute.cancel(request.params.id)) }));

  app.post<{ Params: { id: string } }>('/api/v1/jobs/:id/retry', async (request) => ({ job: jobJson(await compute.retry(request.params.id)) }));

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id/logs', async (request, reply) => {
    const q = parseRequest(logSchema, request.query ?? {});
    const base = {
      jobId: request.params.id,
      ...(q.rank !== undefined ? { rank: q.rank } : {}),
      ...(q.attempt !== undefined ? { attempt: q.attempt } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
    };
    const first = await compute.readLog({ ...base, offset: q.offset ?? 0 });
    reply.header('content-type', 'text/plain; charset=utf-8');
    reply.header('x-log-size', String(first.size));
    if (q.follow !== 'true' && q.follow !== '1') {
      reply.header('x-log-offset', String(first.nextOffset));
      reply.header('x-job-state', first.state);
      return first.data;
    }
    // Followed: the body streams until the attempt has ended and all of its log is sent.
    reply.header('x-job-state', first.state);
    const closed = { value: false };
    request.raw.once('close', () => (closed.value = true));
    return Readable.from(follow(compute, base, first, closed));
  });

  app.get('/api/v1/compute/status', async () => statusJson(await compute.status()));
}

async function* follow(
  compute: ComputeApi,
  base: { jobId: string; rank?: number; attempt?: number; limit?: number },
  first: Awaited<ReturnType<ComputeApi['readLog']>>,
  closed: { value: boolean },
): AsyncGenerator<Buffer> {
  let chunk = first;
  // Pinning the attempt: a job retried while followed ends this stream, as `tail -f` of one file would.
  const attempt = base.attempt ?? (await compute.get(base.jobId)).attempt;
  for (;;) {
    if (chunk.data.length > 0) yield chunk.data;
    if (chunk.complete || closed.value) return;
    if (chunk.data.length === 0) await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    chunk = await compute.readLog({ ...base, attempt, offset: chunk.nextOffset });
  }
}

/** 1-based places in the scheduler's current order of the queued jobs. */
function queuePositions(compute: ComputeApi): Map<string, number> {
  return new Map(compute.queueOrder().map((id, i) => [id, i + 1]));
}

function submitRequest(b: z.output<typeof submitSchema>): SubmitJobRequest {
  const r = b.resources;
  let memoryMb = r?.memory_mb;
  if (r?.memory !== undefined) {
    const parsed = typeof r.memory === 'number' ? r.memory : parseMemoryMb(r.memory);
    if (parsed === undefined) throw invalidArgument(`resources.memory '${String(r.memory)}' is not a size like 512M, 4G or 1T`, [{ path: 'resources.memory', message: 'not a size' }]);
    memoryMb = parsed;
  }
  const req: SubmitJobRequest = { command: b.command };
  if (b.name !== undefined) req.name = b.name;
  if (b.cwd !== undefined) req.cwd = b.cwd;
  if (b.env) req.env = b.env;
  if (r) {
    req.resources = {};
    if (r.cpus !== undefined) req.resources.cpus = r.cpus;
    if (memoryMb !== undefined) req.resources.memoryMb = memoryMb;
    if (r.gpus !== undefined) req.resources.gpus = r.gpus;
    if (r.nodes !== undefined) req.resources.nodes = r.nodes;
  }
  if (b.priority !== undefined) req.priority = b.priority;
  if (b.queue !== undefined) req.queue = b.queue;
  // Checked against the known executors by the service, with the list in the message.
  if (b.executor !== undefined) req.executor = b.executor as ExecutorKind;
  if (b.partition !== undefined) req.partition = b.partition;
  if (b.timeout_seconds !== undefined) req.timeoutSeconds = b.timeout_seconds;
  if (b.max_retries !== undefined) req.maxRetries = b.max_retries;
  if (b.labels) req.labels = b.labels;
  if (b.experiment_id !== undefined) req.experimentId = String(b.experiment_id);
  return req;
}


/** Query fields that may repeat (`?state=a&state=b`) always as arrays. */
function queryWithArrays(request: FastifyRequest, repeated: string[]): Record<string, unknown> {
  const query = { ...((request.query ?? {}) as Record<string, unknown>) };
  for (const name of repeated) {
    const v = query[name];
    if (v !== undefined && !Array.isArray(v)) query[name] = [v];
  }
  return query;
}
