import type { DatasetInput, Experiment, FileInfo, Metric, Run, RunInfo, Tag } from '../types.js';
import { encodeDouble } from './proto-json.js';

/**
 * Domain objects in the JSON shapes of MLflow's REST API (protobuf field names, snake_case).
 * Optional protobuf fields that are unset are left out, as protobuf's JSON mapping does;
 * repeated fields are always present, possibly empty, which every MLflow client accepts.
 */

export interface TagJson {
  key: string;
  value: string;
}

export interface ExperimentJson {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  last_update_time: number;
  creation_time: number;
  tags: TagJson[];
}

export interface RunInfoJson {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: string;
  /** Flywheel's addition: the compute job that launched the run (absent when none). */
  job_id?: string;
}

export interface MetricJson {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface DatasetInputJson {
  tags: TagJson[];
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
}

export interface RunJson {
  info: RunInfoJson;
  data: { metrics: MetricJson[]; params: TagJson[]; tags: TagJson[] };
  inputs: { dataset_inputs: DatasetInputJson[] };
}

export interface FileInfoJson {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export function tagJson(tag: Tag): TagJson {
  return { key: tag.key, value: tag.value };
}

export function experimentJson(e: Experiment): ExperimentJson {
  return {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    tags: e.tags.map(tagJson),
  };
}

export function runInfoJson(info: RunInfo): RunInfoJson {
  const json: RunInfoJson = {
    run_id: info.runId,
    // Deprecated in MLflow but still read by older clients; always the same as run_id.
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
  };
  if (info.endTime !== null) json.end_time = info.endTime;
  if (info.jobId !== null) json.job_id = info.jobId;
  return json;
}

export function metricJson(m: Metric): MetricJson {
  return { key: m.key, value: encodeDouble(m.value), timestamp: m.timestamp, step: m.step };
}

export function datasetInputJson(input: DatasetInput): DatasetInputJson {
  const d = input.dataset;
  const dataset: DatasetInputJson['dataset'] = {
    name: d.name,
    digest: d.digest,
    source_type: d.sourceType,
    source: d.source,
  };
  if (d.schema !== undefined) dataset.schema = d.schema;
  if (d.profile !== undefined) dataset.profile = d.profile;
  return { tags: input.tags.map(tagJson), dataset };
}

export function runJson(run: Run): RunJson {
  return {
    info: runInfoJson(run.info),
    data: {
      metrics: run.data.metrics.map(metricJson),
      params: run.data.params.map(tagJson),
      tags: run.data.tags.map(tagJson),
    },
    inputs: { dataset_inputs: run.inputs.datasetInputs.map(datasetInputJson) },
  };
}

export function fileInfoJson(file: FileInfo, path: string): FileInfoJson {
  const json: FileInfoJson = { path, is_dir: file.isDir };
  if (!file.isDir && file.fileSize !== undefined) json.file_size = file.fileSize;
  return json;
}
