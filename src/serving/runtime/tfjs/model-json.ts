import { posix } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { invalidArgument } from '../../../core/errors.js';
import type { ModelFiles } from '../runtime-types.js';

export const MODEL_JSON = 'model.json';

/** model.json as TF.js writes it; read leniently, since converters differ in what they add. */
export interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: tf.io.WeightsManifestConfig;
  [key: string]: unknown;
}

/** Parses model.json, or undefined where the bytes are not a JSON object. */
export function parseModelJson(bytes: Uint8Array): ModelJson | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ModelJson) : undefined;
  } catch {
    return undefined;
  }
}

export function readModelJson(files: ModelFiles): ModelJson {
  const bytes = files.get(MODEL_JSON);
  if (!bytes) throw invalidArgument(`the model has no ${MODEL_JSON}`);
  const json = parseModelJson(bytes);
  if (!json) throw invalidArgument(`${MODEL_JSON} is not a JSON object`);
  return json;
}

export interface ModelWeights {
  specs: tf.io.WeightsManifestEntry[];
  /** Every group's shards, concatenated in manifest order, as TF.js's loaders expect. */
  data: ArrayBuffer;
}

/**
 * Collects the weights model.json's manifest names from the files map. Shard paths are
 * relative to model.json (`./group1-shard1of1.bin` and `group1-shard1of1.bin` are the same).
 */
export function readWeights(files: ModelFiles, json: ModelJson): ModelWeights {
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw invalidArgument(`${MODEL_JSON}: weightsManifest is not a list`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of manifest) {
    for (const path of group.paths ?? []) {
      const key = posix.normalize(path).replace(/^(\.\/)+/, '');
      const shard = files.get(key);
      if (!shard) throw invalidArgument(`${MODEL_JSON} names weights file ${key}, which is missing`);
      shards.push(shard);
    }
    specs.push(...(group.weights ?? []));
  }
  const data = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let offset = 0;
  for (const s of shards) {
    data.set(s, offset);
    offset += s.byteLength;
  }
  return { specs, data: data.buffer };
}
