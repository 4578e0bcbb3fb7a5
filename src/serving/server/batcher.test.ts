import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import type { Tensor } from '../runtime/runtime-types.js';
import { DynamicBatcher, concatRows, splitRows } from './batcher.js';

const rowsOf = (name: string, rows: number[][]): Tensor => ({
  name,
  datatype: 'FP32',
  shape: [rows.length, rows[0]?.length ?? 0],
  data: Float32Array.from(rows.flat()),
});

/** A model that doubles its input `x` into `y`, recording each run's rows. */
function doubler(options: { delayMs?: number } = {}) {
  const runs: number[] = [];
  const run = async (inputs: readonly Tensor[]): Promise<Tensor[]> => {
    const x = inputs.find((t) => t.name === 'x')!;
    runs.push(x.shape[0]!);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    return [{ name: 'y', datatype: 'FP32', shape: [...x.shape], data: (x.data as Float32Array).map((v) => v * 2) }];
  };
  return { run, runs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DynamicBatcher', () => {
  describe('when requests arrive together', () => {
    it('runs them once when the batch is full, before the delay', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const model = doubler();
      const batcher = new DynamicBatcher({ run: model.run, batchable: true, maxBatchSize: 4, maxQueueDelayMs: 1000 });
      const answers = [1, 2, 3, 4].map((i) => batcher.submit([rowsOf('x', [[i, i]])]));
      const results = await Promise.all(answers);
      expect(model.runs).toEqual([4]);
      results.forEach((r, i) => {
        expect(Array.from(r.outputs[0]!.data as Float32Array)).toEqual([(i + 1) * 2, (i + 1) * 2]);
        expect(r.outputs[0]!.shape).toEqual([1, 2]);
        expect(r.batchRows).toBe(4);
      });
    });

    it('runs a partial batch once the first request has waited the delay', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const model = doubler();
      const batcher = new DynamicBatcher({ run: model.run, batchable: true, maxBatchSize: 32, maxQueueDelayMs: 5 });
      const a = batcher.submit([rowsOf('x', [[1]])]);
      const b = batcher.submit([rowsOf('x', [[2], [3]])]);
      await vi.advanceTimersByTimeAsync(4);
      expect(model.runs).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      const [ra, rb] = await Promise.all([a, b]);
      expect(model.runs).toEqual([3]);
      expect(Array.from(ra.outputs[0]!.data as Float32Array)).toEqual([2]);
      expect(Array.from(rb.outputs[0]!.data as Float32Array)).toEqual([4, 6]);
      expect(rb.outputs[0]!.shape).toEqual([2, 1]);
    });

    it('starts a new batch when a request would overflow the current one', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const model = doubler();
      const batcher = new DynamicBatcher({ run: model.run, batchable: true, maxBatchSize: 4, maxQueueDelayMs: 10 });
      const a = batcher.submit([rowsOf('x', [[1], [1], [1]])]);
      const b = batcher.submit([rowsOf('x', [[2], [2]])]);
      await vi.advanceTimersByTimeAsync(10);
      await Promise.all([a, b]);
      expect(model.runs).toEqual([3, 2]);
    });
  });

  describe('when a run is in progress', () => {
    it('queues the requests that arrive meanwhile and runs them together next', async () => {
      let release: () => void = () => undefined;
      const runs: number[] = [];
      const batcher = new DynamicBatcher({
        run: async (inputs) => {
          runs.push(inputs[0]!.shape[0]!);
          if (runs.length === 1) await new Promise<void>((r) => (release = r));
          return [{ ...inputs[0]!, name: 'y' }];
        },
        batchable: true,
        maxQueueDelayMs: 0,
        maxConcurrentRuns: 1,
      });
      const first = batcher.submit([rowsOf('x', [[0]])]);
      // An idle model with no delay runs a lone request on the next turn of the event loop.
      await new Promise((r) => setImmediate(r));
      expect(runs).toEqual([1]);
      const later = [1, 2, 3].map((i) => batcher.submit([rowsOf('x', [[i]])]));
      await new Promise((r) => setImmediate(r));
      expect(runs).toEqual([1]);
      release();
      const results = await Promise.all([first, ...later]);
      expect(runs).toEqual([1, 3]);
      expect(results.map((r) => Array.from(r.outputs[0]!.data as Float32Array))).toEqual([[0], [1], [2], [3]]);
    });
  });

  describe('when requests cannot be stacked', () => {
    it('runs requests whose trailing dimensions differ in separate batches', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const model = doubler();
      const batcher = new DynamicBatcher({ run: model.run, batchable: true, maxBatchSize: 8, maxQueueDelayMs: 2 });
      const a = batcher.submit([rowsOf('x', [[1, 1]])]);
      const b = batcher.submit([rowsOf('x', [[2, 2, 2]])]);
      const c = batcher.submit([rowsOf('x', [[3, 3]])]);
      await vi.advanceTimersByTimeAsync(2);
      const [ra, rb, rc] = await Promise.all([a, b, c]);
      expect(model.runs.sort()).toEqual([1, 2]);
      expect(Array.from(rb.outputs[0]!.data as Float32Array)).toEqual([4, 4, 4]);
      expect(Array.from(ra.outputs[0]!.data as Float32Array)).toEqual([2, 2]);
      expect(Array.from(rc.outputs[0]!.data as Float32Array)).toEqual([6, 6]);
    });

    it('runs requests with different datatypes apart', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const runs: string[] = [];
      const batcher = new DynamicBatcher({
        run: async (inputs) => {
          runs.push(`${inputs[0]!.datatype}x${inputs[0]!.shape[0]}`);
          return inputs.map((t) => ({ ...t, name: 'y' }));
        },
        batchable: true,
        maxQueueDelayMs: 1,
      });
      const a = batcher.submit([{ name: 'x', datatype: 'FP32', shape: [1], data: new Float32Array([1]) }]);
      const b = batcher.submit([{ name: 'x', datatype: 'FP64', shape: [1], data: new Float64Array([1]) }]);
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all([a, b]);
      expect(runs.sort()).toEqual(['FP32x1', 'FP64x1']);
    });

    it('runs every request alone when the model is not batchable', async () => {
      const model = doubler();
      const batcher = new DynamicBatcher({ run: model.run, batchable: false, maxBatchSize: 8, maxQueueDelayMs: 50 });
      await Promise.all([batcher.submit([rowsOf('x', [[1]])]), batcher.submit([rowsOf('x', [[2]])])]);
      expect(model.runs).toEqual([1, 1]);
    });

    it('runs a request whose inputs disagree on rows alone', async () => {
      const runs: number[] = [];
      const batcher = new DynamicBatcher({
        run: async (inputs) => {
          runs.push(inputs.length);
          return [rowsOf('y', [[0]])];
        },
        batchable: true,
        maxQueueDelayMs: 50,
      });
      await batcher.submit([rowsOf('x', [[1]]), rowsOf('z', [[1], [2]])]);
      expect(runs).toEqual([2]);
    });
  });

  describe('when the queue is full', () => {
    it('refuses with UNAVAILABLE at once and accepts again once answered', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const model = doubler();
      const batcher = new DynamicBatcher({ run: model.run, batchable: true, maxBatchSize: 100, maxQueueDelayMs: 10, maxQueuedRows: 3 });
      const a = batcher.submit([rowsOf('x', [[1], [1]])]);
      const refused = batcher.submit([rowsOf('x', [[2], [2]])]);
      await expect(refused).rejects.toSatisfy((e: unknown) => e instanceof FlywheelError && e.code === 'UNAVAILABLE' && /queue is full/.test(e.message));
      expect(batcher.pendingRequests).toBe(1);
      await vi.advanceTimersByTimeAsync(10);
      await a;
      expect(batcher.pendingRequests).toBe(0);
      const again = batcher.submit([rowsOf('x', [[3], [3]])]);
      await vi.advanceTimersByTimeAsync(10);
      await expect(again).resolves.toBeDefined();
    });

    it('bounds the number of requests as well as rows', async () => {
      const batcher = new DynamicBatcher({ run: doubler({ delayMs: 20 }).run, batchable: false, maxQueuedRequests: 2 });
      const a = batcher.submit([rowsOf('x', [[1]])]);
      const b = batcher.submit([rowsOf('x', [[1]])]);
      await expect(batcher.submit([rowsOf('x', [[1]])])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await Promise.all([a, b]);
    });
  });

  describe('when the model fails', () => {
    it('rejects every request of the batch with the error', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const batcher = new DynamicBatcher({
        run: async () => {
          throw new Error('boom');
        },
        batchable: true,
        maxQueueDelayMs: 1,
      });
      const a = batcher.submit([rowsOf('x', [[1]])]);
      const b = batcher.submit([rowsOf('x', [[2]])]);
      const settled = Promise.allSettled([a, b]);
      await vi.advanceTimersByTimeAsync(1);
      expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
      expect(batcher.pendingRequests).toBe(0);
    });

    it('rejects when an output cannot be split back by rows', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const batcher = new DynamicBatcher({ run: async () => [rowsOf('y', [[1]])], batchable: true, maxQueueDelayMs: 1 });
      const settled = Promise.allSettled([batcher.submit([rowsOf('x', [[1]])]), batcher.submit([rowsOf('x', [[2]])])]);
      await vi.advanceTimersByTimeAsync(1);
      for (const s of await settled) expect(s.status === 'rejected' && (s.reason as FlywheelError).code).toBe('INTERNAL');
    });
  });

  describe('drain', () => {
    it('runs what is queued now and waits for it', async () => {
      const model = doubler({ delayMs: 5 });
      const batcher = new DynamicBatcher({ run: model.run, batchable: true, maxQueueDelayMs: 60_000 });
      const a = batcher.submit([rowsOf('x', [[1]])]);
      await batcher.drain();
      expect(model.runs).toEqual([1]);
      await expect(a).resolves.toBeDefined();
    });
  });
});

describe('concatRows and splitRows', () => {
  it('stack typed tensors along dim 0 and split them back as views', () => {
    const joined = concatRows([rowsOf('x', [[1, 2]]), rowsOf('x', [[3, 4], [5, 6]])]);
    expect(joined.shape).toEqual([3, 2]);
    expect(Array.from(joined.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const [a, b] = splitRows(joined, [1, 2]);
    expect(a!.shape).toEqual([1, 2]);
    expect(Array.from(b!.data as Float32Array)).toEqual([3, 4, 5, 6]);
  });

  it('stack string and boolean tensors', () => {
    const s = concatRows([
      { name: 's', datatype: 'BYTES', shape: [1], data: ['a'] },
      { name: 's', datatype: 'BYTES', shape: [2], data: ['b', 'c'] },
    ]);
    expect(s.data).toEqual(['a', 'b', 'c']);
    expect(splitRows(s, [2, 1]).map((t) => t.data)).toEqual([['a', 'b'], ['c']]);
    const b = concatRows([
      { name: 'b', datatype: 'BOOL', shape: [1, 1], data: [true] },
      { name: 'b', datatype: 'BOOL', shape: [1, 1], data: [false] },
    ]);
    expect(b).toMatchObject({ shape: [2, 1], data: [true, false] });
  });
});
