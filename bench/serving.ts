/**
 * The serving benchmark (`npm run bench:serving`): the inference server (OIP infer, one row
 * per request) in a child process, loaded by autocannon from this one at 1, 8 and 64
 * connections, with and without dynamic batching, for three ONNX MLPs (bench/support/
 * serving-models.ts: 4→16→3, 256→1024→1024→10, and a compute-bound 1024→4096→4096→10); and,
 * for the limit, onnxruntime-node run in this process at its
 * best batch size. Prints the figures with the issue's targets and writes
 * bench/results/serving-<date>.json.
 *
 *   --quick        2 s per load run instead of 8 (checks the script; figures not comparable)
 *   --only=small|mid|large
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/serving/runtime/index.js';
import type { MlpLayer } from '../src/serving/onnx/index.js';
import { mlpInputWidth, mlpOnnxFiles, randomInputs } from '../src/serving/test-support/test-models.js';
import { SERVING_BENCH_KINDS, SERVING_BENCH_MODELS, type ServingBenchKind } from './support/serving-models.js';
import { postLoad, type LoadResult } from './support/load.js';
import { machine } from './support/machine.js';
import type { ServerChild } from './support/server-child.js';
import { round } from './support/stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const unknown = args.filter((a) => a !== '--quick' && !a.startsWith('--only='));
if (unknown.length > 0 || (only !== undefined && !(SERVING_BENCH_KINDS as string[]).includes(only))) {
  console.error(`usage: node dist/bench/serving.js [--quick] [--only=${SERVING_BENCH_KINDS.join('|')}]`);
  process.exit(2);
}
const seconds = quick ? 2 : 8;
const CONNECTIONS = [1, 8, 64] as const;
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const SERVER_SCRIPT = fileURLToPath(new URL('./serving-process.js', import.meta.url));

type Kind = ServingBenchKind;
const MODELS = Object.fromEntries(SERVING_BENCH_KINDS.map((k) => [k, { label: SERVING_BENCH_MODELS[k].label, layers: SERVING_BENCH_MODELS[k].layers() }])) as Record<
  Kind,
  { label: string; layers: MlpLayer[] }
>;

interface RawLimit {
  bestBatch: number;
  rowsPerSecond: number;
  byBatch: Record<number, number>;
}

/** Rows per second of onnxruntime-node alone, in this process, for a range of batch sizes. */
async function rawLimit(kind: Kind): Promise<RawLimit> {
  const { layers } = MODELS[kind];
  const model = await loadModel(mlpOnnxFiles(layers), { format: 'onnx' });
  const width = mlpInputWidth(layers);
  const byBatch: Record<number, number> = {};
  try {
    for (const batch of [1, 8, 32, 64, 128, 256]) {
      const input = { name: 'input', datatype: 'FP32' as const, shape: [batch, width], data: randomInputs(batch, width) };
      for (let i = 0; i < 20; i++) await model.run([input]);
      const until = performance.now() + (quick ? 500 : 2000);
      let rows = 0;
      const start = performance.now();
      while (performance.now() < until) {
        await model.run([input]);
        rows += batch;
      }
      byBatch[batch] = Math.round(rows / ((performance.now() - start) / 1000));
    }
  } finally {
    await model.close();
  }
  const [bestBatch, rowsPerSecond] = Object.entries(byBatch).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { bestBatch: Number(bestBatch), rowsPerSecond, byBatch };
}

async function startChild(kind: Kind, batching: boolean): Promise<ServerChild> {
  const child = fork(SERVER_SCRIPT, [kind, batching ? 'batching' : 'no-batching'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: { type?: string; url?: string }) => {
      if (m.type === 'ready' && m.url) resolve(m.url);
    });
    child.once('exit', (code) => reject(new Error(`serving process exited with code ${code} before it was ready`)));
  });
  let lastAsk = 0;
  return {
    name: `serving-${kind}`,
    url,
    pid: child.pid!,
    cpuMicros: () =>
      new Promise((resolve) => {
        const id = ++lastAsk;
        const onMessage = (m: { type?: string; id?: number; usage?: NodeJS.CpuUsage }): void => {
          if (m.type === 'cpu' && m.id === id && m.usage) {
            child.off('message', onMessage);
            resolve(m.usage.user + m.usage.system);
          }
        };
        child.on('message', onMessage);
        child.send({ type: 'cpu', id });
      }),
    async close() {
      child.send('close');
      await exited;
    },
  };
}

/** One OIP body per connection, each a different row. */
function bodies(kind: Kind): string[] {
  const width = mlpInputWidth(MODELS[kind].layers);
  return Array.from({ length: 64 }, (_, i) =>
    JSON.stringify({ inputs: [{ name: 'input', shape: [1, width], datatype: 'FP32', data: Array.from(randomInputs(1, width, i + 1), (v) => round(v)) }] }),
  );
}

interface Run {
  batching: boolean;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  serverCores: number;
  clientCores: number;
  /** Cores other processes on the (shared) machine took meanwhile. */
  otherCores: number;
  /** Requests per second over the seconds when other processes took under 0.2 cores, when there were 3 or more. */
  quietRequestsPerSecond?: number;
}

async function measure(kind: Kind): Promise<{ raw: RawLimit; runs: Run[] }> {
  const raw = await rawLimit(kind);
  const runs: Run[] = [];
  for (const batching of [true, false]) {
    const server = await startChild(kind, batching);
    try {
      // Warm up: the first runs of a session allocate.
      await postLoad({ server, path: '/v2/models/bench/infer', bodies: bodies(kind), connections: 8, seconds: 1 });
      for (const connections of CONNECTIONS) {
        const r: LoadResult = await postLoad({ server, path: '/v2/models/bench/infer', bodies: bodies(kind), connections, seconds });
        runs.push({
          batching,
          connections,
          requestsPerSecond: Math.round(r.okPerSecond),
          p50Ms: r.latencyMs.p50,
          p99Ms: r.latencyMs.p99,
          non2xx: r.non2xx,
          errors: r.errors,
          serverCores: r.serverCores,
          clientCores: r.clientCores,
          otherCores: r.otherCores,
          ...(r.quiet ? { quietRequestsPerSecond: Math.round(r.quiet.okPerSecond) } : {}),
        });
      }
    } finally {
      await server.close();
    }
  }
  return { raw, runs };
}

const figures: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), seconds, quick };
for (const kind of SERVING_BENCH_KINDS) {
  if (only && only !== kind) continue;
  const { raw, runs } = await measure(kind);
  figures[kind] = { raw, runs };
  const at = (batching: boolean, c: number) => runs.find((r) => r.batching === batching && r.connections === c)!;
  console.log(`${MODELS[kind].label}:`);
  console.log(`  onnxruntime-node in process: ${raw.rowsPerSecond} rows/s at batch ${raw.bestBatch} (${Object.entries(raw.byBatch).map(([b, v]) => `${b}: ${v}`).join(', ')})`);
  for (const r of runs) {
    console.log(
      `  ${r.batching ? 'batching   ' : 'no batching'} ${String(r.connections).padStart(2)} clients: ${r.requestsPerSecond} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms` +
        `${r.non2xx + r.errors > 0 ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''} (server ${r.serverCores} cores, client ${r.clientCores}, others ${r.otherCores}` +
        `${r.quietRequestsPerSecond !== undefined ? `; quiet seconds ${r.quietRequestsPerSecond} req/s` : ''})`,
    );
  }
  const ofRaw = at(true, 64).requestsPerSecond / raw.rowsPerSecond;
  const speedup = at(true, 64).requestsPerSecond / at(false, 64).requestsPerSecond;
  console.log(`  batching at 64 clients: ${round(ofRaw * 100)}% of the raw limit (target >= 80%), ${round(speedup)}x no batching (target >= 3x)`);
  if (kind === 'small') console.log(`  p99 at 8 clients with batching: ${at(true, 8).p99Ms} ms (target < 10 ms)`);
  figures[`${kind}Summary`] = { percentOfRaw: round(ofRaw * 100), speedupOverNoBatching: round(speedup), p99At8Ms: at(true, 8).p99Ms };
}

mkdirSync(resultsDir, { recursive: true });
const file = `${resultsDir}serving${only ? `-${only}` : ''}${quick ? '-quick' : ''}-${new Date().toISOString().slice(0, 10)}.json`;
writeFileSync(file, JSON.stringify(figures, null, 2));
console.log(`figures written to ${file}`);
