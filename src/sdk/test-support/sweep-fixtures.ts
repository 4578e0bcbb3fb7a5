/** Sweeps and trials in the JSON of docs/sweeps-api.md, for tests that answer as the sweeps API does. */
export const SWEEP_ID = 's3f9c0a1b2c4';

/** The example trial of docs/sweeps-api.md, with fields overridden. */
export const wireTrial = (over: Record<string, unknown> = {}) => ({
  sweep_id: SWEEP_ID,
  number: 7,
  state: 'running',
  params: { lr: 0.0031, hidden: 64 },
  value: 0.93,
  last_t: 6,
  reports: 6,
  job_id: 'j0a1b2c3d4e5',
  run_id: '0a1b',
  attempt: 1,
  reason: null,
  created_time: 1764226000000,
  end_time: null,
  ...over,
});

/** The example sweep of docs/sweeps-api.md, with fields overridden. */
export const wireSweep = (over: Record<string, unknown> = {}) => ({
  sweep_id: SWEEP_ID,
  name: 'iris-mlp',
  state: 'running',
  reason: null,
  method: 'tpe',
  metric: { name: 'val_acc', goal: 'maximize', target: null },
  max_trials: 60,
  grid_size: null,
  parallel: 4,
  driven_by: 'server',
  command: ['node', 'train.js', '--lr', '${lr}'],
  early_stop: { type: 'asha', time_metric: 'epoch', min_t: 2, max_t: 50, reduction_factor: 3 },
  time_budget_seconds: null,
  max_retries: 1,
  parameters: [
    { name: 'lr', kind: 'log_uniform', min: 0.0001, max: 0.1 },
    { name: 'hidden', kind: 'categorical', values: [16, 32, 64, 128] },
    { name: 'opt.momentum', kind: 'uniform', min: 0, max: 1, condition: { parameter: 'opt', values: ['sgd'] } },
  ],
  experiment_id: '3',
  config: 'name: iris-mlp\n',
  created_time: 1764226000000,
  end_time: null,
  counts: { total: 14, running: 4, completed: 7, stopped: 2, failed: 1, cancelled: 0 },
  best_trial: wireTrial({ state: 'completed', end_time: 1764226060000 }),
  ...over,
});
