import { batchPoints, logBatchBody } from '../support/batches.js';
import { createExperiment, createRun, pool, postJson } from '../support/http.js';
import { round, since } from '../support/stats.js';

export interface UiData {
  /** The experiment with `runs` runs: the runs table's page. */
  experimentId: string;
  runs: number;
  createRunsSeconds: number;
  /** The run with one `points`-point metric (`loss`), in its own experiment. */
  bigRunId: string;
  bigMetricKey: string;
  points: number;
  loadPointsSeconds: number;
}

/** A deterministic value in [0, 1) per run. */
const unit = (i: number): number => ((i * 2654435761) % 2 ** 32) / 2 ** 32;
const T0 = 1_700_000_000_000;

/**
 * `runs` runs in one experiment, each created with runs/create and one log-batch (params
 * optimizer/lr/batch_size/seed, metrics acc/loss/f1 at 3 steps), with 8 requests in flight;
 * then one run in another experiment with a `points`-point metric `loss`, logged 1000 points
 * per log-batch, one request at a time and in step order as a training process logs.
 */
export async function seedUiData(options: { url: string; runs: number; points: number; log: (s: string) => void }): Promise<UiData> {
  const { url, runs, points, log } = options;
  const experimentId = await createExperiment(url, 'bench-ui-runs');
  const createStart = performance.now();
  let done = 0;
  await pool(runs, 8, async (i) => {
    const runId = await createRun(url, experimentId, `run-${String(i).padStart(5, '0')}`);
    const acc = unit(i);
    const metrics = [0, 1, 2].flatMap((step) => [
      { key: 'acc', value: (acc * (step + 1)) / 3, timestamp: T0 + step, step },
      { key: 'loss', value: 1 - (acc * (step + 1)) / 3, timestamp: T0 + step, step },
      { key: 'f1', value: (acc * (step + 2)) / 4, timestamp: T0 + step, step },
    ]);
    await postJson(url, '/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'optimizer', value: i % 2 === 0 ? 'adam' : 'sgd' },
        { key: 'lr', value: String(10 ** -(1 + (i % 4))) },
        { key: 'batch_size', value: String(32 << (i % 3)) },
        { key: 'seed', value: String(i) },
      ],
      metrics,
    });
    if (++done % 2000 === 0) log(`   ${done.toLocaleString()} runs`);
  });
  const createRunsSeconds = since(createStart) / 1000;

  const bigExperimentId = await createExperiment(url, 'bench-ui-big-metric');
  const bigRunId = await createRun(url, bigExperimentId, 'big-metric');
  const loadStart = performance.now();
  for (let batch = 0; batch < points / 1000; batch++) {
    await postJson(url, '/api/2.0/mlflow/runs/log-batch', logBatchBody(bigRunId, batchPoints({ keys: ['loss'], steps: 1000, batch })));
  }
  const loadPointsSeconds = since(loadStart) / 1000;
  await postJson(url, '/api/2.0/mlflow/runs/update', { run_id: bigRunId, status: 'FINISHED', end_time: Date.now() });
  return {
    experimentId,
    runs,
    createRunsSeconds: round(createRunsSeconds),
    bigRunId,
    bigMetricKey: 'loss',
    points,
    loadPointsSeconds: round(loadPointsSeconds),
  };
}
