import { batchPoints, logBatchBody } from '../support/batches.js';
import { createExperiment, createRun, postJson, timedRequest } from '../support/http.js';
import { phase } from '../support/phases.js';
import type { ServerChild } from '../support/server-child.js';
import { median, percentile, round, since } from '../support/stats.js';

export interface LatencyResult {
  /** The first request after loading (nothing of the series in the server's cache). */
  coldMs: number;
  medianMs: number;
  p95Ms: number;
  samples: number;
  /** Points in the response, checked. */
  points: number;
  responseBytes: number;
}

export interface HistoryResult {
  loadSeconds: number;
  loadPointsPerSecond: number;
  full100k: LatencyResult;
  downsampled1M: LatencyResult;
  /** The same for a 1M-point series whose batches arrived out of step order. */
  downsampled1MOutOfOrder: LatencyResult;
}

/**
 * Logs `points` points of one metric through log-batch, 1000 per request, one request at a
 * time as a training process does. `outOfOrder` swaps each pair of batches (1, 0, 3, 2, ...),
 * as concurrent writers or retried requests leave a series: steps no longer grow in logging order.
 */
async function loadSeries(server: ServerChild, runId: string, points: number, outOfOrder = false): Promise<void> {
  for (let i = 0; i < points / 1000; i++) {
    const batch = outOfOrder ? i ^ 1 : i;
    await postJson(server.url, '/api/2.0/mlflow/runs/log-batch', logBatchBody(runId, batchPoints({ keys: ['loss'], steps: 1000, batch })));
  }
}

async function sequential(
  server: ServerChild,
  name: string,
  samples: number,
  request: () => Promise<{ ms: number; body: Buffer }>,
  countPoints: (body: Buffer) => number,
): Promise<LatencyResult> {
  const times: number[] = [];
  const cold = await phase(server, name, async () => {
    const first = await request();
    for (let i = 0; i < samples; i++) times.push((await request()).ms);
    return first;
  });
  return {
    coldMs: round(cold.ms),
    medianMs: round(median(times)),
    p95Ms: round(percentile(times, 95)),
    samples,
    points: countPoints(cold.body),
    responseBytes: cold.body.length,
  };
}

/**
 * metrics/get-history of a 100k-point metric in full (MLflow's endpoint, no max_results),
 * and /api/v1/metrics/history-bulk of a 1M-point metric downsampled to 1000 points, logged
 * in step order and out of it.
 */
export async function measureHistory(options: { server: ServerChild; samples: number }): Promise<HistoryResult> {
  const { server, samples } = options;
  const experimentId = await createExperiment(server.url, 'bench-history');
  const run100k = await createRun(server.url, experimentId, 'history-100k');
  const run1m = await createRun(server.url, experimentId, 'history-1m');
  const run1mOutOfOrder = await createRun(server.url, experimentId, 'history-1m-out-of-order');
  const loadStart = performance.now();
  await loadSeries(server, run100k, 100_000);
  await loadSeries(server, run1m, 1_000_000);
  await loadSeries(server, run1mOutOfOrder, 1_000_000, true);
  const loadSeconds = since(loadStart) / 1000;

  const historyUrl = `${server.url}/api/2.0/mlflow/metrics/get-history?run_id=${run100k}&metric_key=loss`;
  const full100k = await sequential(
    server,
    'get-history-100k',
    samples,
    () => timedRequest(historyUrl, { method: 'GET' }),
    (body) => (JSON.parse(body.toString('utf8')) as { metrics: unknown[] }).metrics.length,
  );
  if (full100k.points !== 100_000) throw new Error(`get-history returned ${full100k.points} points, expected 100000`);

  const downsampled = (runId: string, name: string): Promise<LatencyResult> => {
    const body = JSON.stringify({ run_ids: [runId], keys: ['loss'], max_points: 1000 });
    return sequential(
      server,
      name,
      samples,
      () => timedRequest(`${server.url}/api/v1/metrics/history-bulk`, { method: 'POST', body }),
      (response) => {
        const [series] = (JSON.parse(response.toString('utf8')) as { series: { steps: number[]; total_points: number }[] }).series;
        if (series?.total_points !== 1_000_000) throw new Error(`history-bulk saw ${series?.total_points} points, expected 1000000`);
        return series.steps.length;
      },
    );
  };
  const downsampled1M = await downsampled(run1m, 'history-bulk-1m');
  const downsampled1MOutOfOrder = await downsampled(run1mOutOfOrder, 'history-bulk-1m-out-of-order');
  return {
    loadSeconds: round(loadSeconds),
    loadPointsPerSecond: Math.round(2_100_000 / loadSeconds),
    full100k,
    downsampled1M,
    downsampled1MOutOfOrder,
  };
}
