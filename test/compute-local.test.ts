import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { JobsHttp } from './support/jobs-http.js';
import { waitUntil } from './support/wait.js';

/*
 * The local executor end to end: a real server in this process, real child processes, the
 * jobs API over HTTP. The host is given 2 CPUs and 4 GiB so queueing is predictable on any
 * machine.
 */

const RENDEZVOUS = fileURLToPath(new URL('./fixtures/rendezvous.mjs', import.meta.url));
let server: RunningServer;
let dataDir: string;
let api: JobsHttp;

/**
 * A file a job's shell waits for before going on: the test creates it when it has seen what
 * it needs to see, so a job's progress follows the test's events, not the clock.
 */
function gate(): { path: string; shell: string; open(): Promise<void> } {
  const path = join(dataDir, `gate-${randomUUID()}`);
  return { path, shell: `while [ ! -e '${path}' ]; do sleep 0.05; done`, open: () => writeFile(path, '') };
}

const config = (dir: string) =>
  loadServerConfig({ port: 0, dataDir: dir, computeCpus: 2, computeMemory: '4G', jobKillGraceSeconds: 1, slurm: 'off' });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-compute-'));
  server = await startServer(config(dataDir), { logger: silentLogger });
  api = new JobsHttp(server.url);
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local jobs', () => {
  it('runs a command with the tracking variables set, keeps its log, and links its run', async () => {
    const job = await api.submit({
      name: 'env-check',
      command: ['sh', '-c', 'echo "run=$FW_RUN_ID mlflow=$MLFLOW_RUN_ID job=$FW_JOB_ID uri=$MLFLOW_TRACKING_URI cuda=[$CUDA_VISIBLE_DEVICES] x=$X"; echo oops >&2'],
      env: { X: '42' },
      labels: { team: 'vision' },
    });
    const done = await api.waitFor(job.job_id);
    expect(done).toMatchObject({ state: 'succeeded', exit_code: 0, attempt: 1, host: expect.any(String) });
    expect(done.start_time).toBeGreaterThanOrEqual(done.created_time);
    const log = await api.log(job.job_id);
    expect(log).toContain(`run=${job.run_id} mlflow=${job.run_id} job=${job.job_id} uri=${server.url} cuda=[] x=42`);
    expect(log).toContain('oops');
    expect((await api.events(job.job_id)).map((e) => e.state)).toEqual(['queued', 'starting', 'running', 'succeeded']);

    const run = (await api.get(`/api/2.0/mlflow/runs/get?run_id=${job.run_id}`)).body.run;
    expect(run.info).toMatchObject({ status: 'FINISHED', job_id: job.job_id, run_name: 'env-check' });
    const artifacts = (await api.get(`/api/2.0/mlflow/artifacts/list?run_id=${job.run_id}&path=logs`)).body.files;
    expect(artifacts.map((f: { path: string }) => f.path)).toEqual(['logs/output.log']);
  });

  it('lists jobs filtered by state and label', async () => {
    const labelled = await api.submit({ command: ['true'], labels: { sweep: 'list-test' } });
    await api.submit({ command: ['true'], labels: { sweep: 'other' } });
    await api.waitFor(labelled.job_id);
    const listed = (await api.get('/api/v1/jobs?label=sweep=list-test&state=succeeded')).body.jobs;
    expect(listed.map((j: { job_id: string }) => j.job_id)).toEqual([labelled.job_id]);
    expect((await api.get('/api/v1/jobs?state=bogus')).status).toBe(400);
  });

  it('fails a job with its exit code and retries it up to the limit', async () => {
    const job = await api.submit({ command: ['sh', '-c', 'echo "attempt $FW_JOB_ATTEMPT"; exit 3'], max_retries: 2 });
    const done = await api.waitFor(job.job_id, ['failed']);
    expect(done).toMatchObject({ state: 'failed', exit_code: 3, attempt: 3, reason: 'the command exited with code 3' });
    const events = await api.events(job.job_id);
    expect(events.filter((e) => e.state === 'failed').map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.state === 'queued').map((e) => e.reason)).toEqual([
      null,
      'retry 1 of 2 after: the command exited with code 3',
      'retry 2 of 2 after: the command exited with code 3',
    ]);
    expect(await api.log(job.job_id, '?attempt=2')).toBe('attempt 2\n');
    const run = (await api.get(`/api/2.0/mlflow/runs/get?run_id=${job.run_id}`)).body.run;
    expect(run.info.status).toBe('FAILED');

    // A retry asked for by the user starts the next attempt.
    const retried = (await api.post(`/api/v1/jobs/${job.job_id}/retry`)).body.job;
    expect(retried.attempt).toBe(4);
    expect((await api.waitFor(job.job_id, ['failed'])).attempt).toBe(4);
    expect((await api.post(`/api/v1/jobs/${job.job_id}/cancel`)).status).toBe(409);
  });

  it('cancels a running job: SIGTERM to its whole process group, SIGKILL after the grace period', async () => {
    // The shell ignores TERM, and so does its child: only SIGKILL ends them.
    const job = await api.submit({ command: ['sh', '-c', "trap '' TERM; sleep 30 & wait; echo never"] });
    await api.waitFor(job.job_id, ['running']);
    const cancelled = (await api.post(`/api/v1/jobs/${job.job_id}/cancel`)).body.job;
    const done = cancelled.state === 'cancelled' ? cancelled : await api.waitFor(job.job_id);
    expect(done).toMatchObject({ state: 'cancelled', reason: 'cancelled by user' });
    // Ended before its 30 s sleep could: killed, not finished (a bound set by the command, not by speed).
    expect(done.end_time - done.start_time).toBeLessThan(30_000);
    expect(await api.log(job.job_id)).not.toContain('never');
    const run = (await api.get(`/api/2.0/mlflow/runs/get?run_id=${job.run_id}`)).body.run;
    expect(run.info.status).toBe('KILLED');
  });

  it('times a job out', async () => {
    const job = await api.submit({ command: ['sleep', '30'], timeout_seconds: 1 });
    const done = await api.waitFor(job.job_id);
    expect(done).toMatchObject({ state: 'timed_out', reason: 'exceeded its timeout of 1 s' });
    expect(done.end_time - done.start_time).toBeGreaterThanOrEqual(1000);
  });

  it('cancels a queued job at once', async () => {
    const blocker = await api.submit({ command: ['sleep', '30'], resources: { cpus: 2 } });
    await api.waitFor(blocker.job_id, ['running']);
    const waiting = await api.submit({ command: ['true'], resources: { cpus: 2 } });
    const urgent = await api.submit({ command: ['true'], resources: { cpus: 2 }, priority: 5 });
    expect(await api.job(waiting.job_id)).toMatchObject({ state: 'queued', queue_position: 2 });
    expect(await api.job(urgent.job_id)).toMatchObject({ state: 'queued', queue_position: 1 });
    await api.post(`/api/v1/jobs/${urgent.job_id}/cancel`);
    expect((await api.post(`/api/v1/jobs/${waiting.job_id}/cancel`)).body.job.state).toBe('cancelled');
    await api.post(`/api/v1/jobs/${blocker.job_id}/cancel`);
    await api.waitFor(blocker.job_id);
    expect((await api.events(waiting.job_id)).map((e) => e.state)).toEqual(['queued', 'cancelled']);
  });

  it('runs a 2-worker job whose workers find each other by rank and world size', async () => {
    const job = await api.submit({ command: ['node', RENDEZVOUS], resources: { nodes: 2 } });
    const done = await api.waitFor(job.job_id);
    expect(done.state, await api.log(job.job_id, '?rank=0')).toBe('succeeded');
    const rank0 = await api.log(job.job_id, '?rank=0');
    const rank1 = await api.log(job.job_id, '?rank=1');
    expect(rank0).toContain(`rank 0 saw: rank=1 local_rank=1 world_size=2 run=${job.run_id}`);
    expect(rank1).toContain('rank 1 got: rank 0 of 2 heard you');
    const artifacts = (await api.get(`/api/2.0/mlflow/artifacts/list?run_id=${job.run_id}&path=logs`)).body.files;
    expect(artifacts.map((f: { path: string }) => f.path)).toEqual(['logs/rank-0.log', 'logs/rank-1.log']);
  });

  it('fails a distributed job when one worker fails, and stops the others', async () => {
    const job = await api.submit({
      command: ['sh', '-c', 'if [ "$RANK" = 1 ]; then exit 7; fi; sleep 30'],
      resources: { nodes: 2 },
    });
    const done = await api.waitFor(job.job_id);
    expect(done).toMatchObject({ state: 'failed', exit_code: 7, reason: 'worker rank 1 exited with code 7' });
    // Rank 0 was stopped: the job ended before rank 0's 30 s sleep could.
    expect(done.end_time - done.start_time).toBeLessThan(30_000);
  });

  it('follows a log until the job ends', async () => {
    const job = await api.submit({ command: ['sh', '-c', 'for i in 1 2 3; do echo line $i; sleep 0.2; done'] });
    const res = await fetch(`${server.url}/api/v1/jobs/${job.job_id}/logs?follow=true`);
    expect(await res.text()).toBe('line 1\nline 2\nline 3\n');
  });

  it('reads a log from an offset while the job runs', async () => {
    const second = gate();
    const job = await api.submit({ command: ['sh', '-c', `echo first; ${second.shell}; echo second`] });
    await api.waitFor(job.job_id, ['running']);
    const res = await waitUntil(async () => {
      const r = await fetch(`${server.url}/api/v1/jobs/${job.job_id}/logs`);
      return Number(r.headers.get('x-log-offset')) > 0 ? r : undefined;
    }, 'the first line in the log');
    expect(res.headers.get('x-log-size')).toBe('6');
    expect(await res.text()).toBe('first\n');
    await second.open();
    await api.waitFor(job.job_id);
    expect(await api.log(job.job_id, '?offset=6')).toBe('second\n');
  });
});

describe('scheduling on the local host', () => {
  it('starts higher priority first and backfills small jobs that fit', async () => {
    const release = gate();
    const blocker = await api.submit({ command: ['sh', '-c', release.shell], resources: { cpus: 1 } });
    await api.waitFor(blocker.job_id, ['running']);
    // 1 CPU free. The big job waits; the small one fits now and ends while the blocker holds its CPU.
    const big = await api.submit({ command: ['true'], resources: { cpus: 2 }, priority: 10 });
    const small = await api.submit({ command: ['true'], resources: { cpus: 1 } });
    expect((await api.waitFor(small.job_id)).state).toBe('succeeded');
    expect((await api.job(big.job_id)).state).toBe('queued');
    await release.open();
    expect((await api.waitFor(big.job_id)).state).toBe('succeeded');
  });

  it('reports resource use per host', async () => {
    const job = await api.submit({ command: ['sleep', '30'], resources: { cpus: 2, memory: '1G' } });
    await api.waitFor(job.job_id, ['running']);
    const status = (await api.get('/api/v1/compute/status')).body;
    expect(status.hosts).toHaveLength(1);
    expect(status.hosts[0]).toMatchObject({ executor: 'local', cpus: 2, memory_mb: 4096, used: { cpus: 2, memory_mb: 1024 }, running_jobs: 1 });
    await api.post(`/api/v1/jobs/${job.job_id}/cancel`);
  });
});

describe('bad job requests', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a negative CPU count', { command: ['true'], resources: { cpus: -1 } }, /resources.cpus must be at least 1, got -1/],
    ['an unknown executor', { command: ['true'], executor: 'kubernetes' }, /unknown executor 'kubernetes'; use one of: local, slurm/],
    ['a GPU on a host with none', { command: ['true'], resources: { gpus: 1 } }, /has no GPUs \(none found by nvidia-smi\), but the job asks for 1/],
    ['more CPUs than the host has', { command: ['true'], resources: { cpus: 3 } }, /the job needs 3 CPUs; this host has 2/],
    ['more memory than the host has', { command: ['true'], resources: { memory: '8G' } }, /needs 8192 MiB of memory; this host has 4096 MiB/],
    ['workers that together exceed the host', { command: ['true'], resources: { cpus: 2, nodes: 2 } }, /the job needs 4 CPUs \(2 workers x 2 CPUs/],
    ['an empty command', { command: [] }, /command/],
    ['a memory size that is not one', { command: ['true'], resources: { memory: 'lots' } }, /resources.memory 'lots' is not a size/],
    ['a relative working directory', { command: ['true'], cwd: 'rel/dir' }, /cwd must be an absolute path/],
    ['an unknown field', { command: ['true'], gpu: 1 }, /gpu/],
  ];
  it.each(cases)('refuses %s at submit with 400 and a message', async (_name, body, message) => {
    const before = (await api.get('/api/v1/jobs?max_results=1000')).body.jobs.length;
    const res = await api.post('/api/v1/jobs', body);
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(res.body.message).toMatch(message);
    expect((await api.get('/api/v1/jobs?max_results=1000')).body.jobs.length).toBe(before);
  });

  it('answers 404 for a job that does not exist and 503 for SLURM when there is no cluster', async () => {
    expect((await api.get('/api/v1/jobs/jnothere')).status).toBe(404);
    const slurm = await api.post('/api/v1/jobs', { command: ['true'], executor: 'slurm' });
    expect(slurm.status).toBe(503);
    expect(slurm.body.message).toMatch(/slurm executor is not available/);
  });
});

describe('a server restart while jobs run', () => {
  it('re-attaches to a running job, and accounts for one that ended while the server was down', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-compute-restart-'));
    let first: RunningServer | undefined = await startServer(config(dir), { logger: silentLogger });
    let second: RunningServer | undefined;
    try {
      const a = new JobsHttp(first.url);
      // Each ends when the test says: the long one after the restart, the short one while no server runs.
      const longGate = gate();
      const shortGate = gate();
      const long = await a.submit({ command: ['sh', '-c', `${longGate.shell}; echo long done`] });
      const short = await a.submit({ command: ['sh', '-c', `${shortGate.shell}; exit 4`] });
      const queued = await a.submit({ command: ['sh', '-c', 'echo queued ran'], resources: { cpus: 2 } });
      await a.waitFor(long.job_id, ['running']);
      await a.waitFor(short.job_id, ['running']);
      await first.close();
      first = undefined;
      // The short job ends while no server watches it.
      await shortGate.open();
      const shortExit = join(dir, 'jobs', short.job_id, 'attempt-1', 'rank-0.exit');
      await waitUntil(() => existsSync(shortExit), 'the short job to end');
      second = await startServer(config(dir), { logger: silentLogger });
      const b = new JobsHttp(second.url);
      await longGate.open();
      expect(await b.waitFor(short.job_id)).toMatchObject({ state: 'failed', exit_code: 4 });
      expect(await b.waitFor(long.job_id)).toMatchObject({ state: 'succeeded', exit_code: 0 });
      expect(await b.log(long.job_id)).toBe('long done\n');
      expect(await b.waitFor(queued.job_id)).toMatchObject({ state: 'succeeded' });
      // Never run twice: one start per job in its history, and one line of output.
      for (const id of [long.job_id, short.job_id, queued.job_id]) {
        expect((await b.events(id)).filter((e) => e.state === 'running')).toHaveLength(1);
      }
      expect(await b.log(queued.job_id)).toBe('queued ran\n');
      expect(existsSync(join(dir, 'jobs', long.job_id, 'attempt-1', 'rank-0.exit'))).toBe(true);
      expect((await readFile(join(dir, 'jobs', short.job_id, 'attempt-1', 'rank-0.exit'), 'utf8')).split('\n')[0]).toBe('4');
    } finally {
      await first?.close();
      await second?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
