/**
 * The server under test, in its own process so that the load generator's CPU is not the
 * server's. Forked by support/server-child.ts with the data directory as its argument;
 * reports `{ url }` over IPC, answers `{type: 'cpu', id}` with its CPU time, and closes on `'close'`.
 * With `--cpu-prof` in its execArgv, Node writes the profile when it exits.
 */
import { loadServerConfig } from '../src/core/config.js';
import { startServer } from '../src/server/start.js';

const dataDir = process.argv[2];
if (!dataDir || !process.send) throw new Error('usage: fork server-process.js <dataDir> (with an IPC channel)');

const server = await startServer(loadServerConfig({ port: 0, dataDir, logLevel: 'warn' }));
process.send({ type: 'ready', url: server.url });

process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'cpu') {
    process.send?.({ type: 'cpu', id: (message as { id?: unknown }).id, usage: process.cpuUsage() });
  } else if (message === 'close') {
    void server.close().finally(() => process.exit(0));
  }
});
// The parent died without closing us: do not linger.
process.on('disconnect', () => process.exit(1));
