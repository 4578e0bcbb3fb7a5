import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer } from '../src/server/index.js';
import { parseServeSpecs } from '../src/serving/server/index.js';
import { irisLikeMlp, mlpOnnxFiles, mlpTfjsLayersFiles } from '../src/serving/test-support/test-models.js';
import { getJson, MemoryModelSource, postJson, startTestInferenceServer } from './support/serving.js';

/*
 * The process belongs to whoever embeds Flywheel (a CLI, a test runner, an application):
 * starting and closing a server, and serving ONNX and TF.js models, must leave its
 * process-wide handlers as they were. A library that adds an `unhandledRejection` listener
 * that rethrows (emscripten, under tfjs-backend-wasm) turns any stray rejection into a crash
 * of the whole process, as it once did to a Vitest fork.
 */

const EVENTS = ['uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM', 'exit', 'beforeExit'] as const;
const emitter: NodeJS.EventEmitter = process;
const listeners = () => Object.fromEntries(EVENTS.map((event) => [event, emitter.listeners(event)]));

describe('the process-wide handlers', () => {
  it('are the same after a server and an inference server with ONNX and TF.js models have run and closed', async () => {
    const before = listeners();
    const dataDir = await mkdtemp(join(tmpdir(), 'fw-listeners-'));
    try {
      const server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
      await server.close();

      const iris = irisLikeMlp(3);
      const source = new MemoryModelSource().add('onnx', '1', mlpOnnxFiles(iris)).add('tfjs', '1', await mlpTfjsLayersFiles(iris), 'tfjs-layers');
      const inference = await startTestInferenceServer({ source, specs: parseServeSpecs(['onnx@1', 'tfjs@1']) });
      try {
        for (const name of ['onnx', 'tfjs']) {
          const input = (await getJson(`${inference.url}/v2/models/${name}`)).inputs[0].name;
          const answer = await postJson(`${inference.url}/v2/models/${name}/infer`, { inputs: [{ name: input, shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] });
          expect(answer.status).toBe(200);
        }
      } finally {
        await inference.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(listeners()).toEqual(before);
  });
});
