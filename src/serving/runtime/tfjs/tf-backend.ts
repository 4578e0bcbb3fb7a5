import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { withoutNewProcessListeners } from './process-listeners.js';

export type TfBackendName = 'wasm' | 'cpu';

let chosen: Promise<TfBackendName> | undefined;

/**
 * Switches TF.js to the WASM backend, or to the plain 'cpu' backend (with a warning
 * through `warn`) when WASM cannot start. Safe to call more than once: the first call decides
 * (TF.js's backend is global to the process, shared by training and serving).
 */
export function useWasmBackend(warn: (message: string) => void): Promise<TfBackendName> {
  // The emscripten module behind the WASM backend adds process-wide error listeners that
  // rethrow; they go as soon as it has started (see process-listeners.ts).
  chosen ??= withoutNewProcessListeners(() => initialise(warn));
  return chosen;
}

async function initialise(warn: (message: string) => void): Promise<TfBackendName> {
  try {
    setWasmPaths(wasmFileMap());
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return 'wasm';
    }
    warn('TF.js: the WASM backend did not initialise; running on the slower cpu backend');
  } catch (err) {
    warn(`TF.js: the WASM backend failed (${(err as Error).message}); running on the slower cpu backend`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/**
 * In Node the backend reads its .wasm binaries from disk. The package's dist/ ships the SIMD
 * builds only; the plain build (for runtimes without SIMD) lives in wasm-out/. Giving a file
 * map rather than a prefix lets each name come from wherever the package has it.
 */
function wasmFileMap(): Record<string, string> {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(main);
  const folders = [dist, join(dist, '..', 'wasm-out')];
  const names = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
  const map: Record<string, string> = {};
  for (const name of names) {
    const found = folders.map((f) => join(f, name)).find((p) => existsSync(p));
    if (!found) throw new Error(`${name} not found under ${folders.join(' or ')}`);
    map[name] = found;
  }
  return map;
}
