import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { JobsHttp } from './support/jobs-http.js';

/*
 * GPU accounting with a stand-in nvidia-smi on PATH that prints a recorded answer for a
 * 2-GPU host: the server finds both GPUs at start, gives each job its own by index
 * (CUDA_VISIBLE_DEVICES), and queues a job until a GPU is free.
 */

const RECORDED = `0, NVIDIA H100 80GB HBM3, 81559, GPU-0a1b2c3d-0000-1111-2222-333344445555
1, NVIDIA H100 80GB HBM3, 81559, GPU-0a1b2c3d-6666-7777-8888-999900001111
`;

let server: RunningServer;
let dir: string;
let api: JobsHttp;
const savedPath = process.env.PATH;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-gpus-'));
  await writeFile(join(dir, 'nvidia-smi'), `#!/bin/sh\ncat <<'OUT'\n${RECORDED}OUT\n`);
  await chmod(join(dir, 'nvidia-smi'), 0o755);
  process.env.PATH = `${dir}${delimiter}${savedPath}`;
  server = await startServer(loadServerConfig({ port: 0, dataDir: join(dir, 'data'), computeCpus: 8, slurm: 'off' }), { logger: silentLogger });
  api = new JobsHttp(server.url);
});

afterAll(async () => {
  process.env.PATH = savedPath;
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GPUs found by nvidia-smi', () => {
  it('are listed per host with their use', async () => {
    const host = (await api.get('/api/v1/compute/status')).body.hosts[0];
    expect(host.gpus).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memory_mb: 81559, uuid: 'GPU-0a1b2c3d-0000-1111-2222-333344445555' },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', memory_mb: 81559, uuid: 'GPU-0a1b2c3d-6666-7777-8888-999900001111' },
    ]);
  });

  it('are handed out one job per GPU by index, and a third job waits for one', async () => {
    const cmd = ['sh', '-c', 'echo "cuda=$CUDA_VISIBLE_DEVICES"; sleep 1'];
    const a = await api.submit({ command: cmd, resources: { gpus: 1 } });
    const b = await api.submit({ command: cmd, resources: { gpus: 1 } });
    await api.waitFor(a.job_id, ['running']);
    await api.waitFor(b.job_id, ['running']);
    const c = await api.submit({ command: cmd, resources: { gpus: 1 } });
    const status = (await api.get('/api/v1/compute/status')).body.hosts[0];
    expect(status.used.gpu_indices).toEqual([0, 1]);
    expect((await api.job(c.job_id)).state).toBe('queued');
    const grants = [(await api.job(a.job_id)).gpu_indices, (await api.job(b.job_id)).gpu_indices].sort();
    expect(grants).toEqual([[[0]], [[1]]]);
    for (const j of [a, b, c]) expect((await api.waitFor(j.job_id)).state).toBe('succeeded');
    const seen = await Promise.all([a, b].map((j) => api.log(j.job_id)));
    expect(seen.sort()).toEqual(['cuda=0\n', 'cuda=1\n']);
    expect(await api.log(c.job_id)).toMatch(/^cuda=[01]\n$/);
  });

  it('gives each worker of a distributed job its own GPU', async () => {
    const job = await api.submit({ command: ['sh', '-c', 'echo "rank=$RANK cuda=$CUDA_VISIBLE_DEVICES"'], resources: { gpus: 1, nodes: 2 } });
    await api.waitFor(job.job_id);
    expect(await api.log(job.job_id, '?rank=0')).toBe('rank=0 cuda=0\n');
    expect(await api.log(job.job_id, '?rank=1')).toBe('rank=1 cuda=1\n');
  });

  it('refuses more GPUs than the host has', async () => {
    const res = await api.post('/api/v1/jobs', { command: ['true'], resources: { gpus: 3 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('the job needs 3 GPUs; this host has 2');
  });
});
