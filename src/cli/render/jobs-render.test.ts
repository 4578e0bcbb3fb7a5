import { describe, expect, it } from 'vitest';
import { jobExitCode } from '../commands/jobs-submit.js';
import { NOW } from '../test-support/fixtures.js';
import { makeJob } from '../test-support/job-fixtures.js';
import { renderComputeStatus } from './compute-status.js';
import { renderJobDetails } from './job-details.js';
import { formatMemoryMb, formatResources, jobResult, shellJoin } from './job-format.js';
import { renderEventsTable, renderJobsTable } from './jobs-table.js';

describe('job rendering', () => {
  it('writes memory in the units --memory takes', () => {
    expect([512, 1024, 1536, 4096, 2 * 1024 * 1024].map(formatMemoryMb)).toEqual(['512M', '1G', '1.5G', '4G', '2T']);
  });

  it('writes one worker\'s resources, with the worker count for a distributed job', () => {
    expect(formatResources({ cpus: 2, memoryMb: 4096, gpus: 0, nodes: 1 })).toBe('2cpu 4G');
    expect(formatResources({ cpus: 8, memoryMb: 32768, gpus: 4, nodes: 2 })).toBe('2×(8cpu 32G 4gpu)');
    expect(formatResources({ cpus: 1, memoryMb: 0, gpus: 1, nodes: 1 })).toBe('1cpu 1gpu');
  });

  it('sums up how a job ended, or why it waits', () => {
    expect(jobResult({ exitCode: 0, reason: null })).toBe('exit 0');
    expect(jobResult({ exitCode: 137, reason: 'out of memory' })).toBe('exit 137: out of memory');
    expect(jobResult({ exitCode: null, reason: 'waiting for 2 GPUs' })).toBe('waiting for 2 GPUs');
    expect(jobResult({ exitCode: null, reason: null })).toBe('-');
  });

  it('quotes the arguments a shell would split', () => {
    expect(shellJoin(['sh', '-c', "echo 'hi' there", '--lr=0.1', 'a/b.py'])).toBe(`sh -c 'echo '\\''hi'\\'' there' --lr=0.1 a/b.py`);
  });

  it("exits with the job's exit code, or 1 when it ended without one", () => {
    expect(jobExitCode(makeJob())).toBe(0);
    expect(jobExitCode(makeJob({ state: 'failed', exitCode: 3 }))).toBe(3);
    expect(jobExitCode(makeJob({ state: 'cancelled', exitCode: null }))).toBe(1);
    expect(jobExitCode(makeJob({ state: 'timed_out', exitCode: 0 }))).toBe(1);
    expect(jobExitCode(makeJob({ state: 'lost', exitCode: -1 }))).toBe(1);
  });

  it('lists jobs in a table', () => {
    const jobs = [
      makeJob({ jobId: 'j000000000002', name: 'sweep-1', state: 'running', exitCode: null, endTime: null, startTime: NOW - 65_000, attempt: 2, maxRetries: 2 }),
      makeJob({ jobId: 'j000000000001', state: 'queued', executor: 'slurm', partition: 'gpu', startTime: null, endTime: null, exitCode: null, reason: 'waiting for a node', resources: { cpus: 8, memoryMb: 32768, gpus: 4, nodes: 2 } }),
      makeJob(),
    ];
    expect(renderJobsTable(jobs, NOW)).toBe(
      [
        'id             name     state      executor   resources          attempt  age     duration  result',
        'j000000000002  sweep-1  running    local      2cpu 4G                2/3  1h ago     1m05s  -',
        'j000000000001  train    queued     slurm:gpu  2×(8cpu 32G 4gpu)      1/1  1h ago         -  waiting for a node',
        'j0123456789ab  train    succeeded  local      2cpu 4G                1/1  1h ago     1m00s  exit 0',
        '',
      ].join('\n'),
    );
    expect(renderJobsTable([], NOW)).toBe('no jobs\n');
  });

  it('shows a job with its labels, environment and events', () => {
    const job = makeJob({ labels: { team: 'vision' }, env: { SEED: '1' }, usage: { cpuUserSeconds: 12, cpuSystemSeconds: 1.5, maxRssMb: 800, wallSeconds: 60 } });
    const events = [
      { jobId: job.jobId, time: NOW - 3_600_000, state: 'queued' as const, attempt: 1, reason: null, exitCode: null },
      { jobId: job.jobId, time: NOW - 3_530_000, state: 'succeeded' as const, attempt: 1, reason: null, exitCode: 0 },
    ];
    const text = renderJobDetails(job, events, NOW);
    expect(text).toContain('job        j0123456789ab\n');
    expect(text).toContain('state      succeeded (attempt 1/1)\n');
    expect(text).toContain('command    python train.py --lr 0.01\n');
    expect(text).toContain('resources  2 CPUs, 4G memory, 0 GPUs\n');
    expect(text).toContain('usage      cpu 12s user, 1.5s system, peak memory 800M, wall 1m00s\n');
    expect(text).toContain('labels\n  team  vision\n\nenv\n  SEED  1\n');
    expect(text).toContain(
      ['events', '  time                      state      attempt  exit  reason', '  2023-12-31T23:00:00.000Z  queued           1     -  -', '  2023-12-31T23:01:10.000Z  succeeded        1     0  -'].join('\n'),
    );
    expect(renderEventsTable([])).toBe('no events\n');
  });

  it('shows hosts, GPUs and partitions of the compute status', () => {
    const text = renderComputeStatus({
      hosts: [
        {
          name: 'box',
          executor: 'local',
          cpus: 16,
          memoryMb: 65536,
          gpus: [
            { index: 0, name: 'A100', memoryMb: 40960, uuid: null },
            { index: 1, name: 'A100', memoryMb: 40960, uuid: null },
          ],
          used: { cpus: 4, memoryMb: 8192, gpuIndices: [1] },
          runningJobs: 2,
        },
      ],
      partitions: [{ name: 'gpu', isDefault: true, state: 'up', nodes: 4, cpus: 64, memoryMb: 512000, gpus: 8, maxTimeMinutes: 1440 }],
      queued: 3,
      running: 2,
    });
    expect(text).toBe(
      [
        'jobs: 3 queued, 2 running',
        '',
        'hosts',
        '  name  executor  cpus  memory  gpus  jobs',
        '  box   local     4/16  8G/64G   1/2     2',
        '',
        'gpus',
        '  host  index  name  memory  state',
        '  box       0  A100  40G     free',
        '  box       1  A100  40G     in use',
        '',
        'slurm partitions',
        '  name  state  nodes  cpus/node  memory/node  gpus/node  time limit',
        '  gpu*  up         4         64         500G          8       1d00h',
        '  (* the default partition)',
        '',
      ].join('\n'),
    );
  });
});
