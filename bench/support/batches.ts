/** Metric batches as the benchmarks log them: `keys` keys × `steps` steps, full-precision doubles. */

export interface Point {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

const T0 = 1_700_000_000_000;

/** Batch number `batch` of a run: steps batch*steps .. batch*steps+steps-1 of every key. */
export function batchPoints(options: { keys: readonly string[]; steps: number; batch: number }): Point[] {
  const { keys, steps, batch } = options;
  const out: Point[] = [];
  for (const key of keys) {
    for (let i = 0; i < steps; i++) {
      const step = batch * steps + i;
      // A decaying curve with noise: values print with all 17 digits, as Python clients send them.
      out.push({ key, value: Math.exp(-step / 5000) + Math.random() * 0.01, timestamp: T0 + step * 10, step });
    }
  }
  return out;
}

export function logBatchBody(runId: string, metrics: readonly Point[]): string {
  return JSON.stringify({ run_id: runId, metrics, params: [], tags: [] });
}

export const keyNames = (n: number, prefix = 'metric_'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
