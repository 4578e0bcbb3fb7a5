import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig } from '../../src/core/config.js';

/** The tracking server the demo talks to: one already running, or one it started itself. */
export interface DemoServer {
  url: string;
  /** Set when the demo started the server; its data dir (a fresh temporary folder). */
  embedded?: { dataDir: string };
  /** Stops the server if the demo started it; a no-op otherwise. */
  close(): Promise<void>;
}

/**
 * True when a Flywheel (or any MLflow-compatible) server answers at `uri`: Flywheel's
 * /health, or else MLflow's experiments search, returns a 2xx within `timeoutMs`.
 */
export async function serverAnswers(uri: string, timeoutMs = 1500): Promise<boolean> {
  for (const path of ['/health', '/api/2.0/mlflow/experiments/search?max_results=1']) {
    try {
      const res = await fetch(uri + path, { signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // Refused, reset or timed out: try the next probe, then report nobody home.
    }
  }
  return false;
}

/**
 * Uses the server at `uri` if one answers; otherwise starts an embedded one on a free port
 * with its data (SQLite + blobs) in a new temporary folder, which is kept after the demo so
 * the results can be looked at again.
 */
export async function ensureServer(uri: string, note: (message: string) => void): Promise<DemoServer> {
  if (await serverAnswers(uri)) {
    note(`Using the Flywheel server at ${uri}`);
    return { url: uri, close: async () => {} };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'flywheel-demo-'));
  // Port 0 rather than the URI's port: whatever holds that port (if anything) is not a server we can use.
  // The database is always the SQLite file in the new folder, never FW_DATABASE_URL's.
  const env = { ...process.env };
  delete env.FW_DATABASE_URL;
  const config = loadServerConfig({ port: 0, dataDir, logLevel: process.env.FW_LOG_LEVEL ?? 'warn' }, env);
  // Imported only here, so running against an existing server never loads the server code.
  const { startServer } = await import('../../src/server/start.js');
  const server = await startServer(config);
  note(`No server answered at ${uri}; started an embedded one at ${server.url} (data in ${dataDir})`);
  return { url: server.url, embedded: { dataDir }, close: () => server.close() };
}
