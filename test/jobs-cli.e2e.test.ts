import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel, type Job } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * `fw jobs` and `fw compute` against the real server with the local executor: real child
 * processes, driven through run(argv, io) as main.ts drives it. The host is given 2 CPUs
 * and 4 GiB and no GPUs, so the test behaves the same on any machine.
 */

let server: RunningServer;
let dataDir: string;
let client: Flywheel;
// Every job of this file carries this label, so lists see only them.
const SUITE = `suite=jobs-cli-${process.pid}`;

const cli = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await fw(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

/** `fw jobs submit` with the suite's label; resolves the printed job id. */
const submit = async (...argv: string[]): Promise<string> => {
  const { code, stdout, stderr } = await cli('jobs', 'submit', '--label', SUITE, ...argv);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^j[0-9a-f]{12}\n$/);
  return stdout.trim();
};

const waitUntil = async (jobId: string, states: Job['state'][]): Promise<Job> => {
  for (const deadline = Date.now() + 20_000; ; ) {
    const job = await client.jobs.get(jobId);
    if (states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.state}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-jobs-cli-e2e-'));
  const config = loadServerConfig({ port: 0, dataDir, computeCpus: 2, computeMemory: '4G', jobKillGraceSeconds: 1, slurm: 'off' });
  server = await startServer(config, { logger: silentLogger, gpus: [] });
  client = new Flywheel({ trackingUri: server.url, env: {} });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('fw jobs against the real server', () => {
  let helloId: string;

  it('submits a command, prints its id, and reads its output', async () => {
    helloId = await submit('--name', 'hello', '--memory', '64M', '--', 'sh', '-c', 'echo hi');
    expect((await client.jobs.waitFor(helloId, { timeoutMs: 20_000 })).state).toBe('succeeded');
    const logs = await cli('jobs', 'logs', helloId);
    expect(logs).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
  });

  it('runs in the current directory unless --cwd says otherwise', async () => {
    const elsewhere = await realpath(dataDir);
    const id = await submit('--cwd', elsewhere, '--', 'pwd');
    await client.jobs.waitFor(id, { timeoutMs: 20_000 });
    expect((await cli('jobs', 'logs', id)).stdout).toBe(`${elsewhere}\n`);
    const job = await client.jobs.get(await submit('true'));
    expect(job.cwd).toBe(process.cwd());
  });

  it('lists jobs with their state, resources and result, filtered by label and state', async () => {
    const { code, stdout } = await cli('jobs', 'list', '--label', SUITE, '--state', 'succeeded');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+state\s+executor\s+resources\s+attempt\s+age\s+duration\s+result$/);
    const hello = lines.find((l) => l.startsWith(helloId));
    expect(hello).toMatch(/hello\s+succeeded\s+local\s+\d+cpu 64M\s+1\/1\s.*exit 0$/);
    const json = JSON.parse((await cli('jobs', 'list', '--label', SUITE, '--json')).stdout) as Job[];
    expect(json.map((j) => j.jobId)).toContain(helloId);
    expect((await cli('jobs', 'list', '--label', SUITE, '--state', 'cancelled')).stdout).toBe('no jobs\n');
  });

  it('shows a job with its command and events', async () => {
    const { code, stdout } = await cli('jobs', 'show', helloId);
    expect(code).toBe(0);
    expect(stdout).toContain(`job        ${helloId}`);
    expect(stdout).toContain("command    sh -c 'echo hi'");
    expect(stdout).toMatch(/state\s+succeeded \(attempt 1\/1\)/);
    expect(stdout).toMatch(/labels\n\s+suite\s+jobs-cli-/);
    const events = await cli('jobs', 'events', helloId);
    expect(events.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['state', 'queued', 'starting', 'running', 'succeeded']);
  });

  it("follows a job's output as it is written and exits 0 when it succeeds", async () => {
    const { code, stdout, stderr } = await cli(
      'jobs', 'submit', '--label', SUITE, '--follow', '--', 'sh', '-c', 'for i in 1 2 3; do echo "line $i"; sleep 0.2; done',
    );
    expect(stdout).toBe('line 1\nline 2\nline 3\n');
    expect(stderr).toMatch(/^job (j[0-9a-f]{12}) submitted \(queued\); its output follows/);
    expect(stderr).toMatch(/job j[0-9a-f]{12} succeeded \(exit 0\)\n$/);
    expect(code).toBe(0);
  });

  it("exits with the job's exit code with --follow, through every retry", async () => {
    const { code, stdout, stderr } = await cli(
      'jobs', 'submit', '--label', SUITE, '--retries', '1', '-f', '--', 'sh', '-c', 'echo "try $FW_JOB_ATTEMPT"; exit 3',
    );
    expect(stdout).toBe('try 1\ntry 2\n');
    expect(stderr).toContain('--- attempt 2 ---\n');
    expect(stderr).toMatch(/failed \(exit 3.*\)\n$/);
    expect(code).toBe(3);
  });

  it('cancels a running job, and retries it as a new attempt', async () => {
    const id = await submit('--', 'sh', '-c', 'echo started; sleep 30');
    await waitUntil(id, ['running']);
    const cancel = await cli('jobs', 'cancel', id);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(new RegExp(`^(cancelled job ${id}|job ${id} is running)\\n$`));
    expect((await client.jobs.waitFor(id, { timeoutMs: 20_000 })).state).toBe('cancelled');

    const logs = await cli('jobs', 'logs', '--follow', id);
    expect(logs.code).toBe(0);
    // The job's shell may add its own "Terminated" line after ours.
    expect(logs.stdout).toMatch(/^started\n/);
    expect(logs.stderr).toMatch(new RegExp(`^job ${id} cancelled \\((exit \\d+: )?cancelled by user\\)\n$`));

    const retry = await cli('jobs', 'retry', id);
    expect(retry).toMatchObject({ code: 0, stdout: `job ${id} is queued again, as attempt 2\n` });
    await waitUntil(id, ['running']);
    await cli('jobs', 'cancel', id);
    expect(await client.jobs.waitFor(id, { timeoutMs: 20_000 })).toMatchObject({ state: 'cancelled', attempt: 2 });
    expect((await cli('jobs', 'logs', '--attempt', '1', id)).stdout).toBe(logs.stdout);
  });

  it('reports unknown jobs and refused requests in one line with exit code 1', async () => {
    const missing = await cli('jobs', 'show', 'j000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*j000000000000.*\n$/);
    const sleeping = await submit('sleep', '30');
    const retry = await cli('jobs', 'retry', sleeping);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/^error: .*only a job that has ended can be retried/);
    await client.jobs.cancel(sleeping);
    await client.jobs.waitFor(sleeping, { timeoutMs: 20_000 });
    const cancel = await cli('jobs', 'cancel', 'j000000000000', helloId);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toMatch(/^error: .*j000000000000/);
  });

  it('refuses bad options with exit code 2 before asking the server', async () => {
    const negative = await cli('jobs', 'submit', '--memory', '-4G', '--', 'true');
    expect(negative.code).toBe(2);
    expect(negative.stderr).toBe("error: option '--memory <size>' argument '-4G' is invalid. memory cannot be negative.\n");
  });
});

describe('fw compute status against the real server', () => {
  it('shows this host with its CPUs and memory', async () => {
    const { code, stdout } = await cli('compute', 'status');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^jobs: \d+ queued, \d+ running\n/);
    expect(stdout).toMatch(/\n {2}\S+\s+local\s+\d+\/2\s+\S+\/4G\s+0\/0\s+\d+\n/);
    expect(stdout).toContain('slurm partitions\n  (none: no SLURM cluster reachable)');
    const json = JSON.parse((await cli('compute', 'status', '--json')).stdout) as { hosts: Array<{ cpus: number; memoryMb: number }> };
    expect(json.hosts[0]).toMatchObject({ cpus: 2, memoryMb: 4096 });
  });
});
