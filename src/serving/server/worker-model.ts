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
  | { type: 'closed' }
  | { type: 'result'; id: number; outputs: Tensor[] }
  | { type: 'error'; id?: number; message: string; code?: ErrorCode; issues?: ValidationIssue[] };

/** One worker thread holding the model: its runs, and a promise that settles when it dies. */
interface WorkerHandle {
  info: Extract<Reply, { type: 'loaded' }>;
  run(inputs: readonly Tensor[], outputs?: readonly string[]): Promise<Tensor[]>;
  /** Resolves with the reason once the thread has stopped without being asked to. */
  died: Promise<unknown>;
  close(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * A model in a worker thread. `kill` ends the thread as an uncaught error in it would, after
 * the runs already sent to it (to check recovery).
 */
export interface WorkerLoadedModel extends LoadedModel {
  /** How many times the thread was restarted after dying. */
  readonly restarts: number;
  kill(): Promise<void>;
}

/** Restarts in a row after which the model is given up on (each waits longer: 0.1 s, 0.2 s, 0.4 s, ...). */
const MAX_RESTARTS = 5;

/**
 * Loads a model into a worker thread of its own and returns a LoadedModel whose `run`
 * posts the tensors there. onnxruntime-node runs a session on the thread that calls it,
 * holding the event loop for the whole run; in a worker, the main thread goes on reading
 * and answering HTTP requests meanwhile, so on two cores parsing and compute overlap.
 *
 * A thread that dies (a runtime crash, memory) fails the runs it held with UNAVAILABLE and is
 * replaced by a new one that loads the same files; runs asked for meanwhile wait for it.
 * After MAX_RESTARTS failed reloads in a row the model stays unavailable.
 *
 * @example
 * const model = await loadModelInWorker(files, 'onnx');
 */
export async function loadModelInWorker(files: ModelFiles, format: ModelFormat): Promise<WorkerLoadedModel> {
  const first = await startWorker(files, format);
  let current: WorkerHandle | Promise<WorkerHandle> = first;
  let closed = false;
  let restarts = 0;
  let failure: unknown;

  const watch = (handle: WorkerHandle): void => {
    void handle.died.then((reason) => {
      if (closed) return;
      const next = replace(reason);
      // Awaited by runs; a model given up on must not also be an unhandled rejection.
      next.catch(() => undefined);
      current = next;
    });
  };
  const replace = async (reason: unknown): Promise<WorkerHandle> => {
    for (let attempt = 0; attempt < MAX_RESTARTS; attempt++) {
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      if (closed) break;
      try {
        const handle = await startWorker(files, format);
        restarts++;
        if (closed) {
          await handle.close();
          break;
        }
        watch(handle);
        return handle;
      } catch (e) {
        reason = e;
      }
    }
    failure = new FlywheelError('UNAVAILABLE', `The model's worker thread stopped and could not be restarted: ${message(reason)}`, { cause: reason });
    throw failure;
  };
  watch(first);

  return {
    format: first.info.format,
    signature: first.info.signature,
    batchable: first.info.batchable,
    get restarts() {
      return restarts;
    },
    async run(inputs, outputs) {
      if (closed) throw new FlywheelError('FAILED_PRECONDITION', 'the model is closed');
      if (failure) throw failure;
      return (await current).run(inputs, outputs);
    },
    async kill() {
      await (await current).kill();
    },
    async close() {
      if (closed) return;
      closed = true;
      const handle = await Promise.resolve(current).catch(() => undefined);
      await handle?.close();
    },
  };
}

/** Starts a thread and loads the model there; rejects (and ends the thread) if it does not load. */
async function startWorker(files: ModelFiles, format: ModelFormat): Promise<WorkerHandle> {
  const worker = new Worker(WORKER_SCRIPT);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: unknown;
  let closing = false;
  let markDied: (reason: unknown) => void = () => undefined;
  const died = new Promise<unknown>((resolve) => {
    markDied = resolve;
  });
  const loaded = new Promise<Extract<Reply, { type: 'loaded' }>>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'loaded') return resolve(reply);
      if (reply.type === 'result') {
        pending.get(reply.id)?.resolve(reply.outputs);
        pending.delete(reply.id);
        return undefined;
      }
      // Handled by close().
      if (reply.type === 'closed') return undefined;
      const error = new FlywheelError(reply.code ?? 'INTERNAL', reply.message, reply.issues ? { issues: reply.issues } : {});
      if (reply.id === undefined) return reject(error);
      pending.get(reply.id)?.reject(error);
      pending.delete(reply.id);
      return undefined;
    });
    const die = (e: unknown): void => {
      if (failure) return;
      failure = new FlywheelError('UNAVAILABLE', `The model's worker thread stopped: ${message(e)}`, { cause: e });
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      reject(failure);
      if (!closing) markDied(e);
    };
    // An uncaught error reaches 'error' on an internal port, which can overtake the replies the
    // thread posted before it (a run answered just before the crash would then be failed, and
    // left as an unhandled rejection). 'exit' comes after Node has delivered every reply, so
    // the error is only noted here and the pending runs are failed on 'exit'.
    let crash: unknown;
    worker.on('error', (e) => {
      crash ??= e;
    });
    worker.on('exit', (code) => {
      if (crash !== undefined || !closing || pending.size > 0) die(crash ?? new Error(`exit code ${code}`));
    });
  });
  worker.postMessage({ type: 'load', files: [...files], format });
  let info: Extract<Reply, { type: 'loaded' }>;
  try {
    info = await loaded;
  } catch (e) {
    closing = true;
    await worker.terminate();
    throw e;
  }
  return {
    info,
    died,
    run(inputs, outputs) {
      if (failure) return Promise.reject(failure);
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
    async kill() {
      // Not worker.terminate(): ending a thread inside an onnxruntime call aborts the process.
      const stopped = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'crash' });
      await stopped;
    },
    async close() {
      if (closing) return;
      closing = true;
      if (failure) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // A runtime that keeps its thread alive after closing the model: end it, but only once
      // the model is closed (ending a thread inside an onnxruntime run aborts the process).
      let timer: NodeJS.Timeout | undefined;
      worker.on('message', (reply: { type?: string }) => {
        if (reply.type === 'closed') timer = setTimeout(() => void worker.terminate(), 5000);
      });
      worker.postMessage({ type: 'close' });
      await exited;
      clearTimeout(timer);
    },
  };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
