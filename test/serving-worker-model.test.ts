import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { irisLikeMlp, mlpForward, mlpOnnxFiles, mlpTfjsLayersFiles, randomInputs } from '../src/serving/runtime/test-models.js';

// The worker thread runs compiled JavaScript: this test uses the build in dist/.
const built = fileURLToPath(new URL('../dist/src/serving/server/worker-model.js', import.meta.url));
const hasBuild = existsSync(built);

describe.skipIf(!hasBuild)('models in worker threads (needs `npm run build`)', () => {
  const layers = irisLikeMlp(5);
  const x = randomInputs(3, 4);
  const want = Array.from(mlpForward(layers, x, 3));

  it.each([
    ['onnx', async () => mlpOnnxFiles(layers)],
    ['tfjs-layers', async () => mlpTfjsLayersFiles(layers)],
  ] as const)('runs a %s model like the runtime does in-process, and closes', async (format, files) => {
    const { loadModelInWorker } = (await import(built)) as typeof import('../src/serving/server/worker-model.js');
    const model = await loadModelInWorker(await files(), format);
    try {
      expect(model.batchable).toBe(true);
      const name = model.signature.inputs[0]!.name;
      const [out] = await model.run([{ name, datatype: 'FP32', shape: [3, 4], data: x }]);
      expect(out!.shape).toEqual([3, 3]);
      Array.from(out!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      await expect(model.run([{ name, datatype: 'INT32', shape: [1, 4], data: new Int32Array(4) }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      await model.close();
    }
    await expect(model.run([])).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('replaces a thread that dies: runs sent after its death fail with UNAVAILABLE, later runs are answered by a new thread', async () => {
    const { loadModelInWorker } = (await import(built)) as typeof import('../src/serving/server/worker-model.js');
    const model = await loadModelInWorker(mlpOnnxFiles(layers), 'onnx');
    try {
      const name = model.signature.inputs[0]!.name;
      const input = [{ name, datatype: 'FP32' as const, shape: [3, 4], data: x }];
      const before = model.run(input);
      const killed = model.kill();
      // Settled at once: a rejection nobody listens to yet would be an unhandled one.
      const during = model.run(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      await killed;
      expect(Array.from((await before)[0]!.data as Float32Array)[0]).toBeCloseTo(want[0]!, 5);
      expect(await during).toMatchObject({ code: 'UNAVAILABLE' });
      // Asked while the replacement loads: waits for it rather than failing.
      const [out] = await model.run(input);
      Array.from(out!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      expect(model.restarts).toBe(1);
    } finally {
      await model.close();
    }
  });
});
