import type { Sweep, Trial } from '../../sdk/index.js';
import { NOW } from './fixtures.js';

/** A completed trial created an hour before NOW that ran for two minutes, with fields overridden. */
export function makeTrial(over: Partial<Trial> = {}): Trial {
  return {
    sweepId: 's0123456789ab',
    number: 1,
    state: 'completed',
    params: { lr: 0.0031, hidden: 64 },
    value: 0.93,
    lastT: 10,
    reports: 10,
    jobId: 'j0123456789ab',
    runId: 'r'.repeat(32),
    attempt: 1,
    reason: null,
    createdTime: NOW - 3_600_000,
    endTime: NOW - 3_480_000,
    ...over,
  };
}

/** A running TPE sweep on val_acc created an hour before NOW, 9 of 60 trials done, with fields overridden. */
export function makeSweep(over: Partial<Sweep> = {}): Sweep {
  return {
    sweepId: 's0123456789ab',
    name: 'iris-mlp',
    state: 'running',
    reason: null,
    method: 'tpe',
    metric: { name: 'val_acc', goal: 'maximize', target: null },
    maxTrials: 60,
    gridSize: null,
    parallel: 4,
    drivenBy: 'server',
    command: ['node', 'train.js', '--lr', '${lr}'],
    earlyStop: { type: 'asha', timeMetric: 'epoch', minT: 2, maxT: 50, reductionFactor: 3 },
    timeBudgetSeconds: null,
    maxRetries: 1,
    parameters: [
      { name: 'lr', kind: 'log_uniform', min: 0.0001, max: 0.1 },
      { name: 'hidden', kind: 'categorical', values: [16, 32, 64, 128] },
    ],
    experimentId: '3',
    config: 'name: iris-mlp\n',
    createdTime: NOW - 3_600_000,
    endTime: null,
    counts: { total: 13, running: 4, completed: 6, stopped: 2, failed: 1, cancelled: 0 },
    bestTrial: makeTrial({ number: 7 }),
    ...over,
  };
}
