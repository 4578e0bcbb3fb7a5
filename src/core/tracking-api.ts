import type { Readable } from 'node:stream';
import type {
  BulkHistoryRequest,
  CreateRunRequest,
  DatasetInput,
  Experiment,
  ExperimentStats,
  FileInfo,
  LogBatchRequest,
  Metric,
  MetricHistoryRequest,
  MetricSeries,
  Page,
  Run,
  RunInfo,
  SearchExperimentsRequest,
  SearchRunsRequest,
  Tag,
  TailRequest,
  TailResult,
  UpdateRunRequest,
} from './tracking-types.js';

/**
 * What the tracking module offers to the HTTP layer, the CLI and other modules, and what the
 * SDK's TrackingStoreClient offers over HTTP (MLflow's AbstractStore and RestStore: one
 * interface, a local implementation and a remote one, one contract suite for both). It lives
 * in src/core, types only, so the SDK implements it without importing server code.
 * Every method validates its input and throws FlywheelError (INVALID_ARGUMENT, NOT_FOUND,
 * ALREADY_EXISTS, ...) with a message fit for a user; it never throws anything else for
 * bad input.
 */
export interface TrackingApi {
  // Experiments
  createExperiment(req: { name: string; artifactLocation?: string; tags?: Tag[] }): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  getExperimentByName(name: string): Promise<Experiment>;
  searchExperiments(req: SearchExperimentsRequest): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, tag: Tag): Promise<void>;
  /** Run counts and last activity of these experiments (at most 1000), in one query. */
  experimentStats(experimentIds: string[]): Promise<ExperimentStats[]>;

  // Runs
  createRun(req: CreateRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRun(req: UpdateRunRequest): Promise<Run['info']>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  searchRuns(req: SearchRunsRequest): Promise<Page<Run>>;
  /** Moves a run (with everything it logged) to another experiment. */
  moveRun(runId: string, experimentId: string): Promise<void>;
  /** Removes deleted runs for good, with their metrics and artifacts. Returns the run ids removed. */
  purgeDeletedRuns(options?: { olderThanMs?: number }): Promise<string[]>;

  // Logging
  logMetric(runId: string, metric: Metric): Promise<void>;
  logParam(runId: string, key: string, value: string): Promise<void>;
  setTag(runId: string, tag: Tag): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  logBatch(req: LogBatchRequest): Promise<void>;
  logInputs(runId: string, datasets: DatasetInput[]): Promise<void>;

  // Metric reads
  getMetricHistory(req: MetricHistoryRequest): Promise<Page<Metric>>;
  /** Many runs and keys at once, downsampled to `maxPoints` per series when asked. */
  getBulkHistory(req: BulkHistoryRequest): Promise<MetricSeries[]>;
  /** Points logged after `cursor` for the given runs. */
  tailMetrics(req: TailRequest): Promise<TailResult>;

  // Artifacts. `path` is relative to the artifact proxy root ("<exp>/<run>/artifacts/model/x.bin").
  putArtifact(path: string, content: Readable | Buffer): Promise<FileInfo>;
  /** Resolves undefined when no file is stored at `path`. */
  getArtifact(path: string): Promise<{ stream: Readable; size: number } | undefined>;
  /**
   * The direct children of a folder (files and sub-folders), as MLflow lists them. Each
   * `path` is relative to the proxy root, like the argument; '' lists the root.
   */
  listArtifacts(path: string): Promise<FileInfo[]>;
  deleteArtifact(path: string): Promise<void>;
  /** The proxy-root path of a run's artifact folder ("<exp>/<run>/artifacts"). */
  runArtifactRoot(runId: string): Promise<string>;
  /** Hashes of every blob an artifact refers to (gc of the shared blob store keeps them). */
  artifactBlobHashes(): Promise<Set<string>>;

  // Lineage
  /** Active runs that logged a dataset input with this name and digest (newest first). */
  runsWithInput(name: string, digest: string): Promise<RunInfo[]>;
}
