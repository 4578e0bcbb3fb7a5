import { createExperiment, createRun, pool, postJson, timedRequest } from '../support/http.js';
import { phase } from '../support/phases.js';
import type { ServerChild } from '../support/server-child.js';
import { median, percentile, round, since } from '../support/stats.js';

export interface SearchCase {
  maxResults: number;
  /** Runs in the first page (checked against the expected matches). */
  returned: number;
  coldMs: number;
  medianMs: number;
  p95Ms: number;
  samples: number;
}

export interface SearchResult {
  runs: number;
  createSeconds: number;
  filter: string;
  orderBy: string;
  matching: number;
  cases: SearchCase[];
}

export const SEARCH_FILTER = "metrics.acc > 0.5 and params.optimizer = 'adam'";
export const SEARCH_ORDER = 'metrics.acc DESC';

/** A deterministic value in [0, 1) per run, so the expected number of matches is known. */
const unit = (i: number): number => ((i * 2654435761) % 2 ** 32) / 2 ** 32;

/**
 * runs/search over `runs` runs in one experiment, each with params optimizer/lr/batch_size and
 * metrics acc/loss (3 steps each) logged in one log-batch.
 */
export async function measureSearch(options: { server: ServerChild; runs: number; samples: number }): Promise<SearchResult> {
  const { server, runs, samples } = options;
  const experimentId = await createExperiment(server.url, 'bench-search');
  let matching = 0;
  const createStart = performance.now();
  await pool(runs, 8, async (i) => {
    const runId = await createRun(server.url, experimentId, `search-${i}`);
    const optimizer = i % 2 === 0 ? 'adam' : 'sgd';
    const acc = unit(i);
    if (optimizer === 'adam' && acc > 0.5) matching++;
    const metrics = [0, 1, 2].flatMap((step) => [
      { key: 'acc', value: (acc * (step + 1)) / 3, timestamp: 1_700_000_000_000 + step, step },
      { key: 'loss', value: 1 - (acc * (step + 1)) / 3, timestamp: 1_700_000_000_000 + step, step },
    ]);
    await postJson(server.url, '/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'optimizer', value: optimizer },
        { key: 'lr', value: String(10 ** -(1 + (i % 4))) },
        { key: 'batch_size', value: String(32 << (i % 3)) },
      ],
      metrics,
    });
  });
  const createSeconds = since(createStart) / 1000;

  const cases: SearchCase[] = [];
  for (const maxResults of [100, 1000]) {
    const body = JSON.stringify({ experiment_ids: [experimentId], filter: SEARCH_FILTER, max_results: maxResults, order_by: [SEARCH_ORDER] });
    const request = (): Promise<{ ms: number; body: Buffer }> =>
      timedRequest(`${server.url}/api/2.0/mlflow/runs/search`, { method: 'POST', body });
    const times: number[] = [];
    const cold = await phase(server, `max-results-${maxResults}`, async () => {
      const first = await request();
      for (let i = 0; i < samples; i++) times.push((await request()).ms);
      return first;
    });
    const page = JSON.parse(cold.body.toString('utf8')) as { runs?: { data: { metrics?: { key: string; value: number }[] } }[] };
    const returned = page.runs?.length ?? 0;
    if (returned !== Math.min(maxResults, matching)) throw new Error(`runs/search returned ${returned} runs, expected ${Math.min(maxResults, matching)}`);
    const accs = (page.runs ?? []).map((r) => r.data.metrics?.find((m) => m.key === 'acc')?.value ?? Number.NaN);
    if (accs.some((a, k) => !(a > 0.5) || (k > 0 && a > accs[k - 1]!))) throw new Error('runs/search results are not filtered and ordered by acc');
    cases.push({
      maxResults,
      returned,
      coldMs: round(cold.ms),
      medianMs: round(median(times)),
      p95Ms: round(percentile(times, 95)),
      samples,
    });
  }
  return { runs, createSeconds: round(createSeconds), filter: SEARCH_FILTER, orderBy: SEARCH_ORDER, matching, cases };
}
