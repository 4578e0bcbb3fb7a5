import { invalidArgument } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { detectFormat } from './detect-format.js';
import type { LoadedModel, ModelFiles, ModelFormat } from './runtime-types.js';

export interface LoadModelOptions {
  /** Skips detection (the registry records each version's format). */
  format?: ModelFormat;
  /** Where backend warnings go (TF.js falling back from WASM to cpu). */
  logger?: Logger;
}

/**
 * Loads a model from its files, ready to run. Throws INVALID_ARGUMENT, saying why, when the
 * files are not a model of the format.
 *
 * @example
 *   const model = await loadModel(new Map([['model.onnx', bytes]]));
 *   const [probs] = await model.run([{ name: 'input', datatype: 'FP32', shape: [1, 4], data: features }]);
 *   await model.close();
 */
export async function loadModel(files: ModelFiles, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const format = options.format ?? detectFormat(files);
  if (!format) {
    throw invalidArgument(`cannot tell the model's format from its files (${[...files.keys()].join(', ') || 'none'}): expected one .onnx file, or a TF.js model.json`);
  }
  // Each runtime is imported on first use, so a process serving one format never loads the other.
  switch (format) {
    case 'onnx': {
      const { loadOnnxModel } = await import('./onnx/load-onnx-model.js');
      return loadOnnxModel(files);
    }
    case 'tfjs-layers':
    case 'tfjs-graph': {
      const { loadTfjsModel } = await import('./tfjs/load-tfjs-model.js');
      return loadTfjsModel(files, format, options.logger ?? silentLogger);
    }
    default: {
      const never: never = format;
      throw invalidArgument(`unknown model format ${String(never)}`);
    }
  }
}
