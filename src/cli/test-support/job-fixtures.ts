import type { Job } from '../../sdk/index.js';
import { NOW } from './fixtures.js';

/** A job created an hour before NOW that ran for a minute and succeeded, with fields overridden. */
export function makeJob(over: Partial<Job> = {}): Job {
  return {
    jobId: 'j0123456789ab',
    name: 'train',
    command: ['python', 'train.py', '--lr', '0.01'],
    cwd: '/home/ada/project',
    env: {},
    resources: { cpus: 2, memoryMb: 4096, gpus: 0, nodes: 1 },
    priority: 0,
    queue: 'default',
    executor: 'local',
    partition: null,
    timeoutSeconds: null,
    maxRetries: 0,
    attempt: 1,
    labels: {},
    state: 'succeeded',
    reason: null,
    exitCode: 0,
    runId: 'r'.repeat(32),
    experimentId: '0',
    createdTime: NOW - 3_600_000,
    startTime: NOW - 3_590_000,
    endTime: NOW - 3_530_000,
    host: 'box',
    gpuIndices: [],
    externalId: '4242',
    usage: null,
    ...over,
  };
}
