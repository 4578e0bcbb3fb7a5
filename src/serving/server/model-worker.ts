/**
 * A model in a worker thread (see worker-model.ts): loads it with the runtime, then answers
 * runs one at a time. Messages: `load` → `loaded` | `error`; `run` → `result` | `error`.
 */
import { parentPort } from 'node:worker_threads';
import { FlywheelError } from '../../core/index.js';
import { loadModel } from '../runtime/index.js';
import type { LoadedModel, ModelFormat, Tensor } from '../runtime/runtime-types.js';

type Message =
  | { type: 'load'; files: [string, Uint8Array][]; format: ModelFormat }
  | { type: 'run'; id: number; inputs: Tensor[]; outputs?: string[] }
  | { type: 'close' }
  /** Ends the thread as an uncaught error would, after the runs queued before it (WorkerLoadedModel.kill). */
  | { type: 'crash' };

const port = parentPort;
if (!port) throw new Error('model-worker.js runs in a worker thread');

let model: LoadedModel | undefined;

const errorMessage = (id: number | undefined, e: unknown) => ({
  type: 'error',
  id,
  message: e instanceof Error ? e.message : String(e),
  code: e instanceof FlywheelError ? e.code : undefined,
  issues: e instanceof FlywheelError ? e.issues : undefined,
});

port.on('message', (message: Message) => {
  switch (message.type) {
    case 'load':
      loadModel(new Map(message.files), { format: message.format }).then(
        (m) => {
          model = m;
          port.postMessage({ type: 'loaded', format: m.format, signature: m.signature, batchable: m.batchable });
        },
        (e: unknown) => port.postMessage(errorMessage(undefined, e)),
      );
      return;
    case 'run':
      if (!model) {
        port.postMessage(errorMessage(message.id, new FlywheelError('FAILED_PRECONDITION', 'the model is not loaded')));
        return;
      }
      model.run(message.inputs, message.outputs).then(
        (outputs) => {
          const transfer = [...new Set(outputs.flatMap((t) => (ArrayBuffer.isView(t.data) ? [t.data.buffer as ArrayBuffer] : [])))];
          port.postMessage({ type: 'result', id: message.id, outputs }, transfer);
        },
        (e: unknown) => port.postMessage(errorMessage(message.id, e)),
      );
      return;
    case 'crash':
      // Thrown outside the handler, as an uncaught error: the thread dies with an 'error' event.
      setImmediate(() => {
        throw new Error('the thread was told to crash');
      });
      return;
    case 'close':
      void (model?.close() ?? Promise.resolve()).finally(() => {
        // Said before the port closes: the parent may end a thread that lingers from here on.
        port.postMessage({ type: 'closed' });
        port.close();
      });
      return;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});
