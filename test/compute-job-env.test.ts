import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { JobsHttp } from './support/jobs-http.js';
import { slurmSkipReason } from './support/slurm.js';

/*
 * Regression: jobs inherited the server's whole environment, so a server's cloud
 * credentials reached every user's job. A job now gets its own variables, Flywheel's, and
 * PATH, HOME, the locale and a few more; the test reads a job's whole environment back
 * from its log.
 */

const SKIP_SLURM = slurmSkipReason();
const SECRETS = {
  AWS_SECRET_ACCESS_KEY: 'server-aws-secret-7f3a',
  FW_DATABASE_URL: 'postgres://fw:server-db-password-7f3a@db/fw',
  FW_TEST_SERVER_TOKEN: 'server-token-7f3a',
};
// Printed with a marker so the log is unambiguous; `env` lists every variable the job has.
const COMMAND = ['sh', '-c', 'env | sort; echo "own=[$OWN] path=[${PATH:+set}]"'];

let server: RunningServer;
let dataDir: string;
let api: JobsHttp;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  // Set before the server starts and kept while jobs launch: the server's own environment.
  for (const [k, v] of Object.entries(SECRETS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  dataDir = await mkdtemp(join(tmpdir(), 'fw-job-env-'));
  // The config gets no environment: FW_DATABASE_URL above is a secret to keep, not a database to open.
  const slurm = SKIP_SLURM ? 'off' : 'auto';
  server = await startServer(loadServerConfig({ port: 0, dataDir, computeCpus: 1, computeMemory: '1G', jobKillGraceSeconds: 1, slurm }, {}), { logger: silentLogger });
  api = new JobsHttp(server.url);
});

afterAll(async () => {
  await server?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rm(dataDir, { recursive: true, force: true });
});

function expectNoServerSecret(log: string, job: { run_id: string }): void {
  for (const [name, value] of Object.entries(SECRETS)) {
    expect(log, name).not.toContain(value);
    expect(log, name).not.toMatch(new RegExp(`^${name}=`, 'm'));
  }
  expect(log).toContain('own=[mine] path=[set]');
  expect(log).toContain(`FW_RUN_ID=${job.run_id}`);
  expect(log).toContain(`MLFLOW_TRACKING_URI=${server.url}`);
}

describe("a job's environment", () => {
  it("on the local executor holds none of the server's credentials, only its own and Flywheel's variables", async () => {
    const job = await api.submit({ command: COMMAND, env: { OWN: 'mine' } });
    expect(await api.waitFor(job.job_id)).toMatchObject({ state: 'succeeded' });
    expectNoServerSecret(await api.log(job.job_id), job);
  });

  it("keeps a credential the job was given itself", async () => {
    const job = await api.submit({ command: ['sh', '-c', 'echo "key=[$AWS_SECRET_ACCESS_KEY]"'], env: { AWS_SECRET_ACCESS_KEY: 'the-jobs-own' } });
    expect(await api.waitFor(job.job_id)).toMatchObject({ state: 'succeeded' });
    expect(await api.log(job.job_id)).toBe('key=[the-jobs-own]\n');
  });

  describe.skipIf(SKIP_SLURM)(`on SLURM${SKIP_SLURM ? ` (skipped: ${SKIP_SLURM})` : ''}`, { timeout: 90_000 }, () => {
    it("holds none of the server's credentials, only its own and Flywheel's variables", async () => {
      const job = await api.submit({ executor: 'slurm', command: COMMAND, env: { OWN: 'mine' } });
      expect(await api.waitFor(job.job_id, undefined, 60_000)).toMatchObject({ state: 'succeeded' });
      expectNoServerSecret(await api.log(job.job_id), job);
    });
  });
});
