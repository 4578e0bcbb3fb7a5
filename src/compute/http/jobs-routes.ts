import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { computeStatusToWire, jobEventToWire, jobsRoutes, jobToWire, type SubmitJobWire } from '../../contracts/index.js';
import { EXECUTOR_KINDS, JOB_STATES, invalidArgument, parseMemoryMb, type ExecutorKind, type JobState, type SubmitJobRequest } from '../../core/index.js';
import { contractRoute } from '../../http/index.js';
import type { ComputeApi } from '../compute-api.js';

/** How often a followed log is read again while its attempt runs. */
const FOLLOW_POLL_MS = 200;

/** The jobs API under /api/v1 (docs/jobs-api.md). Errors use MLflow's shape, like the other native routes. */
export function registerJobsRoutes(app: FastifyInstance, options: { compute: ComputeApi }): void {
  const { compute } = options;

  contractRoute(app, jobsRoutes.submit, async ({ body }) => ({ job: jobToWire(await compute.submit(submitRequest(body))) }));

  contractRoute(app, jobsRoutes.list, async ({ query: q }) => {
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
    return { jobs: page.items.map((j) => jobToWire(j, position.get(j.jobId) ?? null)), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  contractRoute(app, jobsRoutes.get, async ({ params }) => {
    const job = await compute.get(params.id);
    return { job: jobToWire(job, job.state === 'queued' ? (queuePositions(compute).get(job.jobId) ?? null) : null) };
  });

  contractRoute(app, jobsRoutes.events, async ({ params }) => ({ events: (await compute.events(params.id)).map(jobEventToWire) }));

  contractRoute(app, jobsRoutes.cancel, async ({ params }) => ({ job: jobToWire(await compute.cancel(params.id)) }));

  contractRoute(app, jobsRoutes.retry, async ({ params }) => ({ job: jobToWire(await compute.retry(params.id)) }));

  contractRoute(app, jobsRoutes.logs, async ({ params, query: q }, request, reply) => {
    const base = {
      jobId: params.id,
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
      return reply.send(first.data);
    }
    // Followed: the body streams until the attempt has ended and all of its log is sent.
    reply.header('x-job-state', first.state);
    const closed = { value: false };
    request.raw.once('close', () => (closed.value = true));
    return reply.send(Readable.from(follow(compute, base, first, closed)));
  });

  contractRoute(app, jobsRoutes.status, async () => computeStatusToWire(await compute.status()));
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

function submitRequest(b: z.output<typeof SubmitJobWire>): SubmitJobRequest {
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


