import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ModelFormat } from '../runtime/runtime-types.js';

/** A file of a browser runtime: where it goes in the bundle, and where it comes from on disk. */
export interface RuntimeFile {
  /** Relative to the bundle's root, e.g. `runtime/ort.wasm.min.mjs`. */
  path: string;
  source: string;
}

export interface WebRuntime {
  /** The npm packages the files come from, with their versions (recorded in the manifest). */
  packages: Record<string, string>;
  files: RuntimeFile[];
}

export const RUNTIME_DIR = 'runtime';

const require = createRequire(import.meta.url);

/**
 * The browser runtime for a model format, from node_modules. Only what the WASM CPU path loads:
 *
 * - ONNX: onnxruntime-web's `ort.wasm.min.mjs` (the WASM-only ESM build), which imports
 *   `ort-wasm-simd-threaded.mjs` from `env.wasm.wasmPaths` at run time, which fetches
 *   `ort-wasm-simd-threaded.wasm` beside it. That one build serves single-threaded pages too
 *   (numThreads = 1 needs no SharedArrayBuffer, so no cross-origin isolation). The jsep/jspi/
 *   asyncify builds (WebGPU, WebNN) and the webgl bundle are left out: about 60 MB.
 * - TF.js: the UMD bundles `tf.min.js` and `tf-backend-wasm.min.js` (both attach to
 *   `globalThis.tf`, so they load with a plain dynamic import), and the backend's three .wasm
 *   builds: the backend picks plain, SIMD or threaded-SIMD by what the browser offers (threads
 *   only on cross-origin-isolated pages), so all three must be there to be found.
 */
export function webRuntime(format: ModelFormat): WebRuntime {
  switch (format) {
    case 'onnx': {
      const dist = packageDist('onnxruntime-web', 'dist/ort.wasm.min.mjs');
      return {
        packages: { 'onnxruntime-web': packageVersion('onnxruntime-web') },
        files: ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'].map((name) => runtimeFile(dist, name)),
      };
    }
    case 'tfjs-layers':
    case 'tfjs-graph': {
      const tfDist = packageDist('@tensorflow/tfjs', 'dist/tf.min.js');
      const wasmDist = packageDist('@tensorflow/tfjs-backend-wasm', 'dist/tf-backend-wasm.min.js');
      return {
        packages: { '@tensorflow/tfjs': packageVersion('@tensorflow/tfjs'), '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm') },
        files: [
          runtimeFile(tfDist, 'tf.min.js'),
          ...['tf-backend-wasm.min.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((name) => runtimeFile(wasmDist, name)),
        ],
      };
    }
    default: {
      const never: never = format;
      throw new Error(`unknown model format ${String(never)}`);
    }
  }
}

const runtimeFile = (dir: string, name: string): RuntimeFile => ({ path: `${RUNTIME_DIR}/${name}`, source: join(dir, name) });

/** The folder holding `file` of `pkg` (resolved through package.json, which the packages' `exports` maps leave reachable or not). */
function packageDist(pkg: string, file: string): string {
  return dirname(join(packageRoot(pkg), file));
}

function packageRoot(pkg: string): string {
  // Not every package exports ./package.json; its main entry sits somewhere below the root.
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (json.name === pkg) return dir;
    } catch {
      // no package.json here: go up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the root of the package ${pkg}`);
    dir = up;
  }
}

function packageVersion(pkg: string): string {
  return (JSON.parse(readFileSync(join(packageRoot(pkg), 'package.json'), 'utf8')) as { version: string }).version;
}
