import {
  experimentFromWire,
  fileInfoFromWire,
  metricFromWire,
  mlflowTrackingRoutes as mlflow,
  pageTokenFromWire,
  runFromWire,
  runInfoFromWire,
  tagToWire,
} from '../contracts/mlflow-tracking.js';
import type { RouteContract, RouteResult } from '../contracts/route-contract.js';
import { seriesFromWire, tailFromWire, trackingRoutes as native } from '../contracts/tracking.js';
import { encodeDouble } from '../contracts/proto-json.js';
import { decodeResponse } from './decode.js';
import { RestClient, type QueryValue, type RestClientOptions } from './rest-client.js';
import type {
  BulkHistoryRequest,
  Experiment,
  FileInfo,
  Metric,
  MetricSeries,
  Page,
  Run,
  RunInfo,
  RunStatus,
  SearchExperimentsRequest,
  SearchRunsRequest,
  Tag,
  TailRequest,
  TailResult,
  ViewType,
} from './types.js';

type Json = Record<string, unknown>;

/** Drops undefined fields, so optional arguments are left out of the request. */
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * Thin typed wrappers over the tracking REST API (MLflow's routes plus Flywheel's /api/v1),
 * returning the SDK's camelCase types. `Flywheel` builds on it with runs to log to.
 */
export class TrackingClient {
  readonly rest: RestClient;

  constructor(options: RestClientOptions) {
    this.rest = new RestClient(options);
  }

  get trackingUri(): string {
    return this.rest.baseUrl;
  }

  /** Calls a route at its contract's path (GET: the fields as the query string; POST: as the body) and decodes the answer with it. */
  private async call<C extends RouteContract>(contract: C, method: 'GET' | 'POST', fields: Json): Promise<RouteResult<C>> {
    const json = await this.rest.request(
      method,
      contract.path,
      method === 'GET' ? { query: fields as Record<string, QueryValue> } : { body: fields },
    );
    return decodeResponse(contract, json);
  }

  // Experiments

  async createExperiment(name: string, options: { artifactLocation?: string; tags?: Tag[] } = {}): Promise<string> {
    const res = await this.call(
      mlflow.createExperiment,
      'POST',
      defined({ name, artifact_location: options.artifactLocation, tags: options.tags?.map(tagToWire) }),
    );
    return res.experiment_id;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const res = await this.call(mlflow.getExperiment, 'GET', { experiment_id: experimentId });
    return experimentFromWire(res.experiment);
  }

  async getExperimentByName(name: string): Promise<Experiment> {
    const res = await this.call(mlflow.getExperimentByName, 'GET', { experiment_name: name });
    return experimentFromWire(res.experiment);
  }

  async searchExperiments(req: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    const res = await this.call(
      mlflow.searchExperiments,
      'POST',
      defined({
        max_results: req.maxResults ?? 1000,
        filter: req.filter,
        order_by: req.orderBy,
        view_type: req.viewType,
        page_token: req.pageToken,
      }),
    );
    return { items: res.experiments.map(experimentFromWire), ...pageTokenFromWire(res.next_page_token) };
  }

  /** Every experiment in the view, following page tokens. */
  async listExperiments(viewType: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
    return collectPages((pageToken) => this.searchExperiments({ viewType, ...(pageToken ? { pageToken } : {}) }));
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.call(mlflow.deleteExperiment, 'POST', { experiment_id: experimentId });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.call(mlflow.restoreExperiment, 'POST', { experiment_id: experimentId });
  }

  // Runs

  async getRun(runId: string): Promise<Run> {
    const res = await this.call(mlflow.getRun, 'GET', { run_id: runId });
    return runFromWire(res.run);
  }

  async searchRuns(req: SearchRunsRequest): Promise<Page<Run>> {
    const res = await this.call(
      mlflow.searchRuns,
      'POST',
      defined({
        experiment_ids: req.experimentIds,
        filter: req.filter,
        run_view_type: req.runViewType,
        max_results: req.maxResults,
        order_by: req.orderBy,
        page_token: req.pageToken,
      }),
    );
    return { items: res.runs.map(runFromWire), ...pageTokenFromWire(res.next_page_token) };
  }

  async updateRun(req: { runId: string; status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    const res = await this.call(
      mlflow.updateRun,
      'POST',
      defined({ run_id: req.runId, status: req.status, end_time: req.endTime, run_name: req.runName }),
    );
    return runInfoFromWire(res.run_info);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.call(mlflow.deleteRun, 'POST', { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.call(mlflow.restoreRun, 'POST', { run_id: runId });
  }

  /** Moves a run, with everything it logged, to another experiment (Flywheel only). */
  async moveRun(runId: string, experimentId: string): Promise<void> {
    await this.call(native.moveRun, 'POST', { run_id: runId, experiment_id: experimentId });
  }

  /** Permanently removes deleted runs (optionally only those deleted over `olderThanMs` ago); returns their ids. */
  async purgeDeletedRuns(options: { olderThanMs?: number } = {}): Promise<string[]> {
    const res = await this.call(native.gc, 'POST', defined({ older_than_ms: options.olderThanMs }));
    return res.purged_run_ids;
  }

  // Metrics

  async getMetricHistoryPage(req: {
    runId: string;
    key: string;
    maxResults?: number;
    pageToken?: string;
  }): Promise<Page<Metric>> {
    const res = await this.call(
      mlflow.getMetricHistory,
      'GET',
      defined({ run_id: req.runId, metric_key: req.key, max_results: req.maxResults, page_token: req.pageToken }),
    );
    return { items: res.metrics.map(metricFromWire), ...pageTokenFromWire(res.next_page_token) };
  }

  /** Every point of one metric, following page tokens. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return collectPages((pageToken) =>
      this.getMetricHistoryPage({ runId, key, ...(pageToken ? { pageToken } : {}) }),
    );
  }

  /** Many runs and keys at once, downsampled to `maxPoints` per series when asked (Flywheel only). */
  async getBulkHistory(req: BulkHistoryRequest): Promise<MetricSeries[]> {
    const res = await this.call(
      native.historyBulk,
      'POST',
      defined({
        run_ids: req.runIds,
        keys: req.keys,
        max_points: req.maxPoints,
        x_axis: req.xAxis,
        // x bounds are doubles: an infinite bound travels as protobuf's string.
        x_min: req.xMin === undefined ? undefined : encodeDouble(req.xMin),
        x_max: req.xMax === undefined ? undefined : encodeDouble(req.xMax),
      }),
    );
    return res.series.map(seriesFromWire);
  }

  /** Points logged after `cursor` (Flywheel only); pass the returned cursor to the next call. */
  async tailMetrics(req: TailRequest): Promise<TailResult> {
    const res = await this.call(
      native.tail,
      'POST',
      defined({ run_ids: req.runIds, keys: req.keys, cursor: req.cursor, max_points: req.maxPoints }),
    );
    return tailFromWire(res);
  }

  // Artifacts

  /** The direct children of `path` (the root when absent) in a run's artifacts. */
  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    const res = await this.call(mlflow.listArtifacts, 'GET', defined({ run_id: runId, path }));
    return res.files.map(fileInfoFromWire);
  }
}

async function collectPages<T>(fetchPage: (pageToken: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const item of page.items) all.push(item);
    token = page.nextPageToken;
  } while (token !== undefined);
  return all;
}
