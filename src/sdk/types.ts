/**
 * The SDK's view of the tracking domain. These mirror `src/tracking/types.ts` on purpose:
 * the SDK may depend on nothing but `src/core`, so user training code that imports it never
 * pulls in the server. Ids are strings as in MLflow's REST API; times are epoch milliseconds.
 */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Tag {
  key: string;
  value: string;
}

export interface Param {
  key: string;
  value: string;
}

/** One metric point. `value` may be NaN or ±Infinity. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
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
  /** MLflow's filter grammar (`metrics.acc > 0.9 and params.lr = '0.1'`). */
  filter?: string;
  runViewType?: ViewType;
  maxResults?: number;
  /** MLflow's order clauses (`metrics.acc DESC`). */
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

/** A series of points for one (run, key), as columns. */
export interface MetricSeries {
  runId: string;
  key: string;
  steps: number[];
  timestamps: number[];
  values: number[];
  /** Points stored for the series; more than `steps.length` when downsampled. */
  totalPoints: number;
}

export interface BulkHistoryRequest {
  runIds: string[];
  keys: string[];
  /** Points per series at most; 0 or absent means every point. */
  maxPoints?: number;
  xAxis?: 'step' | 'timestamp';
  xMin?: number;
  xMax?: number;
}

export interface TailRequest {
  runIds: string[];
  keys?: string[];
  /** The cursor returned by the previous call; 0 for everything. */
  cursor: number;
  maxPoints?: number;
}

export interface TailResult {
  points: Array<Metric & { runId: string }>;
  cursor: number;
}

/** An artifact listing entry, as MLflow's FileInfo. `path` is relative to the run's artifact root. */
export interface FileInfo {
  path: string;
  isDir: boolean;
  fileSize?: number;
}
