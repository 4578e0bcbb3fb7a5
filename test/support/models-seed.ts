import { createHash } from 'node:crypto';
import { MlflowHttp, tinyOnnxModel } from './registry-http.js';
import type { SeededVersion } from './datasets-seed.js';
import { DatasetsSeed } from './datasets-seed.js';
import type { SeedApi } from './seed-api.js';

/** A registered version as the UI tests need it. */
export interface SeededModelVersion {
  version: string;
  runId: string;
  /** The bytes of its one file, model.onnx. */
  onnx: Uint8Array;
  sha256: string;
}

/**
 * Registered models for the web UI tests, made through the server's public APIs the way a
 * training script and `fw models` would: a run logs metrics, a dataset input and an ONNX
 * model; MLflow's model-versions/create registers it; aliases and gates go through their routes.
 */
export class ModelsSeed {
  readonly mlflow: MlflowHttp;
  private readonly datasets: DatasetsSeed;

  constructor(private readonly api: SeedApi) {
    this.mlflow = new MlflowHttp(api.baseUrl);
    this.datasets = new DatasetsSeed(api);
  }

  async createModel(name: string, description: string, tags: Record<string, string> = {}): Promise<void> {
    await this.mlflow.ok('POST', 'registered-models/create', { name, description, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) });
  }

  /** A Flywheel dataset version the runs can name as their input. */
  addDataset(name: string): Promise<SeededVersion> {
    return this.datasets.addVersion(name, { 'train.csv': 'a,b,c,d,label\n1,2,3,4,0\n' }, { message: 'training rows' });
  }

  /**
   * A run (metrics acc and loss, the dataset input `iris` from elsewhere, plus `dataset` when
   * given, and `val_acc`) that logs an ONNX model, registered as the model's next version.
   */
  async register(name: string, options: { valAcc: number; seed: number; dataset?: SeededVersion }): Promise<SeededModelVersion> {
    const { runId, root } = await this.mlflow.runWithMetrics(`${name}-run-${options.seed}-${Math.random().toString(36).slice(2, 8)}`);
    await this.mlflow.ok('POST', 'runs/log-metric', { run_id: runId, key: 'val_acc', value: options.valAcc, timestamp: Date.now(), step: 0 });
    if (options.dataset) await this.datasets.logRunInput(runId, options.dataset);
    const onnx = tinyOnnxModel(options.seed);
    await this.mlflow.putArtifact(root, 'model/model.onnx', onnx);
    const created = await this.mlflow.ok('POST', 'model-versions/create', { name, source: `runs:/${runId}/model`, run_id: runId });
    return { version: String(created.model_version.version), runId, onnx, sha256: createHash('sha256').update(onnx).digest('hex') };
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.mlflow.ok('POST', 'registered-models/alias', { name, alias, version });
  }

  /** The version an alias points at now. */
  async aliasVersion(name: string, alias: string): Promise<string> {
    return String((await this.mlflow.ok('GET', 'registered-models/alias', { name, alias })).model_version.version);
  }

  /** Sets an alias's gates in their file form (`[{metric: 'val_acc >= 0.9'}]`). */
  async setGates(name: string, alias: string, gates: unknown[]): Promise<void> {
    const res = await fetch(`${this.api.baseUrl}/api/v1/models/${encodeURIComponent(name)}/gates/${encodeURIComponent(alias)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ gates }),
    });
    if (!res.ok) throw new Error(`PUT gates -> ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }
}
