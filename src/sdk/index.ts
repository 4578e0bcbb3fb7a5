/**
 * The Flywheel SDK: `import { Flywheel } from 'flywheel'`. It talks to a tracking server over
 * HTTP and depends on nothing of the server, so training code stays light.
 */
export { Flywheel, type FlywheelOptions, type StartRunOptions } from './flywheel.js';
export { ActiveRun, type ActiveRunOptions, type LoggingOptions, type ParamValue } from './active-run.js';
export { TrackingClient } from './tracking-client.js';
export { RestClient, type RestClientOptions, type RequestOptions, type QueryValue } from './rest-client.js';
export { JobsClient, type JobLogs, type JobLogsOptions, type WaitForJobOptions, type FollowLogsOptions } from './jobs-client.js';
export {
  DataClient,
  type AddOptions,
  type AddResult,
  type DataClientOptions,
  type FilesOptions,
  type QueryResult,
  type StatusResult,
  type VersionRef,
} from './data/data-client.js';
export type { CheckoutOptions, CheckoutResult, LinkMode } from './data/checkout.js';
export type { DataPhase, DataProgress, ProgressCallback } from './data/progress.js';
export type { UseDatasetOptions } from './data/use-dataset.js';
export { buildManifest, type BuiltManifest } from './data/manifest.js';
export { encodeManifest, parseManifest, manifestPathIssues } from '../contracts/manifest.js';
export { parseDatasetRef, MANIFEST_FORMAT, DATASET_NAME, DATASET_TAG } from '../core/data-types.js';
// The data module's `Dataset` is exported as `DatasetInfo`: `Dataset` is MLflow's run input.
export type {
  ColumnProfile,
  Dataset as DatasetInfo,
  DatasetDiff,
  DatasetProfile,
  DatasetRef,
  DatasetRun,
  DatasetVersion,
  DiffEntry,
  ImageProfile,
  ManifestEntry,
  TableProfile,
} from '../core/data-types.js';
export { JOB_STATES, TERMINAL_JOB_STATES, EXECUTOR_KINDS, isTerminalJobState } from '../core/compute-types.js';
export type {
  ComputeStatus,
  ExecutorKind,
  GpuInfo,
  HostStatus,
  Job,
  JobEvent,
  JobResources,
  JobState,
  JobUsage,
  ListJobsRequest,
  PartitionStatus,
  SubmitJobRequest,
} from '../core/compute-types.js';
export { SweepsClient, type CreateSweepOptions, type WaitForSweepOptions } from './sweeps-client.js';
export { SweepHandle, TrialHandle } from './sweep-handle.js';
export { SWEEP_STATES, TERMINAL_SWEEP_STATES, TRIAL_STATES } from '../core/tuning-types.js';
export type {
  ListSweepsRequest,
  MetricGoal,
  ParameterImportance,
  ReportAction,
  ReportResult,
  Sweep,
  SweepCounts,
  SweepEarlyStop,
  SweepMethod,
  SweepMetric,
  SweepParameter,
  SweepState,
  Trial,
  TrialParamValue,
  TrialState,
} from '../core/tuning-types.js';
export type { RetryOptions } from './retry.js';
export { MLFLOW_LOG_BATCH_LIMITS, type LogBatchLimits } from './batch-chunks.js';
export type { LogBatchBody } from './wire.js';
export { encodeNumber, decodeNumber } from './json-numbers.js';
export { FlywheelError, isFlywheelError, type ErrorCode } from '../core/errors.js';
export type * from './types.js';
export { ModelsClient, type GateCheck, type RegisterOptions } from './models-client.js';
export { MODEL_VERSION_STAGES, MODEL_VERSION_STATUSES } from '../core/registry-types.js';
export type {
  AliasAction,
  AliasEvent,
  ModelAlias,
  ModelFileEntry,
  ModelVersion,
  ModelVersionSignature,
  ModelVersionStage,
  ModelVersionStatus,
  ModelTensorSpec,
  RegisteredModel,
  RegistryTag,
  SearchRegistryRequest,
} from '../core/registry-types.js';
