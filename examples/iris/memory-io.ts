import * as tf from '@tensorflow/tfjs';
import { filesIOHandler, saveLayersModel } from '../../src/serving/runtime/index.js';

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
  const files = await saveLayersModel(model);
  return { 'model.json': files.get('model.json')!, 'weights.bin': files.get('weights.bin')! };
}

/** Loads files made by saveModelToMemory (or downloaded artifacts) back into a model. */
export async function loadModelFromMemory(files: ModelFiles): Promise<tf.LayersModel> {
  return tf.loadLayersModel(filesIOHandler(new Map(Object.entries(files))));
}
