import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { FlywheelError, invalidArgument } from '../core/errors.js';
import type { TrackingApi } from '../core/tracking-api.js';
import { artifactProxyRoot } from './artifact-paths.js';
import { encodeNumber } from './json-numbers.js';
import { RestClient, type RestClientOptions } from './rest-client.js';
import type { DatasetInput, FileInfo, Metric, Page, RunInfo } from './types.js';
import {
  datasetInputToWire,
  experimentFromWire,
  fileInfoFromWire,
  keyValuesToWire,
  metricFromWire,
  metricToWire,
  pageToken,
  runFromWire,
  runInfoFromWire,
  seriesFromWire,
  tailFromWire,
} from './wire.js';

type Json = Record<string, unknown>;

/**
 * What TrackingStoreClient cannot do, and why: each throws FAILED_PRECONDITION with the
 * reason. The contract suite skips the tests of these methods with the same reason.
 */
export const TRACKING_STORE_CLIENT_UNSUPPORTED = {
  artifactBlobHashes:
    'the blob store is garbage-collected inside the server (DataService.gc); no route lists the blobs artifacts refer to',
  runsWithInput:
    'no route looks runs up by dataset name and digest; the data module answers lineage by dataset version inside the server',
} as const satisfies Partial<Record<keyof TrackingApi, string>>;

const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

/** Drops undefined fields, so optional arguments are left out of the request. */
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The tracking API over HTTP, as MLflow's RestStore is its AbstractStore over HTTP: the same
 * interface the server's TrackingService implements, on MLflow's routes, Flywheel's /api/v1
 * routes and the artifact proxy. The tracking contract suite runs on it and on the service,
 * so the two cannot drift apart. Errors come back as the server's FlywheelError codes.
 *
 * @example
 * const store: TrackingApi = new TrackingStoreClient({ baseUrl: 'http://127.0.0.1:5050' });
 * const run = await store.createRun({ experimentId: '0' });
 */
export class TrackingStoreClient implements TrackingApi {
  readonly rest: RestClient;

  constructor(options: RestClientOptions) {
    this.rest = new RestClient(options);
  }

  // Experiments

  async createExperiment(req: Parameters<TrackingApi['createExperiment']>[0]): ReturnType<TrackingApi['createExperiment']> {
    const res = await this.rest.mlflow<Json>(
      'POST',
      'experiments/create',
      defined({ name: req.name, artifact_location: req.artifactLocation, tags: req.tags && keyValuesToWire(req.tags) }),
    );
    return String(res.experiment_id);
  }

  async getExperiment(experimentId: string): ReturnType<TrackingApi['getExperiment']> {
    return experimentFromWire((await this.rest.mlflow<Json>('GET', 'experiments/get', { experiment_id: experimentId })).experiment);
  }

  async getExperimentByName(name: string): ReturnType<TrackingApi['getExperimentByName']> {
    return experimentFromWire((await this.rest.mlflow<Json>('GET', 'experiments/get-by-name', { experiment_name: name })).experiment);
  }

  async searchExperiments(req: Parameters<TrackingApi['searchExperiments']>[0]): ReturnType<TrackingApi['searchExperiments']> {
    const res = await this.rest.mlflow<Json>(
      'POST',
      'experiments/search',
      defined({ max_results: req.maxResults, filter: req.filter, order_by: req.orderBy, view_type: req.viewType, page_token: req.pageToken }),
    );
    return { items: asList(res.experiments).map(experimentFromWire), ...pageToken(res) };
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.rest.mlflow('POST', 'experiments/update', { experiment_id: experimentId, new_name: newName });
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.rest.mlflow('POST', 'experiments/delete', { experiment_id: experimentId });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.rest.mlflow('POST', 'experiments/restore', { experiment_id: experimentId });
  }

  async setExperimentTag(experimentId: string, tag: { key: string; value: string }): Promise<void> {
    await this.rest.mlflow('POST', 'experiments/set-experiment-tag', { experiment_id: experimentId, key: tag.key, value: tag.value });
  }

  async experimentStats(experimentIds: string[]): ReturnType<TrackingApi['experimentStats']> {
    const res = await this.rest.v1<Json>('POST', 'experiments/stats', { experiment_ids: experimentIds });
    return asList(res.stats).map((v) => {
      const s = v as Json;
      return {
        experimentId: String(s.experiment_id),
        runCount: Number(s.run_count ?? 0),
        runningCount: Number(s.running_count ?? 0),
        lastActivityTime: s.last_activity_time === undefined || s.last_activity_time === null ? null : Number(s.last_activity_time),
      };
    });
  }

  // Runs

  async createRun(req: Parameters<TrackingApi['createRun']>[0]): ReturnType<TrackingApi['createRun']> {
    // The compute module sets these inside the server; MLflow's runs/create has no field for them.
    if (req.jobId !== undefined || req.status !== undefined) {
      throw invalidArgument('createRun over HTTP cannot set jobId or status: the server sets them for the runs of its jobs');
    }
    const res = await this.rest.mlflow<Json>(
      'POST',
      'runs/create',
      defined({
        experiment_id: req.experimentId,
        run_name: req.runName,
        user_id: req.userId,
        start_time: req.startTime,
        tags: req.tags && keyValuesToWire(req.tags),
      }),
    );
    return runFromWire(res.run);
  }

  async getRun(runId: string): ReturnType<TrackingApi['getRun']> {
    return runFromWire((await this.rest.mlflow<Json>('GET', 'runs/get', { run_id: runId })).run);
  }

  async updateRun(req: Parameters<TrackingApi['updateRun']>[0]): Promise<RunInfo> {
    const res = await this.rest.mlflow<Json>(
      'POST',
      'runs/update',
      defined({ run_id: req.runId, status: req.status, end_time: req.endTime, run_name: req.runName }),
    );
    return runInfoFromWire(res.run_info);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.rest.mlflow('POST', 'runs/delete', { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.rest.mlflow('POST', 'runs/restore', { run_id: runId });
  }

  async searchRuns(req: Parameters<TrackingApi['searchRuns']>[0]): ReturnType<TrackingApi['searchRuns']> {
    const res = await this.rest.mlflow<Json>(
      'POST',
      'runs/search',
      defined({
        experiment_ids: req.experimentIds,
        filter: req.filter,
        run_view_type: req.runViewType,
        max_results: req.maxResults,
        order_by: req.orderBy,
        page_token: req.pageToken,
      }),
    );
    return { items: asList(res.runs).map(runFromWire), ...pageToken(res) };
  }

  async moveRun(runId: string, experimentId: string): Promise<void> {
    await this.rest.v1('POST', 'runs/move', { run_id: runId, experiment_id: experimentId });
  }

  async purgeDeletedRuns(options: { olderThanMs?: number } = {}): Promise<string[]> {
    const res = await this.rest.v1<Json>('POST', 'gc', defined({ older_than_ms: options.olderThanMs }));
    return asList(res.purged_run_ids).map(String);
  }

  // Logging

  async logMetric(runId: string, metric: Metric): Promise<void> {
    await this.rest.mlflow('POST', 'runs/log-metric', { run_id: runId, ...metricToWire(metric) });
  }

  async logParam(runId: string, key: string, value: string): Promise<void> {
    await this.rest.mlflow('POST', 'runs/log-parameter', { run_id: runId, key, value });
  }

  async setTag(runId: string, tag: { key: string; value: string }): Promise<void> {
    await this.rest.mlflow('POST', 'runs/set-tag', { run_id: runId, key: tag.key, value: tag.value });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.rest.mlflow('POST', 'runs/delete-tag', { run_id: runId, key });
  }

  async logBatch(req: Parameters<TrackingApi['logBatch']>[0]): Promise<void> {
    const body = {
      run_id: req.runId,
      metrics: (req.metrics ?? []).map(metricToWire),
      params: keyValuesToWire(req.params ?? []),
      tags: keyValuesToWire(req.tags ?? []),
    };
    // The idempotency key travels as the IETF Idempotency-Key header, as the SDK's batcher sends it.
    await this.rest.mlflow('POST', 'runs/log-batch', body, req.requestId === undefined ? {} : { headers: { 'Idempotency-Key': req.requestId } });
  }

  async logInputs(runId: string, datasets: DatasetInput[]): Promise<void> {
    await this.rest.mlflow('POST', 'runs/log-inputs', { run_id: runId, datasets: datasets.map(datasetInputToWire) });
  }

  // Metric reads

  async getMetricHistory(req: Parameters<TrackingApi['getMetricHistory']>[0]): Promise<Page<Metric>> {
    const res = await this.rest.mlflow<Json>(
      'GET',
      'metrics/get-history',
      defined({ run_id: req.runId, metric_key: req.key, max_results: req.maxResults, page_token: req.pageToken }),
    );
    return { items: asList(res.metrics).map(metricFromWire), ...pageToken(res) };
  }

  async getBulkHistory(req: Parameters<TrackingApi['getBulkHistory']>[0]): ReturnType<TrackingApi['getBulkHistory']> {
    const res = await this.rest.v1<Json>(
      'POST',
      'metrics/history-bulk',
      defined({
        run_ids: req.runIds,
        keys: req.keys,
        max_points: req.maxPoints,
        x_axis: req.xAxis,
        // x bounds are doubles: an infinite bound travels as protobuf's string.
        x_min: req.xMin === undefined ? undefined : encodeNumber(req.xMin),
        x_max: req.xMax === undefined ? undefined : encodeNumber(req.xMax),
      }),
    );
    return asList(res.series).map(seriesFromWire);
  }

  async tailMetrics(req: Parameters<TrackingApi['tailMetrics']>[0]): ReturnType<TrackingApi['tailMetrics']> {
    const res = await this.rest.v1<Json>(
      'POST',
      'metrics/tail',
      defined({ run_ids: req.runIds, keys: req.keys, cursor: req.cursor, max_points: req.maxPoints }),
    );
    return tailFromWire(res);
  }

  // Artifacts, through the artifact proxy; paths are relative to its root, as in the interface.

  async putArtifact(path: string, content: Readable | Buffer): Promise<FileInfo> {
    let size = 0;
    let body: Uint8Array | WebReadableStream<Uint8Array>;
    if (Buffer.isBuffer(content)) {
      size = content.byteLength;
      body = content;
    } else {
      // Streamed as read; the size is known once the last chunk has gone.
      const counted = async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of content) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
          size += bytes.byteLength;
          yield bytes;
        }
      };
      body = Readable.toWeb(Readable.from(counted())) as WebReadableStream<Uint8Array>;
    }
    await this.rest.request('PUT', artifactUrl(path), { body, timeoutMs: 0 });
    return { path, isDir: false, fileSize: size };
  }

  async getArtifact(path: string): Promise<{ stream: Readable; size: number } | undefined> {
    let response: Response;
    try {
      response = await this.rest.stream('GET', artifactUrl(path), { timeoutMs: 0 });
    } catch (e) {
      if (e instanceof FlywheelError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    }
    const size = Number(response.headers.get('content-length') ?? 0);
    const stream = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
    return { stream, size };
  }

  async listArtifacts(path: string): Promise<FileInfo[]> {
    const res = await this.rest.request<Json>('GET', ARTIFACTS, { query: { path } });
    // The proxy names each entry by its basename; the interface's paths are from the proxy root.
    return asList(res.files).map((v) => {
      const f = fileInfoFromWire(v);
      return { ...f, path: path === '' ? f.path : `${path}/${f.path}` };
    });
  }

  async deleteArtifact(path: string): Promise<void> {
    await this.rest.request('DELETE', artifactUrl(path));
  }

  async runArtifactRoot(runId: string): Promise<string> {
    return artifactProxyRoot((await this.getRun(runId)).info.artifactUri);
  }

  artifactBlobHashes(): Promise<Set<string>> {
    return Promise.reject(unsupported('artifactBlobHashes'));
  }

  runsWithInput(): Promise<RunInfo[]> {
    return Promise.reject(unsupported('runsWithInput'));
  }
}

const unsupported = (method: keyof typeof TRACKING_STORE_CLIENT_UNSUPPORTED): FlywheelError =>
  new FlywheelError('FAILED_PRECONDITION', `${method} is not offered over HTTP: ${TRACKING_STORE_CLIENT_UNSUPPORTED[method]}`);

/**
 * The proxy URL of an artifact, each segment escaped as it is, so the server sees the path
 * it was given and applies its own rules. Only `.` and `..` segments cannot travel: a URL
 * resolves them before the server sees them, so they are refused here.
 */
function artifactUrl(path: string): string {
  const segments = path.split('/');
  if (segments.some((s) => s === '.' || s === '..')) throw invalidArgument(`artifact path '${path}' must not contain '.' or '..' segments`);
  return `${ARTIFACTS}/${segments.map(encodeURIComponent).join('/')}`;
}
