import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FlywheelError, type ErrorCode, type ValidationIssue } from '../../core/index.js';
import type { LoadedModel, ModelFiles, ModelFormat, ModelSignature, Tensor } from '../runtime/runtime-types.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./model-worker.js', import.meta.url));

/**
 * Whether models can run in worker threads here: the worker is a compiled .js file, absent
 * when this module runs from its TypeScript source (vitest), where models load in-process.
 */
export const workerModelsAvailable = (): boolean => existsSync(WORKER_SCRIPT);

interface Pending {
  resolve(outputs: Tensor[]): void;
  reject(error: unknown): void;
}

type Reply =
  | { type: 'loaded'; format: ModelFormat; signature: ModelSignature; batchable: boolean }
  | { type: 'result'; id: number; outputs: Tensor[] }
  | { type: 'error'; id?: number; message: string; code?: ErrorCode; issues?: ValidationIssue[] };

/**
 * Loads a model into a worker thread of its own and returns a LoadedModel whose `run`
 * posts the tensors there. onnxruntime-node runs a session on the thread that calls it,
 * holding the event loop for the whole run; in a worker, the main thread goes on reading
 * and answering HTTP requests meanwhile, so on two cores parsing and compute overlap.
 *
 * @example
 * const model = await loadModelInWorker(files, 'onnx');
 */
export async function loadModelInWorker(files: ModelFiles, format: ModelFormat): Promise<LoadedModel> {
  const worker = new Worker(WORKER_SCRIPT);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: unknown;
  const loaded = new Promise<Extract<Reply, { type: 'loaded' }>>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'loaded') return resolve(reply);
      if (reply.type === 'result') {
        pending.get(reply.id)?.resolve(reply.outputs);
        pending.delete(reply.id);
        return undefined;
      }
      const error = new FlywheelError(reply.code ?? 'INTERNAL', reply.message, reply.issues ? { issues: reply.issues } : {});
      if (reply.id === undefined) return reject(error);
      pending.get(reply.id)?.reject(error);
      pending.delete(reply.id);
      return undefined;
    });
    const die = (e: unknown): void => {
      failure = new FlywheelError('UNAVAILABLE', `The model's worker thread stopped: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      reject(failure);
    };
    worker.on('error', die);
    worker.on('exit', (code) => {
      if (code !== 0 || pending.size > 0) die(new Error(`exit code ${code}`));
    });
  });
  worker.postMessage({ type: 'load', files: [...files], format });
  let info: Extract<Reply, { type: 'loaded' }>;
  try {
    info = await loaded;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  let closed = false;
  return {
    format: info.format,
    signature: info.signature,
    batchable: info.batchable,
    run(inputs, outputs) {
      if (failure) return Promise.reject(failure);
      if (closed) return Promise.reject(new FlywheelError('FAILED_PRECONDITION', 'the model is closed'));
      const id = nextId++;
      return new Promise<Tensor[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          // Copied, not transferred: LoadedModel callers may read their inputs after a run.
          worker.postMessage({ type: 'run', id, inputs, ...(outputs ? { outputs } : {}) });
        } catch (e) {
          pending.delete(id);
          reject(new FlywheelError('INVALID_ARGUMENT', `The inputs cannot be sent to the model's thread: ${(e as Error).message}`, { cause: e }));
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' });
      // A runtime that keeps its thread alive after closing the model: end it.
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
