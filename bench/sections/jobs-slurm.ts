import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { round } from '../support/stats.js';
import { waitAll } from './jobs-local.js';

const run = promisify(execFile);

/** Why SLURM cannot be measured here, or undefined when `sinfo` answers. */
export async function slurmAvailable(): Promise<string | undefined> {
  try {
    await run('sinfo', ['-h'], { timeout: 10_000 });
    return undefined;
  } catch (e) {
    return `no SLURM cluster answered sinfo (${(e as Error).message.split('\n')[0]}); start one with scripts/slurm-cluster.sh start`;
  }
}

export interface SlurmJobFigures {
  jobs: number;
  concurrency: number;
  rawSeconds: number;
  flywheelSeconds: number;
  overheadPercent: number;
}

/** Submissions in flight at once, both ways (the scheduler's own limit for SLURM). */
const CONCURRENCY = 8;

/**
 * The same N trivial jobs twice, wall time from the first submission until the last job
 * has ended: by raw `sbatch --parsable --wrap true` (ended = gone from squeue), then
 * through the jobs API with the SLURM executor (ended = a terminal state in Flywheel).
 */
export async function measureSlurmJobs(url: string, options: { jobs: number }): Promise<SlurmJobFigures> {
  const { jobs } = options;
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-sbatch-'));
  const name = `fw-bench-raw-${process.pid}`;
  try {
    const rawStart = performance.now();
    await inParallel(jobs, () => run('sbatch', ['--parsable', `--job-name=${name}`, `--output=${dir}/raw-%j.out`, '--wrap', 'true']));
    for (;;) {
      const { stdout } = await run('squeue', ['-h', '-n', name, '-o', '%i']);
      if (stdout.trim() === '') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const rawSeconds = (performance.now() - rawStart) / 1000;

    const fwStart = performance.now();
    const ids: string[] = [];
    await inParallel(jobs, async () => {
      const res = await fetch(`${url}/api/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ command: ['true'], executor: 'slurm', labels: { bench: 'slurm' } }),
      });
      if (res.status !== 200) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
      ids.push(((await res.json()) as { job: { job_id: string } }).job.job_id);
    });
    const ended = await waitAll(url, ids);
    const flywheelSeconds = (performance.now() - fwStart) / 1000;
    const failed = ended.filter((j) => j.state !== 'succeeded');
    if (failed.length > 0) throw new Error(`${failed.length} SLURM jobs did not succeed, e.g. ${JSON.stringify(failed[0])}`);
    return {
      jobs,
      concurrency: CONCURRENCY,
      rawSeconds: round(rawSeconds),
      flywheelSeconds: round(flywheelSeconds),
      overheadPercent: round((flywheelSeconds / rawSeconds - 1) * 100),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inParallel(n: number, task: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        await task();
      }
    }),
  );
}
