import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { JobsHttp } from './support/jobs-http.js';
import { slurmSkipReason } from './support/slurm.js';

/*
 * Jobs on the SLURM executor through the jobs API, end to end: a real server, a real
 * cluster (scripts/slurm-cluster.sh: partition `debug`, two emulated nodes).
 */

const SKIP = slurmSkipReason();
const RENDEZVOUS = fileURLToPath(new URL('./fixtures/rendezvous.mjs', import.meta.url));
const WAIT_MS = 45_000;

let server: RunningServer;
let dataDir: string;
let api: JobsHttp;

const config = (dir: string) => loadServerConfig({ port: 0, dataDir: dir, slurm: 'auto', jobKillGraceSeconds: 1 });

describe.skipIf(SKIP)(`SLURM jobs through the API${SKIP ? ` (skipped: ${SKIP})` : ''}`, { timeout: 90_000 }, () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fw-slurm-jobs-'));
    server = await startServer(config(dataDir), { logger: silentLogger });
    api = new JobsHttp(server.url);
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a job with the tracking variables set, keeps its log as an artifact, and reports its partitions', async () => {
    const job = await api.submit({
      executor: 'slurm',
      command: ['sh', '-c', 'echo "run=$FW_RUN_ID mlflow=$MLFLOW_RUN_ID job=$FW_JOB_ID uri=$MLFLOW_TRACKING_URI rank=$RANK world=$WORLD_SIZE"'],
      resources: { cpus: 1, memory: '128M' },
    });
    const done = await api.waitFor(job.job_id, undefined, WAIT_MS);
    expect(done).toMatchObject({ state: 'succeeded', exit_code: 0, executor: 'slurm' });
    expect(done.external_id).toMatch(/^\d+$/);
    expect(await api.log(job.job_id)).toContain(`run=${job.run_id} mlflow=${job.run_id} job=${job.job_id} uri=${server.url} rank=0 world=1`);
    expect((await api.events(job.job_id)).map((e) => e.state)).toEqual(['queued', 'starting', 'running', 'succeeded']);
    const run = (await api.get(`/api/2.0/mlflow/runs/get?run_id=${job.run_id}`)).body.run;
    expect(run.info).toMatchObject({ status: 'FINISHED', job_id: job.job_id });
    const files = (await api.get(`/api/2.0/mlflow/artifacts/list?run_id=${job.run_id}&path=logs`)).body.files;
    expect(files.map((f: { path: string }) => f.path)).toContain('logs/output.log');
    const status = (await api.get('/api/v1/compute/status')).body;
    expect(status.partitions).toContainEqual(expect.objectContaining({ name: 'debug', is_default: true, nodes: 2 }));
  });

  it('fails a job with its exit code and retries it', async () => {
    const job = await api.submit({ executor: 'slurm', command: ['sh', '-c', 'echo "attempt $FW_JOB_ATTEMPT"; exit 3'], max_retries: 1 });
    const done = await api.waitFor(job.job_id, ['failed'], WAIT_MS);
    expect(done).toMatchObject({ state: 'failed', exit_code: 3, attempt: 2 });
    expect((await api.events(job.job_id)).filter((e) => e.state === 'failed').map((e) => e.attempt)).toEqual([1, 2]);
    expect(await api.log(job.job_id, '?attempt=1')).toContain('attempt 1');
    expect(await api.log(job.job_id, '?attempt=2')).toContain('attempt 2');
  });

  it('cancels a running job with scancel', async () => {
    const job = await api.submit({ executor: 'slurm', command: ['sleep', '60'] });
    await api.waitFor(job.job_id, ['running'], WAIT_MS);
    await api.post(`/api/v1/jobs/${job.job_id}/cancel`);
    expect(await api.waitFor(job.job_id, undefined, WAIT_MS)).toMatchObject({ state: 'cancelled', reason: 'cancelled by user' });
  });

  it('times a job out at its timeout, not at the next whole minute', async () => {
    const job = await api.submit({ executor: 'slurm', command: ['sleep', '60'], timeout_seconds: 2 });
    const done = await api.waitFor(job.job_id, undefined, WAIT_MS);
    expect(done).toMatchObject({ state: 'timed_out', reason: 'exceeded its timeout of 2 s' });
    expect(done.end_time - done.start_time).toBeLessThan(20_000);
  });

  it('runs a 2-node job whose workers find each other by rank and world size', async () => {
    const job = await api.submit({ executor: 'slurm', command: ['node', RENDEZVOUS], resources: { nodes: 2 } });
    const done = await api.waitFor(job.job_id, undefined, WAIT_MS);
    const rank0 = await api.log(job.job_id, '?rank=0');
    expect(done.state, rank0).toBe('succeeded');
    expect(rank0).toContain(`rank 0 saw: rank=1 local_rank=0 world_size=2 run=${job.run_id}`);
    expect(await api.log(job.job_id, '?rank=1')).toContain('rank 1 got: rank 0 of 2 heard you');
    expect(done.host).toMatch(/fw-node/);
  });

  it('refuses what no partition can hold, at submit', async () => {
    const cpus = await api.post('/api/v1/jobs', { executor: 'slurm', command: ['true'], resources: { cpus: 4096 } });
    expect(cpus.status).toBe(400);
    expect(cpus.body.message).toMatch(/CPU/);
    const partition = await api.post('/api/v1/jobs', { executor: 'slurm', command: ['true'], partition: 'nosuch' });
    expect(partition.status).toBe(400);
    expect(partition.body.message).toMatch(/nosuch/);
    const nodes = await api.post('/api/v1/jobs', { executor: 'slurm', command: ['true'], resources: { nodes: 3 } });
    expect(nodes.status).toBe(400);
  });

  it('keeps tracking a running job across a server restart, and runs it once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-slurm-restart-'));
    let first: RunningServer | undefined = await startServer(config(dir), { logger: silentLogger });
    let second: RunningServer | undefined;
    try {
      const a = new JobsHttp(first.url);
      const job = await a.submit({ executor: 'slurm', command: ['sh', '-c', 'sleep 2; echo finished once'] });
      await a.waitFor(job.job_id, ['running'], WAIT_MS);
      await first.close();
      first = undefined;
      second = await startServer(config(dir), { logger: silentLogger });
      const b = new JobsHttp(second.url);
      expect(await b.waitFor(job.job_id, undefined, WAIT_MS)).toMatchObject({ state: 'succeeded', exit_code: 0 });
      expect((await b.log(job.job_id)).match(/finished once/g)).toHaveLength(1);
      expect((await b.events(job.job_id)).filter((e) => e.state === 'running')).toHaveLength(1);
    } finally {
      await first?.close();
      await second?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
