import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { mlpToOnnx } from '../../src/serving/onnx/index.js';
import { saveLayersModel, useWasmBackend } from '../../src/serving/runtime/index.js';

export interface Answer {
  status: number;
  body: any;
}

/**
 * Calls the MLflow REST API the way MLflow's Python client does (mlflow/utils/rest_utils.py):
 * GET sends the fields as a query string (repeated fields repeated), every other method sends
 * them as a JSON body.
 */
export class MlflowHttp {
  constructor(
    readonly url: string,
    readonly prefix = '/api/2.0/mlflow/',
  ) {}

  async call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', endpoint: string, fields: Record<string, unknown> = {}): Promise<Answer> {
    let target = `${this.url}${this.prefix}${endpoint}`;
    const init: RequestInit = { method };
    if (method === 'GET') {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) if (item !== undefined) query.append(k, String(item));
      if ([...query].length > 0) target += `?${query}`;
    } else {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(fields);
    }
    const res = await fetch(target, init);
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  async ok(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', endpoint: string, fields: Record<string, unknown> = {}): Promise<any> {
    const a = await this.call(method, endpoint, fields);
    expect(a.status, `${method} ${endpoint}: ${JSON.stringify(a.body)}`).toBe(200);
    return a.body;
  }

  /** A run in a fresh experiment with metrics and a dataset input; returns its id and artifact root. */
  async runWithMetrics(experimentName: string): Promise<{ runId: string; root: string }> {
    const exp = (await this.ok('POST', 'experiments/create', { name: experimentName })).experiment_id as string;
    const run = (await this.ok('POST', 'runs/create', { experiment_id: exp, user_id: 'ann', start_time: Date.now() })).run;
    const runId = run.info.run_id as string;
    await this.ok('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'acc', value: 0.5, timestamp: 1, step: 0 },
        { key: 'acc', value: 0.96, timestamp: 2, step: 1 },
        { key: 'loss', value: 0.1, timestamp: 2, step: 1 },
      ],
    });
    await this.ok('POST', 'runs/log-inputs', {
      run_id: runId,
      datasets: [{ dataset: { name: 'iris', digest: 'd1g3st', source_type: 'local', source: 'iris.csv' }, tags: [] }],
    });
    const root = (run.info.artifact_uri as string).replace(/^mlflow-artifacts:\//, '');
    return { runId, root };
  }

  async putArtifact(root: string, path: string, bytes: Uint8Array): Promise<void> {
    const res = await fetch(`${this.url}/api/2.0/mlflow-artifacts/artifacts/${root}/${path}`, { method: 'PUT', body: bytes });
    expect(res.status, await res.clone().text()).toBe(200);
  }
}

/** A tiny TF.js layers model (4 → 3, softmax) as model.json + weights.bin. */
export async function tinyLayersModel(): Promise<Map<string, Uint8Array>> {
  await useWasmBackend(() => undefined);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', name: 'probs' })] });
  const files = await saveLayersModel(model);
  model.dispose();
  return new Map(files);
}

/** A tiny ONNX MLP (4 → 3, softmax); another `seed` gives other weights (other bytes). */
export function tinyOnnxModel(seed = 0): Uint8Array {
  return mlpToOnnx({
    layers: [{ weights: new Float32Array(12).map((_, i) => i / 12 + seed), bias: new Float32Array(3), activation: 'softmax' }],
    inputName: 'features',
    outputName: 'probs',
  });
}
