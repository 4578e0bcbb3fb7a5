import type { MlpLayer } from '../../src/serving/onnx/index.js';
import { irisLikeMlp, midSizeMlp, randomMlp } from '../../src/serving/test-support/test-models.js';

/**
 * The serving benchmark's models, ONNX MLPs built in process. `large` is where batching is
 * meant to pay: 21M weights (84 MB), so one row costs a pass over all of them
 * (memory-bound), while 64 rows share that pass.
 */
export const SERVING_BENCH_MODELS = {
  small: { label: 'small MLP 4→16→3', layers: (): MlpLayer[] => irisLikeMlp() },
  mid: { label: 'mid-size MLP 256→1024→1024→10 (1.3M weights)', layers: (): MlpLayer[] => midSizeMlp() },
  large: { label: 'MLP 1024→4096→4096→10 (21M weights, 84 MB)', layers: (): MlpLayer[] => randomMlp([1024, 4096, 4096, 10], ['relu', 'relu', 'softmax'], 1) },
} as const;

export type ServingBenchKind = keyof typeof SERVING_BENCH_MODELS;
export const SERVING_BENCH_KINDS = Object.keys(SERVING_BENCH_MODELS) as ServingBenchKind[];
