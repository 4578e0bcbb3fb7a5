import type { LoadedModel, Tensor, TensorSpec } from '../../serving/index.js';
import { invalidArgument } from '../../core/index.js';

/**
 * p50 and p99 of `runs` calls with `batchSize` rows of zeros, after a warm-up of a tenth as
 * many (first calls pay for allocation and, for WASM, compilation).
 */
export async function measureLatency(model: LoadedModel, batchSize: number, runs: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const inputs = model.signature.inputs.map((spec) => zeros(spec, batchSize));
  for (let i = 0; i < Math.ceil(runs / 10); i++) await model.run(inputs);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await model.run(inputs);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

function zeros(spec: TensorSpec, batch: number): Tensor {
  const shape = spec.shape.map((d, i) => (d === -1 ? (i === 0 ? batch : 1) : d));
  const n = shape.reduce((a, b) => a * b, 1);
  switch (spec.datatype) {
    case 'FP32':
    case 'FP16':
      return { name: spec.name, datatype: spec.datatype, shape, data: new Float32Array(n) };
    case 'FP64':
      return { name: spec.name, datatype: spec.datatype, shape, data: new Float64Array(n) };
    case 'INT32':
      return { name: spec.name, datatype: spec.datatype, shape, data: new Int32Array(n) };
    case 'INT64':
      return { name: spec.name, datatype: spec.datatype, shape, data: new BigInt64Array(n) };
    case 'UINT8':
      return { name: spec.name, datatype: spec.datatype, shape, data: new Uint8Array(n) };
    case 'BOOL':
      return { name: spec.name, datatype: spec.datatype, shape, data: new Array<boolean>(n).fill(false) };
    default:
      throw invalidArgument(`a latency gate cannot make inputs of type ${spec.datatype} (${spec.name})`);
  }
}
