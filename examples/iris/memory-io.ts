import * as tf from '@tensorflow/tfjs';

/** A saved TF.js layers model, as the two files `tf.io` writes to disk. */
export interface ModelFiles {
  'model.json': Uint8Array;
  'weights.bin': Uint8Array;
}

/**
 * Saves `model` into memory through a custom IOHandler, producing the same model.json and
 * weights.bin that `model.save('file://...')` would write, ready to upload as artifacts.
 */
export async function saveModelToMemory(model: tf.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save({
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('saveModelToMemory: binary (graph) topologies are not supported');
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      files = {
        'model.json': new TextEncoder().encode(JSON.stringify(modelJson)),
        'weights.bin': new Uint8Array(weights),
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  });
  if (!files) throw new Error('saveModelToMemory: the model was not handed to the save handler');
  return files;
}

/** Loads files made by saveModelToMemory (or downloaded artifacts) back into a model. */
export async function loadModelFromMemory(files: ModelFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as tf.io.ModelJSON;
  const weights = files['weights.bin'];
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData,
      ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
    }),
  );
}
