import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../sdk/test-support/recording-server.js';
import { run } from './run.js';
import { captureIo } from './test-support/fixtures.js';

/**
 * Argument parsing, exit codes and error output of `fw`, against a recording HTTP peer that
 * answers in MLflow's shapes. Output against the real server is in test/sdk-cli.e2e.test.ts.
 */
const API = '/api/2.0/mlflow';
let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer();
});

afterEach(async () => {
  await server.close();
});

const fw = async (argv: string[], env: NodeJS.ProcessEnv = { FW_TRACKING_URI: server.url }) => {
  const io = captureIo(env);
  const code = await run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

describe('fw', () => {
  describe('usage', () => {
    it('prints help and exits 0 for --help', async () => {
      const { code, stdout } = await fw(['--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: fw');
      expect(stdout).toMatch(/experiments\s/);
    });

    it('documents the --sort direction in runs list --help', async () => {
      const { code, stdout } = await fw(['runs', 'list', '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('sort by KEY, highest first (+KEY or "KEY asc"');
    });

    it.each([
      [['bogus']],
      [['runs', 'list', '--limit', '0']],
      [['runs', 'list', '--sort', 'accuracy']],
      [['runs', 'list', '--columns', 'nope']],
      [['experiments', 'list', '--all', '--deleted']],
      [['runs', 'compare', 'abcd']],
      [['gc', '--older-than', '30']],
      [['server', '--port', 'x']],
      [['runs']],
    ])('exits 2 with an error line for %j', async (argv) => {
      const { code, stderr } = await fw(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(/error|Usage/);
      expect(server.received).toHaveLength(0);
    });

    it('accepts a descending sort key that starts with a dash', async () => {
      server.route('POST', `${API}/experiments/search`, () => ({ body: { experiments: [{ experiment_id: '1', name: 'm' }] } }));
      server.route('POST', `${API}/runs/search`, () => ({ body: { runs: [] } }));
      const { code } = await fw(['runs', 'list', '--sort', '-metrics.val_acc', '--limit', '3']);
      expect(code).toBe(0);
      expect(server.accepted[1]!.json).toEqual({ experiment_ids: ['1'], run_view_type: 'ACTIVE_ONLY', max_results: 3, order_by: ['metrics.val_acc DESC'] });
    });
  });

  describe('when the server is unreachable', () => {
    it("prints one error line naming the URL and exits 1, with no stack trace", async () => {
      const url = server.url;
      await server.close();
      server = await startRecordingServer();
      const { code, stdout, stderr } = await fw(['experiments', 'list'], { FW_TRACKING_URI: url });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(`error: cannot reach the Flywheel server at ${url} (is 'fw server' running?)\n`);
    });
  });

  describe('when the server refuses the request', () => {
    it("shows the server's message for a bad filter", async () => {
      server.route('POST', `${API}/experiments/search`, () => ({ body: { experiments: [{ experiment_id: '1', name: 'm' }] } }));
      server.route('POST', `${API}/runs/search`, () => ({
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: "bad filter 'metrics.acc >>': expected a value at 13" },
      }));
      const { code, stderr } = await fw(['runs', 'list', '--filter', 'metrics.acc >>']);
      expect(code).toBe(1);
      expect(stderr).toBe("error: bad filter 'metrics.acc >>': expected a value at 13\n");
    });

    it('names the experiment it could not find', async () => {
      const notFound = () => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'nope' } });
      server.route('GET', `${API}/experiments/get`, notFound);
      server.route('GET', `${API}/experiments/get-by-name`, notFound);
      const { code, stderr } = await fw(['experiments', 'delete', '42']);
      expect(code).toBe(1);
      expect(stderr).toBe("error: no experiment with the name or id '42'\n");
    });

    it('deletes the runs it can, reports the others, and exits 1', async () => {
      server.route('POST', `${API}/runs/delete`, (req) =>
        (req.json as { run_id: string }).run_id.startsWith('a')
          ? { body: {} }
          : { status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'run bbbb… not found' } },
      );
      const { code, stdout, stderr } = await fw(['runs', 'delete', 'a'.repeat(32), 'b'.repeat(32), 'not-an-id']);
      expect(code).toBe(1);
      expect(stdout).toBe(`deleted run ${'a'.repeat(32)}\n`);
      expect(stderr).toContain('error: run bbbb… not found\n');
      expect(stderr).toContain("error: 'not-an-id' is not a run id");
    });
  });

  describe('run id prefixes', () => {
    beforeEach(() => {
      server.route('POST', `${API}/experiments/search`, () => ({ body: { experiments: [{ experiment_id: '1', name: 'm' }] } }));
      server.route('POST', `${API}/runs/search`, () => ({
        body: { runs: ['abcd1111', 'abcd2222', 'ef001111'].map((p) => ({ info: { run_id: p.repeat(4), experiment_id: '1' } })) },
      }));
    });

    it('refuses an ambiguous prefix', async () => {
      const { code, stderr } = await fw(['runs', 'show', 'abcd']);
      expect(code).toBe(1);
      expect(stderr).toContain("'abcd' matches several runs");
    });

    it('resolves a unique prefix to the full id', async () => {
      server.route('POST', `${API}/runs/delete`, () => ({ body: {} }));
      const { code, stdout } = await fw(['runs', 'delete', 'ef00']);
      expect(code).toBe(0);
      expect(stdout).toBe(`deleted run ${'ef001111'.repeat(4)}\n`);
    });
  });

  describe('gc', () => {
    it('sends --older-than in milliseconds and prints the purged ids as JSON', async () => {
      server.route('POST', '/api/v1/gc', () => ({ body: { purged_run_ids: ['r1', 'r2'] } }));
      const { code, stdout } = await fw(['gc', '--older-than', '30d', '--json']);
      expect(code).toBe(0);
      expect(server.accepted[0]!.json).toEqual({ older_than_ms: 30 * 86_400_000 });
      expect(JSON.parse(stdout)).toEqual({ purgedRunIds: ['r1', 'r2'] });
    });
  });
});
