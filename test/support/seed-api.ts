/**
 * Test data for the web UI, created through the server's public HTTP API (MLflow REST and the
 * artifact proxy), the way a user's training script would leave it. Every call checks the
 * status and throws the server's message, so a seeding mistake fails where it happens.
 */

export interface SeedMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface SeedRunOptions {
  experimentId: string;
  name: string;
  params?: Record<string, string | number>;
  /** Per key, the value at each step (step = index). */
  metrics?: Record<string, readonly number[]>;
  tags?: Record<string, string>;
  /** FINISHED unless told otherwise; RUNNING leaves the run open. */
  status?: 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
  startTime?: number;
}

export interface SeededRun {
  runId: string;
  name: string;
  experimentId: string;
  artifactUri: string;
}

/** MLflow's limit on metrics per log-batch request. */
const METRICS_PER_BATCH = 1000;
const T0 = 1_700_000_000_000;

export class SeedApi {
  constructor(readonly baseUrl: string) {}

  async post<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} -> ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async get<T = Record<string, unknown>>(path: string, query: Record<string, string>): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}?${new URLSearchParams(query)}`);
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${path} -> ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async createExperiment(name: string): Promise<string> {
    return (await this.post<{ experiment_id: string }>('/api/2.0/mlflow/experiments/create', { name })).experiment_id;
  }

  async createRun(options: { experimentId: string; name: string; startTime?: number }): Promise<SeededRun> {
    const r = await this.post<{ run: { info: { run_id: string; artifact_uri: string } } }>('/api/2.0/mlflow/runs/create', {
      experiment_id: options.experimentId,
      run_name: options.name,
      ...(options.startTime !== undefined ? { start_time: options.startTime } : {}),
    });
    return { runId: r.run.info.run_id, name: options.name, experimentId: options.experimentId, artifactUri: r.run.info.artifact_uri };
  }

  /** log-batch, split into requests of at most 1000 metrics (params and tags go with the first). */
  async logBatch(runId: string, data: { metrics?: readonly SeedMetric[]; params?: Record<string, string | number>; tags?: Record<string, string> }): Promise<void> {
    const metrics = data.metrics ?? [];
    const params = Object.entries(data.params ?? {}).map(([key, value]) => ({ key, value: String(value) }));
    const tags = Object.entries(data.tags ?? {}).map(([key, value]) => ({ key, value }));
    let first = true;
    for (let i = 0; first || i < metrics.length; i += METRICS_PER_BATCH) {
      await this.post('/api/2.0/mlflow/runs/log-batch', {
        run_id: runId,
        metrics: metrics.slice(i, i + METRICS_PER_BATCH),
        params: first ? params : [],
        tags: first ? tags : [],
      });
      first = false;
    }
  }

  /** Points of one key at steps `fromStep`, `fromStep + 1`, ... */
  static series(key: string, values: readonly number[], fromStep = 0): SeedMetric[] {
    return values.map((value, i) => ({ key, value, timestamp: T0 + (fromStep + i) * 1000, step: fromStep + i }));
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.post('/api/2.0/mlflow/runs/set-tag', { run_id: runId, key, value });
  }

  async endRun(runId: string, status: 'FINISHED' | 'FAILED' | 'KILLED' = 'FINISHED'): Promise<void> {
    await this.post('/api/2.0/mlflow/runs/update', { run_id: runId, status, end_time: Date.now() });
  }

  async deleteRun(runId: string): Promise<void> {
    await this.post('/api/2.0/mlflow/runs/delete', { run_id: runId });
  }

  async getRun(runId: string): Promise<{ info: { status: string; lifecycle_stage: string; run_name: string }; data: { tags?: { key: string; value: string }[] } }> {
    return (await this.get<{ run: never }>('/api/2.0/mlflow/runs/get', { run_id: runId })).run;
  }

  /** A run with its params, metrics and tags in one call; ended as `status` (FINISHED by default). */
  async run(options: SeedRunOptions): Promise<SeededRun> {
    const run = await this.createRun(options);
    const metrics = Object.entries(options.metrics ?? {}).flatMap(([key, values]) => SeedApi.series(key, values));
    await this.logBatch(run.runId, { metrics, ...(options.params ? { params: options.params } : {}), ...(options.tags ? { tags: options.tags } : {}) });
    const status = options.status ?? 'FINISHED';
    if (status !== 'RUNNING') await this.endRun(run.runId, status);
    return run;
  }

  /** Uploads a file through the artifact proxy, under the run's artifact root. */
  async putArtifact(run: SeededRun, path: string, bytes: Uint8Array | string): Promise<void> {
    const root = run.artifactUri.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/*/, '');
    const url = `${this.baseUrl}/api/2.0/mlflow-artifacts/artifacts/${[...root.split('/'), ...path.split('/')].map(encodeURIComponent).join('/')}`;
    const res = await fetch(url, { method: 'PUT', body: typeof bytes === 'string' ? bytes : Buffer.from(bytes) });
    if (!res.ok) throw new Error(`PUT ${path} -> ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }
}
