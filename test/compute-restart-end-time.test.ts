import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { JobsHttp } from './support/jobs-http.js';
import { slurmSkipReason } from './support/slurm.js';

/*
 * Regression: after a restart, a job that had ended while the server was down got the
 * restart's time as its end time and a wall time counted from the restart. It now keeps
 * the end its executor recorded: the exit file's time (local), SLURM's EndTime.
 *
 * Jobs wait for a file the test writes, so they end exactly when the test lets them;
 * the test then waits for the exit to be recorded (the exit file, SLURM's job state),
 * never for a length of time.
 */

const SKIP_SLURM = slurmSkipReason();
const WAIT_MS = 45_000;
/** Runs until the file named by $GO exists, then exits with $CODE. */
const WAIT_FOR_GO = ['sh', '-c', 'while [ ! -e "$GO" ]; do sleep 0.02; done; exit "$CODE"'];

let dir: string;
let servers: RunningServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-restart-times-'));
});

afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
  await rm(dir, { recursive: true, force: true });
});

async function start(slurm: 'auto' | 'off'): Promise<{ server: RunningServer; api: JobsHttp }> {
  const config = loadServerConfig({ port: 0, dataDir: join(dir, 'data'), computeCpus: 2, computeMemory: '2G', jobKillGraceSeconds: 1, slurm }, {});
  const server = await startServer(config, { logger: silentLogger });
  servers.push(server);
  return { server, api: new JobsHttp(server.url) };
}

async function stop(server: RunningServer): Promise<void> {
  await server.close();
  servers = servers.filter((s) => s !== server);
}

const mtime = async (path: string): Promise<number> => Math.round((await stat(path)).mtimeMs);

describe('a job that ends while the server is down', () => {
  it('keeps its exit file time as end time, and its wall time from its own start, on the local executor', async () => {
    const first = await start('off');
    const goEarly = join(dir, 'go-early');
    const goLate = join(dir, 'go-late');
    const early = await first.api.submit({ command: WAIT_FOR_GO, env: { GO: goEarly, CODE: '3' } });
    const late = await first.api.submit({ command: WAIT_FOR_GO, env: { GO: goLate, CODE: '0' } });
    await first.api.waitFor(early.job_id, ['running']);
    await first.api.waitFor(late.job_id, ['running']);
    await stop(first.server);

    // `early` ends with no server running; its exit file records when.
    const attempt = (id: string) => join(dir, 'data', 'jobs', id, 'attempt-1');
    await writeFile(goEarly, '');
    await vi.waitFor(() => expect(existsSync(join(attempt(early.job_id), 'rank-0.exit'))).toBe(true), { timeout: 10_000, interval: 20 });
    const earlyEnd = await mtime(join(attempt(early.job_id), 'rank-0.exit'));
    const earlyStart = await mtime(join(attempt(early.job_id), 'rank-0.pid'));

    const restartedAt = Date.now();
    const second = await start('off');
    const ended = await second.api.waitFor(early.job_id);
    expect(ended).toMatchObject({ state: 'failed', exit_code: 3, end_time: earlyEnd });
    expect(ended.end_time).toBeLessThan(restartedAt);
    expect(ended.usage.wall_seconds).toBeCloseTo((earlyEnd - earlyStart) / 1000, 2);
    const run = (await second.api.get(`/api/2.0/mlflow/runs/get?run_id=${early.run_id}`)).body.run;
    expect(run.info).toMatchObject({ status: 'FAILED', end_time: earlyEnd });

    // `late` ran across the restart and ends under the second server: its wall time
    // counts from its start before the restart, not from the restart.
    await writeFile(goLate, '');
    const lateDone = await second.api.waitFor(late.job_id);
    const lateEnd = await mtime(join(attempt(late.job_id), 'rank-0.exit'));
    const lateStart = await mtime(join(attempt(late.job_id), 'rank-0.pid'));
    expect(lateDone).toMatchObject({ state: 'succeeded', end_time: lateEnd });
    expect(lateStart).toBeLessThan(restartedAt);
    expect(lateDone.usage.wall_seconds).toBeCloseTo((lateEnd - lateStart) / 1000, 2);
  });

  describe.skipIf(SKIP_SLURM)(`on SLURM${SKIP_SLURM ? ` (skipped: ${SKIP_SLURM})` : ''}`, { timeout: 120_000 }, () => {
    it("keeps SLURM's EndTime as end time and its run time as wall time", async () => {
      const first = await start('auto');
      const go = join(dir, 'go');
      const job = await first.api.submit({ executor: 'slurm', command: WAIT_FOR_GO, env: { GO: go, CODE: '0' } });
      const running = await first.api.waitFor(job.job_id, ['running'], WAIT_MS);
      await stop(first.server);

      await writeFile(go, '');
      // Wait for SLURM to record the end, then read it as the executor does (UTC, standard format).
      const scontrol = () =>
        execFileSync('scontrol', ['show', 'job', '-o', running.external_id], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', SLURM_TIME_FORMAT: 'standard' } });
      await vi.waitFor(() => expect(scontrol()).toMatch(/JobState=COMPLETED/), { timeout: WAIT_MS, interval: 100 });
      const fields = scontrol();
      const endTime = Date.parse(`${/EndTime=(\S+)/.exec(fields)![1]}Z`);
      const [h, m, s] = /RunTime=(\d+):(\d+):(\d+)/.exec(fields)!.slice(1).map(Number) as [number, number, number];

      const restartedAt = Date.now();
      const second = await start('auto');
      const ended = await second.api.waitFor(job.job_id, undefined, WAIT_MS);
      expect(ended).toMatchObject({ state: 'succeeded', end_time: endTime });
      expect(ended.end_time).toBeLessThanOrEqual(restartedAt);
      expect(ended.usage.wall_seconds).toBe(h * 3600 + m * 60 + s);
    });
  });
});
