import { createExperiment, createRun } from '../support/http.js';
import { postLoad, type LoadResult } from '../support/load.js';
import { phase } from '../support/phases.js';
import type { ServerChild } from '../support/server-child.js';

/**
 * Single runs/log-metric requests, one run per connection (many runs logging one metric at
 * a time, as unbatched MLflow clients do), at each connection count.
 */
export async function measureLogMetric(options: {
  server: ServerChild;
  connections: readonly number[];
  seconds: number;
  warmupSeconds: number;
}): Promise<LoadResult[]> {
  const { server } = options;
  const experimentId = await createExperiment(server.url, 'bench-log-metric');
  const bodies: string[] = [];
  for (let i = 0; i < Math.max(...options.connections); i++) {
    const runId = await createRun(server.url, experimentId, `log-metric-${i}`);
    bodies.push(JSON.stringify({ run_id: runId, key: 'loss', value: 0.123456789012345, timestamp: 1_700_000_000_000, step: 1 }));
  }
  const out: LoadResult[] = [];
  for (const connections of options.connections) {
    const load = { server, path: '/api/2.0/mlflow/runs/log-metric', bodies, connections };
    await postLoad({ ...load, seconds: options.warmupSeconds });
    out.push(await phase(server, `c${connections}`, () => postLoad({ ...load, seconds: options.seconds })));
  }
  return out;
}
