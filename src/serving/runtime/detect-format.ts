import type { ModelFiles, ModelFormat } from './runtime-types.js';
import { MODEL_JSON, parseModelJson } from './tfjs/model-json.js';

/**
 * Tells a model's format from its files: exactly one `*.onnx` is ONNX; otherwise a
 * model.json at the root is a TF.js layers or graph model, by its `format` field or, for
 * older converters that leave it out, by the shape of its topology (Keras `class_name`/`config`
 * for layers, a GraphDef `node` list for graph). Undefined when none fits.
 */
export function detectFormat(files: ModelFiles): ModelFormat | undefined {
  const onnx = onnxFiles(files);
  if (onnx.length === 1) return 'onnx';
  const bytes = files.get(MODEL_JSON);
  if (!bytes) return undefined;
  const json = parseModelJson(bytes);
  if (!json) return undefined;
  if (json.format === 'layers-model') return 'tfjs-layers';
  if (json.format === 'graph-model') return 'tfjs-graph';
  const topology = json.modelTopology;
  if (typeof topology !== 'object' || topology === null) return undefined;
  const t = topology as Record<string, unknown>;
  // Keras-converted models nest the model under model_config.
  const keras = typeof t.model_config === 'object' && t.model_config !== null ? (t.model_config as Record<string, unknown>) : t;
  if (typeof keras.class_name === 'string' && 'config' in keras) return 'tfjs-layers';
  if (Array.isArray(t.node)) return 'tfjs-graph';
  return undefined;
}

export function onnxFiles(files: ModelFiles): string[] {
  return [...files.keys()].filter((p) => p.toLowerCase().endsWith('.onnx')).sort();
}
