/**
 * The inference server under test, in its own process (as bench/server-process.ts is for
 * the tracking server). argv: `small|mid|large` and `batching|no-batching`. Serves the model as
 * `bench@1` from memory, reports `{type: 'ready', url}` over IPC, answers `{type: 'cpu', id}`
 * with its CPU time and closes on `'close'`.
 */
import { notFound, silentLogger } from '../src/core/index.js';
import type { ModelSource } from '../src/serving/model-source.js';
import { loadModel } from '../src/serving/runtime/index.js';
import { mlpOnnxFiles } from '../src/serving/test-support/test-models.js';
import { SERVING_BENCH_KINDS, SERVING_BENCH_MODELS, type ServingBenchKind } from './support/serving-models.js';
import { loadModelInWorker, parseServeSpecs, startInferenceServer } from '../src/serving/server/index.js';

const [kind, mode] = process.argv.slice(2);
if (!SERVING_BENCH_KINDS.includes(kind as ServingBenchKind) || (mode !== 'batching' && mode !== 'no-batching') || !process.send) {
  throw new Error(`usage: fork serving-process.js ${SERVING_BENCH_KINDS.join('|')} batching|no-batching (with an IPC channel)`);
}
const files = mlpOnnxFiles(SERVING_BENCH_MODELS[kind as ServingBenchKind].layers());
const source: ModelSource = {
  resolve: async (name, ref) => {
    if (name !== 'bench') throw notFound(name);
    return { name, version: ref === 'latest' ? '1' : ref, format: 'onnx' };
  },
  files: async () => files,
};
const server = await startInferenceServer({
  source,
  // FW_BENCH_IN_PROCESS=1: the model runs on the main thread instead of a worker thread.
  load: (f, v) => (process.env.FW_BENCH_IN_PROCESS === '1' ? loadModel(f, { format: v.format }) : loadModelInWorker(f, v.format)),
  specs: parseServeSpecs(['bench@1']),
  port: 0,
  pollMs: 0,
  // FW_BENCH_QUEUE_DELAY_MS, FW_BENCH_CONCURRENT_RUNS and FW_BENCH_MAX_BATCH try other settings than the defaults.
  batching: {
    enabled: mode === 'batching',
    ...(process.env.FW_BENCH_QUEUE_DELAY_MS ? { maxQueueDelayMs: Number(process.env.FW_BENCH_QUEUE_DELAY_MS) } : {}),
    ...(process.env.FW_BENCH_CONCURRENT_RUNS ? { maxConcurrentRuns: Number(process.env.FW_BENCH_CONCURRENT_RUNS) } : {}),
    ...(process.env.FW_BENCH_MAX_BATCH ? { maxBatchSize: Number(process.env.FW_BENCH_MAX_BATCH) } : {}),
  },
  // Access logs off, as the tracking benchmark runs without request logs: the figures are the server's.
  accessLog: false,
  logger: silentLogger,
});
process.send({ type: 'ready', url: server.url });

process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'cpu') {
    process.send?.({ type: 'cpu', id: (message as { id?: unknown }).id, usage: process.cpuUsage() });
  } else if (message === 'close') {
    void server.close().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(1));
