import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_ID, wireJob } from '../sdk/test-support/job-fixtures.js';
import { startRecordingServer, type RecordingServer } from '../sdk/test-support/recording-server.js';
import { run } from './run.js';
import { captureIo } from './test-support/fixtures.js';

/**
 * `fw jobs` and `fw compute`: what they send and print, and their exit codes, against a
 * recording HTTP peer that answers as docs/jobs-api.md says. The real server is in
 * test/jobs-cli.e2e.test.ts.
 */
const JOBS = '/api/v1/jobs';
let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer();
});

afterEach(async () => {
  await server.close();
});

const fw = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

describe('fw jobs submit', () => {
  beforeEach(() => {
    server.route('POST', JOBS, () => ({ body: { job: wireJob({ state: 'queued' }) } }));
  });

  it('sends every option in the API shape and prints the job id', async () => {
    const { code, stdout, stderr } = await fw(
      'jobs', 'submit', '--name', 'train-a', '--cpus', '4', '--memory', '1.5G', '--gpus-per-node', '2', '--nodes', '2',
      '--priority', '-3', '--queue', 'night', '--executor', 'slurm', '--partition', 'gpu', '--timeout', '2h', '--retries', '1',
      '--label', 'team=vision', '--label', 'sweep=a=b', '--env', 'SEED=1', '--cwd', 'sub/dir', '--experiment-id', '7',
      '--', 'python', 'train.py', '--lr', '0.1',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`${JOB_ID}\n`);
    expect(server.accepted[0]!.json).toEqual({
      command: ['python', 'train.py', '--lr', '0.1'],
      name: 'train-a',
      cwd: resolve('sub/dir'),
      env: { SEED: '1' },
      resources: { cpus: 4, memory_mb: 1536, gpus: 2, nodes: 2 },
      priority: -3,
      queue: 'night',
      executor: 'slurm',
      partition: 'gpu',
      timeout_seconds: 7200,
      max_retries: 1,
      labels: { team: 'vision', sweep: 'a=b' },
      experiment_id: '7',
    });
  });

  it('leaves the options after the command to the command, and runs in the current directory', async () => {
    await fw('jobs', 'submit', '--gpus', '1', 'python', 'train.py', '--gpus', '8', '-v');
    expect(server.accepted[0]!.json).toEqual({ command: ['python', 'train.py', '--gpus', '8', '-v'], cwd: process.cwd(), resources: { gpus: 1 } });
  });

  it('prints the job as JSON with --json', async () => {
    const { stdout } = await fw('jobs', 'submit', '--json', '--', 'true');
    expect(JSON.parse(stdout)).toMatchObject({ jobId: JOB_ID, state: 'queued', resources: { memoryMb: 4096 } });
  });

  it.each([
    [['--memory', '-4G'], "argument '-4G' is invalid. memory cannot be negative."],
    [['--memory', '4X'], 'expected a size like 512M, 4G or 1.5T'],
    [['--timeout', 'soon'], 'expected a duration like 90s, 30m, 2h or 1d'],
    [['--cpus', '0'], 'expected a whole number of 1 or more'],
    [['--gpus', '-1'], 'cannot be negative'],
    [['--gpus', '1', '--gpus-per-node', '2'], '--gpus and --gpus-per-node mean the same'],
    [['--executor', 'k8s'], 'Allowed choices are local, slurm'],
    [['--label', 'team'], 'expected KEY=VALUE'],
    [['--env', 'A-B=1'], "'A-B' is not a variable name"],
    [[], "missing required argument 'command'"],
  ])('exits 2 without asking the server for %j', async (options, message) => {
    const { code, stderr } = await fw('jobs', 'submit', ...options, ...(options.length > 0 ? ['--', 'true'] : []));
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(server.received).toHaveLength(0);
  });

  describe('with --follow', () => {
    beforeEach(() => {
      let gets = 0;
      server.route('GET', `${JOBS}/${JOB_ID}`, () => ({
        body: { job: ++gets < 2 ? wireJob() : wireJob({ state: 'failed', exit_code: 7, reason: 'the command exited with code 7' }) },
      }));
      server.route('GET', `${JOBS}/${JOB_ID}/logs`, (req) => ({
        raw: req.query.get('offset') === '0' ? 'epoch 1\n' : '',
        headers: { 'content-type': 'text/plain' },
      }));
    });

    it("prints the output, says how the job ended, and exits with the job's exit code", async () => {
      const { code, stdout, stderr } = await fw('jobs', 'submit', '-f', '--', 'python', 'train.py');
      expect(stdout).toBe('epoch 1\n');
      expect(stderr).toBe(
        `job ${JOB_ID} submitted (queued); its output follows. Ctrl-C stops following, not the job.\n` +
          `job ${JOB_ID} failed (exit 7: the command exited with code 7)\n`,
      );
      expect(code).toBe(7);
    });

    it('prints only the ended job with --json', async () => {
      const { code, stdout } = await fw('jobs', 'submit', '--follow', '--json', '--', 'true');
      expect(JSON.parse(stdout)).toMatchObject({ state: 'failed', exitCode: 7 });
      expect(code).toBe(7);
      expect(server.received.some((r) => r.path.endsWith('/logs'))).toBe(false);
    });
  });
});

describe('fw jobs list', () => {
  it('sends the filters and prints a table', async () => {
    server.route('GET', JOBS, () => ({ body: { jobs: [wireJob()] } }));
    const { code, stdout } = await fw('jobs', 'list', '--state', 'running,queued', '-s', 'failed', '--label', 'team=vision', '--executor', 'local', '--queue', 'q', '-n', '5');
    expect(code).toBe(0);
    const q = server.accepted[0]!.query;
    expect(q.getAll('state')).toEqual(['running', 'queued', 'failed']);
    expect(q.getAll('label')).toEqual(['team=vision']);
    expect([q.get('executor'), q.get('queue'), q.get('max_results')]).toEqual(['local', 'q', '5']);
    expect(stdout.split('\n')[1]).toMatch(new RegExp(`^${JOB_ID}\\s+train-a\\s+running\\s+local\\s+2cpu 4G\\s+1/1\\s`));
  });

  it('stops at --limit and says there are more', async () => {
    server.route('GET', JOBS, () => ({ body: { jobs: [wireJob(), wireJob()], next_page_token: 'p2' } }));
    const { stdout } = await fw('jobs', 'list', '--limit', '2');
    expect(server.accepted).toHaveLength(1);
    expect(stdout).toMatch(/\(first 2 jobs shown; raise --limit for more\)\n$/);
  });
});

describe('fw jobs logs', () => {
  it('reads from each next offset until nothing is new', async () => {
    const log = 'a'.repeat(10);
    server.route('GET', `${JOBS}/${JOB_ID}/logs`, (req) => {
      const offset = Number(req.query.get('offset'));
      const end = Math.min(log.length, offset + 4);
      return { raw: log.slice(offset, end), headers: { 'content-type': 'text/plain', 'x-log-offset': String(end), 'x-job-state': 'succeeded' } };
    });
    const { code, stdout } = await fw('jobs', 'logs', '--rank', '0', '--attempt', '1', JOB_ID);
    expect(code).toBe(0);
    expect(stdout).toBe(log);
    expect(server.accepted.map((r) => r.query.get('offset'))).toEqual(['0', '4', '8', '10']);
    expect(server.accepted[0]!.query.get('attempt')).toBe('1');
  });
});

describe('fw jobs cancel', () => {
  it('cancels the jobs it can, reports the others, and exits 1', async () => {
    server.route('POST', `${JOBS}/${JOB_ID}/cancel`, () => ({ body: { job: wireJob({ state: 'cancelled' }) } }));
    server.route('POST', `${JOBS}/jgone/cancel`, () => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Job 'jgone' not found" } }));
    const { code, stdout, stderr } = await fw('jobs', 'cancel', 'jgone', JOB_ID);
    expect(code).toBe(1);
    expect(stdout).toBe(`cancelled job ${JOB_ID}\n`);
    expect(stderr).toBe("error: Job 'jgone' not found\n");
  });
});

describe('fw jobs retry', () => {
  it("shows the server's refusal in one line and exits 1", async () => {
    server.route('POST', `${JOBS}/${JOB_ID}/retry`, () => ({
      status: 409,
      body: { error_code: 'RESOURCE_CONFLICT', message: `Job '${JOB_ID}' is running; only a job that has ended can be retried.` },
    }));
    const { code, stderr } = await fw('jobs', 'retry', JOB_ID);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: Job '${JOB_ID}' is running; only a job that has ended can be retried.\n`);
  });
});

describe('fw compute status', () => {
  it('prints the status as JSON in the SDK shape', async () => {
    server.route('GET', '/api/v1/compute/status', () => ({ body: { hosts: [], partitions: [], queued: 1, running: 0 } }));
    const { code, stdout } = await fw('compute', 'status', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ hosts: [], partitions: [], queued: 1, running: 0 });
  });
});
