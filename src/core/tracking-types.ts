/**
 * The tracking domain in MLflow's terms, shared by the server (src/tracking) and the SDK,
 * which may import nothing but src/core. Ids are strings as in MLflow's REST API
 * (experiment ids are decimal integers in a string; run ids are 32 hex characters).
 * Times are epoch milliseconds.
 */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type LifecycleStage = 'active' | 'deleted';

/** Which runs or experiments a listing shows, as MLflow's ViewType. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Tag {
  key: string;
  value: string;
}

export interface Param {
  key: string;
  value: string;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Tag[];
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  lifecycleStage: LifecycleStage;
  artifactUri: string;
  /** The compute job that launched this run, if any. */
  jobId: string | null;
}

/** One metric point. `value` may be NaN or ±Infinity. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  dataset: Dataset;
  tags: Tag[];
}

export interface Run {
  info: RunInfo;
  data: {
    /** The latest point of each metric. */
    metrics: Metric[];
    params: Param[];
    tags: Tag[];
  };
  inputs: { datasetInputs: DatasetInput[] };
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  nextPageToken?: string;
}

export interface SearchRunsRequest {
  experimentIds: string[];
  /** MLflow's filter grammar; `or` and parentheses are accepted as Flywheel's extension. */
  filter?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchExperimentsRequest {
  filter?: string;
  viewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateRunRequest {
  experimentId: string;
  runName?: string;
  userId?: string;
  startTime?: number;
  tags?: Tag[];
  jobId?: string;
  /** Default RUNNING; a job's run starts SCHEDULED while the job waits. */
  status?: RunStatus;
}

export interface UpdateRunRequest {
  runId: string;
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface LogBatchRequest {
  runId: string;
  /**
   * An idempotency key: a retry of a request that already landed (same key) stores no
   * metric twice. Keys are remembered for 24 hours.
   */
  requestId?: string;
  metrics?: Metric[];
  params?: Param[];
  tags?: Tag[];
}

export interface MetricHistoryRequest {
  runId: string;
  key: string;
  maxResults?: number;
  pageToken?: string;
}

/** A series of points for one (run, key), as columns so a million points stay compact. */
export interface MetricSeries {
  runId: string;
  key: string;
  steps: number[];
  timestamps: number[];
  values: number[];
  /** Points stored for the series; more than `steps.length` when downsampled. */
  totalPoints: number;
  /** Points with x inside the requested [xMin, xMax] (all points when no range was given). */
  rangePoints: number;
  /**
   * A live-tail cursor for this series: tailing from it returns every point logged after this
   * read (and possibly a few already returned, which a client drops by x).
   */
  cursor: number;
}

export type XAxis = 'step' | 'timestamp';

export interface BulkHistoryRequest {
  runIds: string[];
  keys: string[];
  /** Points per series at most; 0 or absent means every point. */
  maxPoints?: number;
  xAxis?: XAxis;
  /** Only points with x in [min, max] (for zooming in). */
  xMin?: number;
  xMax?: number;
}

export interface TailRequest {
  runIds: string[];
  /** Only these keys; all keys when absent. */
  keys?: string[];
  /** The cursor returned by the previous tail call; 0 for everything. */
  cursor: number;
  maxPoints?: number;
}

export interface TailResult {
  points: Array<Metric & { runId: string }>;
  /** Pass back to get the points logged after these. */
  cursor: number;
}

/** What an experiment list shows beside each experiment, counted over its active runs. */
export interface ExperimentStats {
  experimentId: string;
  runCount: number;
  runningCount: number;
  /** The latest start or end of any of its active runs; null when it has none. */
  lastActivityTime: number | null;
}

/** An artifact listing entry, as MLflow's FileInfo; `path` is relative to the folder root of the API that listed it. */
export interface FileInfo {
  path: string;
  isDir: boolean;
  fileSize?: number;
}
