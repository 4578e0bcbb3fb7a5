import { batchPoints, keyNames, logBatchBody } from '../support/batches.js';
import { createExperiment, createRun } from '../support/http.js';
import { postLoad, type LoadResult } from '../support/load.js';
import { phase } from '../support/phases.js';
import type { ServerChild } from '../support/server-child.js';

export interface IngestResult extends LoadResult {
  pointsPerSecond: number;
  /** The same over the quiet seconds only (see LoadResult.quiet). */
  quietPointsPerSecond?: number;
}

const POINTS_PER_REQUEST = 1000;

/**
 * runs/log-batch with 1000 metrics (10 keys × 100 steps) per request. Each connection logs
 * to its own run, as separate training processes would, and resends one prebuilt body.
 */
export async function measureIngest(options: {
  server: ServerChild;
  connections: readonly number[];
  seconds: number;
  warmupSeconds: number;
}): Promise<IngestResult[]> {
  const { server } = options;
  const experimentId = await createExperiment(server.url, 'bench-ingest');
  const maxConnections = Math.max(...options.connections);
  const bodies: string[] = [];
  for (let i = 0; i < maxConnections; i++) {
    const runId = await createRun(server.url, experimentId, `ingest-${i}`);
    bodies.push(logBatchBody(runId, batchPoints({ keys: keyNames(10), steps: 100, batch: 0 })));
  }
  const out: IngestResult[] = [];
  for (const connections of options.connections) {
    const load = { server, path: '/api/2.0/mlflow/runs/log-batch', bodies, connections };
    await postLoad({ ...load, seconds: options.warmupSeconds });
    const r = await phase(server, `c${connections}`, () => postLoad({ ...load, seconds: options.seconds }));
    out.push({
      ...r,
      pointsPerSecond: Math.round(r.okPerSecond * POINTS_PER_REQUEST),
      ...(r.quiet ? { quietPointsPerSecond: Math.round(r.quiet.okPerSecond * POINTS_PER_REQUEST) } : {}),
    });
  }
  return out;
}

export const requestBytes = (): number =>
  Buffer.byteLength(logBatchBody('0'.repeat(32), batchPoints({ keys: keyNames(10), steps: 100, batch: 0 })));
