import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../load-model.js';
import { irisLikeMlp, mlpTfjsLayersFiles } from '../../test-support/test-models.js';
import { withoutNewProcessListeners } from './process-listeners.js';
import { useWasmBackend } from './tf-backend.js';

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
const listeners = () => EVENTS.map((event) => [...(process as NodeJS.EventEmitter).listeners(event)]);

describe('the TF.js runtime', () => {
  it('starts the WASM backend without leaving process-wide error listeners behind (the emscripten rethrow that crashed a Vitest fork)', async () => {
    // The backend must start in this test, or the check below would prove nothing.
    expect(tf.engine().registry.wasm).toBeUndefined();
    const before = listeners();
    expect(await useWasmBackend(() => undefined)).toBe('wasm');
    expect(tf.engine().registry.wasm).toBeDefined();
    const model = await loadModel(await mlpTfjsLayersFiles(irisLikeMlp(5)));
    await model.close();
    expect(listeners()).toEqual(before);
  });
});

describe('withoutNewProcessListeners', () => {
  const added = () => undefined;

  it('removes the listeners the call added and keeps those that were there', async () => {
    const existing = () => undefined;
    process.on('unhandledRejection', existing);
    try {
      const before = listeners();
      await withoutNewProcessListeners(async () => {
        process.on('unhandledRejection', added);
        process.on('uncaughtException', added);
      });
      expect(listeners()).toEqual(before);
      expect(process.listeners('unhandledRejection')).toContain(existing);
    } finally {
      process.removeListener('unhandledRejection', existing);
    }
  });

  it('removes them when the call fails too', async () => {
    const before = listeners();
    await expect(
      withoutNewProcessListeners(async () => {
        process.on('uncaughtException', added);
        throw new Error('no backend');
      }),
    ).rejects.toThrow('no backend');
    expect(listeners()).toEqual(before);
  });
});
