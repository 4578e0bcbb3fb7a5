/**
 * The SDK's view of the tracking domain: the same types the server uses, from src/core, so
 * user training code that imports the SDK never pulls in the server.
 */
export type {
  BulkHistoryRequest,
  Dataset,
  DatasetInput,
  Experiment,
  FileInfo,
  LifecycleStage,
  Metric,
  MetricSeries,
  Page,
  Param,
  Run,
  RunInfo,
  RunStatus,
  SearchExperimentsRequest,
  SearchRunsRequest,
  Tag,
  TailRequest,
  TailResult,
  ViewType,
} from '../core/tracking-types.js';
