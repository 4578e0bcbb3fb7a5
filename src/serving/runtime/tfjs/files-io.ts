import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../runtime-types.js';
import { MODEL_JSON, readModelJson, readWeights } from './model-json.js';

/** The weights file `saveLayersModel` writes beside model.json. */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * A TF.js IOHandler that loads a layers or graph model from a files map (model.json plus
 * the weight shards its manifest names), for `tf.loadLayersModel` / `tf.loadGraphModel`.
 * Throws INVALID_ARGUMENT for a missing model.json or weights file.
 */
export function filesIOHandler(files: ModelFiles): tf.io.IOHandler {
  const json = readModelJson(files);
  const weights = readWeights(files, json);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: weights.specs,
    weightData: weights.data,
  };
  for (const key of ['format', 'generatedBy', 'convertedBy', 'trainingConfig', 'signature', 'userDefinedMetadata', 'modelInitializer'] as const) {
    if (json[key] !== undefined && json[key] !== null) (artifacts as Record<string, unknown>)[key] = json[key];
  }
  return { load: () => Promise.resolve(artifacts) };
}

/**
 * Saves a layers model into memory as the model.json and weights.bin that
 * `model.save('file://...')` would write, ready to register or upload as artifacts.
 */
export async function saveLayersModel(model: tf.LayersModel): Promise<Map<string, Uint8Array>> {
  let files: Map<string, Uint8Array> | undefined;
  await model.save({
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('saveLayersModel: binary (graph) topologies are not supported');
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      files = new Map([
        [MODEL_JSON, new TextEncoder().encode(JSON.stringify(modelJson))],
        [WEIGHTS_BIN, new Uint8Array(weights)],
      ]);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  });
  if (!files) throw new Error('saveLayersModel: the model was not handed to the save handler');
  return files;
}
