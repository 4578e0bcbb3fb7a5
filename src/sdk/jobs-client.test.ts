import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { Flywheel } from './flywheel.js';
import { incompleteUtf8Tail } from './jobs-client.js';
import { JOB_ID, wireJob } from './test-support/job-fixtures.js';
import { startRecordingServer, type RecordingServer } from './test-support/recording-server.js';

/**
 * `fw.jobs` against a recording HTTP peer that answers in the shapes of docs/jobs-api.md.
 * The real server is exercised by test/jobs-cli.e2e.test.ts.
 */
const JOBS = '/api/v1/jobs';
let server: RecordingServer;
let fw: Flywheel;

beforeEach(async () => {
  server = await startRecordingServer();
  fw = new Flywheel({ trackingUri: server.url, env: {} });
});

afterEach(async () => {
  await server.close();
});

const logReply = (text: string | Uint8Array, offset: number, state: string) => ({
  raw: text,
  headers: { 'content-type': 'text/plain', 'x-log-offset': String(offset), 'x-job-state': state },
});

describe('fw.jobs', () => {
  it('submits in snake_case and answers with the camelCase job', async () => {
    server.route('POST', JOBS, () => ({ body: { job: wireJob({ state: 'queued' }) } }));
    const job = await fw.jobs.submit({
      command: ['node', 'train.js'],
      name: 'train-a',
      resources: { memoryMb: 4096, gpus: 1 },
      timeoutSeconds: 60,
      maxRetries: 2,
      labels: { team: 'vision' },
      experimentId: '3',
    });
    expect(server.accepted[0]!.json).toEqual({
      command: ['node', 'train.js'],
      name: 'train-a',
      resources: { memory_mb: 4096, gpus: 1 },
      timeout_seconds: 60,
      max_retries: 2,
      labels: { team: 'vision' },
      experiment_id: '3',
    });
    expect(job).toMatchObject({ jobId: JOB_ID, state: 'queued', resources: { cpus: 2, memoryMb: 4096, gpus: 0, nodes: 1 } });
  });

  it('reads every field of the documented job', async () => {
    server.route('GET', `${JOBS}/${JOB_ID}`, () => ({ body: { job: wireJob() } }));
    expect(await fw.jobs.get(JOB_ID)).toEqual({
      jobId: JOB_ID,
      name: 'train-a',
      command: ['node', 'train.js', '--lr', '0.01'],
      cwd: '/home/me/project',
      env: { K: 'V' },
      resources: { cpus: 2, memoryMb: 4096, gpus: 0, nodes: 1 },
      priority: 0,
      queue: 'default',
      executor: 'local',
      partition: null,
      timeoutSeconds: null,
      maxRetries: 0,
      attempt: 1,
      labels: { team: 'vision' },
      state: 'running',
      reason: null,
      exitCode: null,
      runId: '0a1b',
      experimentId: '0',
      createdTime: 1764226000000,
      startTime: 1764226000012,
      endTime: null,
      host: 'myhost',
      gpuIndices: [[0]],
      externalId: '12345',
      usage: { cpuUserSeconds: 1.2, cpuSystemSeconds: 0.1, maxRssMb: 80, wallSeconds: 3.4 },
    });
  });

  it('lists with repeated state and label parameters and passes the page token on', async () => {
    server.route('GET', JOBS, () => ({ body: { jobs: [wireJob()], next_page_token: 'p2' } }));
    const page = await fw.jobs.list({ states: ['running', 'queued'], labels: { team: 'vision', a: 'b=c' }, executor: 'local', maxResults: 5 });
    const q = server.accepted[0]!.query;
    expect(q.getAll('state')).toEqual(['running', 'queued']);
    expect(q.getAll('label')).toEqual(['team=vision', 'a=b=c']);
    expect([q.get('executor'), q.get('max_results'), q.has('queue')]).toEqual(['local', '5', false]);
    expect(page.nextPageToken).toBe('p2');
    expect(page.items[0]!.jobId).toBe(JOB_ID);
  });

  it("raises the server's error with its code, message and issues", async () => {
    server.route('GET', `${JOBS}/jnope`, () => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no job jnope' } }));
    server.route('POST', JOBS, () => ({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad job', details: [{ path: 'resources.gpus', message: 'only 2 GPUs here' }] },
    }));
    await expect(fw.jobs.get('jnope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no job jnope' });
    const error = await fw.jobs.submit({ command: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ path: 'resources.gpus', message: 'only 2 GPUs here' }] });
  });

  it('reads events, cancels, retries and reads the compute status', async () => {
    server.route('GET', `${JOBS}/${JOB_ID}/events`, () => ({
      body: { events: [{ time: 1, state: 'queued', attempt: 1, reason: null, exit_code: null }] },
    }));
    server.route('POST', `${JOBS}/${JOB_ID}/cancel`, () => ({ body: { job: wireJob({ state: 'cancelled' }) } }));
    server.route('POST', `${JOBS}/${JOB_ID}/retry`, () => ({ body: { job: wireJob({ state: 'queued', attempt: 2 }) } }));
    server.route('GET', '/api/v1/compute/status', () => ({
      body: {
        hosts: [{ name: 'h', executor: 'local', cpus: 8, memory_mb: 16384, gpus: [{ index: 0, name: 'A100', memory_mb: 40960, uuid: 'GPU-1' }], used: { cpus: 2, memory_mb: 4096, gpu_indices: [0] }, running_jobs: 1 }],
        partitions: [{ name: 'gpu', is_default: true, state: 'up', nodes: 4, cpus: 64, memory_mb: 512000, gpus: 8, max_time_minutes: null }],
        queued: 3,
        running: 1,
      },
    }));
    expect(await fw.jobs.events(JOB_ID)).toEqual([{ jobId: JOB_ID, time: 1, state: 'queued', attempt: 1, reason: null, exitCode: null }]);
    expect((await fw.jobs.cancel(JOB_ID)).state).toBe('cancelled');
    expect(await fw.jobs.retry(JOB_ID)).toMatchObject({ state: 'queued', attempt: 2 });
    const status = await fw.jobs.status();
    expect(status.hosts[0]).toMatchObject({ cpus: 8, memoryMb: 16384, used: { gpuIndices: [0] }, gpus: [{ name: 'A100', memoryMb: 40960 }] });
    expect(status.partitions[0]).toMatchObject({ name: 'gpu', isDefault: true, maxTimeMinutes: null });
    expect([status.queued, status.running]).toEqual([3, 1]);
  });

  describe('logs', () => {
    it('reads from an offset and reports the next offset and the state', async () => {
      server.route('GET', `${JOBS}/${JOB_ID}/logs`, () => logReply('hello\n', 16, 'running'));
      expect(await fw.jobs.logs(JOB_ID, { rank: 1, attempt: 2, offset: 10 })).toEqual({ text: 'hello\n', nextOffset: 16, state: 'running' });
      const q = server.accepted[0]!.query;
      expect([q.get('rank'), q.get('attempt'), q.get('offset')]).toEqual(['1', '2', '10']);
    });

    it('leaves a character the writer has not finished for the next read', async () => {
      const bytes = new Uint8Array([...Buffer.from('caf'), 0xc3]); // "café" cut inside the é
      server.route('GET', `${JOBS}/${JOB_ID}/logs`, () => logReply(bytes, 4, 'running'));
      expect(await fw.jobs.logs(JOB_ID)).toEqual({ text: 'caf', nextOffset: 3, state: 'running' });
    });

    it('finds incomplete UTF-8 sequences at the end only', () => {
      expect(incompleteUtf8Tail(Buffer.from('abc'))).toBe(0);
      expect(incompleteUtf8Tail(Buffer.from('é'))).toBe(0);
      expect(incompleteUtf8Tail(Buffer.from('€').subarray(0, 2))).toBe(2);
      expect(incompleteUtf8Tail(Buffer.from('😀').subarray(0, 3))).toBe(3);
      expect(incompleteUtf8Tail(new Uint8Array())).toBe(0);
    });
  });

  describe('follow', () => {
    it('streams every attempt once, in order, and resolves with the ended job', async () => {
      // The job: attempt 1 fails after writing "caf" + "é" split over two pieces, a retry runs attempt 2.
      const logs: Record<string, Buffer> = { '1': Buffer.from('attempt 1 café\n'), '2': Buffer.from('attempt 2 ok\n') };
      let job = wireJob({ state: 'running', attempt: 1, max_retries: 1 });
      server.route('GET', `${JOBS}/${JOB_ID}`, () => ({ body: { job } }));
      server.route('GET', `${JOBS}/${JOB_ID}/logs`, (req) => {
        const attempt = req.query.get('attempt')!;
        const offset = Number(req.query.get('offset'));
        const rest = logs[attempt]!.subarray(offset);
        // Attempt 1 ends after this answer, and attempt 2 starts; attempt 2 then succeeds.
        if (req.query.get('follow') === 'true') job = attempt === '1' ? wireJob({ attempt: 2, state: 'running' }) : wireJob({ attempt: 2, state: 'succeeded', exit_code: 0 });
        const cut = rest.indexOf(0xa9); // the second byte of é
        const pieces = cut > 0 ? [rest.subarray(0, cut), rest.subarray(cut)] : [rest];
        return { headers: { 'content-type': 'text/plain' }, stream: (async function* () { yield* pieces; })() };
      });
      let text = '';
      const attempts: number[] = [];
      const ended = await fw.jobs.follow(JOB_ID, { onText: (t) => (text += t), onAttempt: (a) => attempts.push(a), pollMs: 5 });
      expect(text).toBe('attempt 1 café\nattempt 2 ok\n');
      expect(attempts).toEqual([2]);
      expect(ended).toMatchObject({ state: 'succeeded', exitCode: 0, attempt: 2 });
    });

    it('waits while the job is queued and asks for no logs until it runs', async () => {
      let gets = 0;
      server.route('GET', `${JOBS}/${JOB_ID}`, () => {
        gets++;
        return { body: { job: wireJob({ state: gets < 3 ? 'queued' : gets < 4 ? 'running' : 'failed', exit_code: gets < 4 ? null : 3 }) } };
      });
      server.route('GET', `${JOBS}/${JOB_ID}/logs`, (req) => logReply(req.query.get('offset') === '0' ? 'boom\n' : '', 5, 'running'));
      let text = '';
      const ended = await fw.jobs.follow(JOB_ID, { onText: (t) => (text += t), pollMs: 5 });
      expect(text).toBe('boom\n');
      expect(ended).toMatchObject({ state: 'failed', exitCode: 3 });
      const logRequests = server.received.filter((r) => r.path.endsWith('/logs'));
      expect(logRequests[0]!.query.get('follow')).toBe('true');
      expect(server.received.findIndex((r) => r.path.endsWith('/logs'))).toBeGreaterThan(2);
    });

    it('refuses a rank the job does not have', async () => {
      server.route('GET', `${JOBS}/${JOB_ID}`, () => ({ body: { job: wireJob() } }));
      await expect(fw.jobs.follow(JOB_ID, { rank: 1, onText: () => {} })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe('waitFor', () => {
    it('resolves with the job once it has ended', async () => {
      let gets = 0;
      server.route('GET', `${JOBS}/${JOB_ID}`, () => ({ body: { job: wireJob({ state: ++gets < 3 ? 'running' : 'timed_out' }) } }));
      expect((await fw.jobs.waitFor(JOB_ID, { pollMs: 5 })).state).toBe('timed_out');
    });

    it('gives up after timeoutMs, saying what state the job is in', async () => {
      server.route('GET', `${JOBS}/${JOB_ID}`, () => ({ body: { job: wireJob() } }));
      await expect(fw.jobs.waitFor(JOB_ID, { timeoutMs: 50, pollMs: 10 })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: `job ${JOB_ID} did not end within 50 ms (it is running)`,
      });
    });
  });
});
