import type { JobWire } from '../../contracts/jobs.js';

/** Jobs in the JSON of docs/jobs-api.md, for tests that answer as the jobs API does. */
export const JOB_ID = 'j3f9c0a1b2c4';

/** The example job of docs/jobs-api.md, with fields overridden. */
export const wireJob = (over: Partial<JobWire> = {}): JobWire => ({
  job_id: JOB_ID,
  name: 'train-a',
  command: ['node', 'train.js', '--lr', '0.01'],
  cwd: '/home/me/project',
  env: { K: 'V' },
  resources: { cpus: 2, memory_mb: 4096, gpus: 0, nodes: 1 },
  priority: 0,
  queue: 'default',
  executor: 'local',
  partition: null,
  timeout_seconds: null,
  max_retries: 0,
  attempt: 1,
  labels: { team: 'vision' },
  state: 'running',
  reason: null,
  exit_code: null,
  run_id: '0a1b',
  experiment_id: '0',
  created_time: 1764226000000,
  start_time: 1764226000012,
  end_time: null,
  host: 'myhost',
  gpu_indices: [[0]],
  external_id: '12345',
  queue_position: null,
  usage: { cpu_user_seconds: 1.2, cpu_system_seconds: 0.1, max_rss_mb: 80, wall_seconds: 3.4 },
  ...over,
});
