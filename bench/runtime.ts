/**
 * The model runtime benchmark (`npm run bench:runtime`): load time and in-process `run`
 * latency (p50/p99, one request at a time) of the Iris-sized MLP (4→16→3) and the mid-size
 * MLP (256→1024→1024→10) as ONNX (onnxruntime-node, CPU) and as a TF.js layers model (WASM),
 * at batch sizes 1 and 64. No HTTP: this is the floor under the serving benchmark.
 *
 *   --quick   50 runs per case instead of 500 (checks the script; figures noisy)
 */
import { loadModel, type LoadedModel, type ModelFiles } from '../src/serving/runtime/index.js';
import { irisLikeMlp, midSizeMlp, mlpInputWidth, mlpOnnxFiles, mlpTfjsLayersFiles, randomInputs } from '../src/serving/test-support/test-models.js';
import { machine } from './support/machine.js';
import { percentile, round, since } from './support/stats.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 50 : 500;
const WARMUP = 20;

interface Row {
  model: string;
  format: string;
  loadMs: number;
  batch: number;
  p50Ms: number;
  p99Ms: number;
}

async function measure(name: string, files: ModelFiles, width: number): Promise<Row[]> {
  const start = performance.now();
  const model: LoadedModel = await loadModel(files);
  const loadMs = since(start);
  const rows: Row[] = [];
  try {
    for (const batch of [1, 64]) {
      const input = { name: model.signature.inputs[0]!.name, datatype: 'FP32' as const, shape: [batch, width], data: randomInputs(batch, width) };
      for (let i = 0; i < WARMUP; i++) await model.run([input]);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await model.run([input]);
        times.push(since(t));
      }
      rows.push({ model: name, format: model.format, loadMs: round(loadMs), batch, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) });
    }
  } finally {
    await model.close();
  }
  return rows;
}

const rows: Row[] = [];
for (const [name, layers] of [['iris 4-16-3', irisLikeMlp()], ['mid 256-1024-1024-10', midSizeMlp()]] as const) {
  const width = mlpInputWidth(layers);
  rows.push(...(await measure(name, mlpOnnxFiles(layers), width)));
  rows.push(...(await measure(name, await mlpTfjsLayersFiles(layers), width)));
}
console.table(rows);
console.log(JSON.stringify({ machine: machine(), runs: RUNS, rows }));
