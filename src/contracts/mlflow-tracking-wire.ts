import { z } from 'zod';
import { RUN_STATUSES, type DatasetInput, type Experiment, type FileInfo, type Metric, type Run, type RunInfo, type Tag } from '../core/tracking-types.js';
import { ProtoDouble } from './common.js';
import { doubleFromWire, encodeDouble } from './proto-json.js';

// The entities of MLflow's tracking API as its JSON carries them (protobuf field names,
// snake_case), and the one mapping to and from the camelCase types of src/core/tracking-types.ts
// that the server and the SDK both use. Flywheel sends every field but the optional ones it
// leaves unset (end_time, job_id, ...); protobuf's JSON mapping, which other MLflow servers
// and clients follow, may leave out any field holding its default (an empty list, 0, ""), so
// those fields read as their default when absent.

/**
 * An int64 as protobuf JSON allows it (a number or a decimal string), read as a number.
 * Flywheel writes numbers; the string form is what other MLflow servers may send. Only the
 * string branch transforms: a transform on every value makes Zod parse a 100k-point history
 * about 6x slower.
 */
export const Int64 = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);

/** A repeated field: protobuf JSON leaves an empty one out. */
const list = <T extends z.ZodType>(item: T) => z.array(item).default([]);

const LifecycleStageWire = z.enum(['active', 'deleted']);

const keyValue = z.object({ key: z.string(), value: z.string() });
export const ParamWire = keyValue.meta({ id: 'Param' });
export const RunTagWire = keyValue.meta({ id: 'RunTag' });
export const ExperimentTagWire = keyValue.meta({ id: 'ExperimentTag' });
export const InputTagWire = keyValue.meta({ id: 'InputTag' });
export type KeyValueWire = z.infer<typeof keyValue>;

export const MetricWire = z
  .object({ key: z.string(), value: ProtoDouble, timestamp: Int64.default(0), step: Int64.default(0) })
  .meta({ id: 'Metric' });
export type MetricWire = z.infer<typeof MetricWire>;

export const ExperimentWire = z
  .object({
    experiment_id: z.string(),
    name: z.string(),
    artifact_location: z.string().default(''),
    lifecycle_stage: LifecycleStageWire.default('active'),
    last_update_time: Int64.default(0),
    creation_time: Int64.default(0),
    tags: list(ExperimentTagWire),
  })
  .meta({ id: 'Experiment' });
export type ExperimentWire = z.infer<typeof ExperimentWire>;

export const RunInfoWire = z
  .object({
    run_id: z.string(),
    run_uuid: z.string().optional().describe('Deprecated: the same as run_id, for older clients'),
    run_name: z.string().default(''),
    experiment_id: z.string(),
    user_id: z.string().default(''),
    status: z.enum(RUN_STATUSES).default('RUNNING'),
    start_time: Int64.default(0),
    end_time: Int64.optional().describe('Absent while the run has not ended'),
    artifact_uri: z.string().default(''),
    lifecycle_stage: LifecycleStageWire.default('active'),
    job_id: z.string().optional().describe("Flywheel's addition: the compute job that launched the run"),
  })
  .meta({ id: 'RunInfo' });
export type RunInfoWire = z.infer<typeof RunInfoWire>;

export const RunDataWire = z
  .object({
    metrics: list(MetricWire).describe('The latest point of each metric'),
    params: list(ParamWire),
    tags: list(RunTagWire),
  })
  .meta({ id: 'RunData' });

/** MLflow's Dataset (as a run's input); Flywheel's own datasets are DatasetWire in data.ts. */
export const MlflowDatasetWire = z
  .object({
    name: z.string(),
    digest: z.string(),
    source_type: z.string(),
    source: z.string(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  })
  .meta({ id: 'MlflowDataset' });

export const DatasetInputWire = z.object({ tags: list(InputTagWire), dataset: MlflowDatasetWire }).meta({ id: 'DatasetInput' });
export type DatasetInputWire = z.infer<typeof DatasetInputWire>;

export const RunInputsWire = z.object({ dataset_inputs: list(DatasetInputWire) }).meta({ id: 'RunInputs' });

export const RunWire = z
  .object({
    info: RunInfoWire,
    data: RunDataWire.default({ metrics: [], params: [], tags: [] }),
    inputs: RunInputsWire.default({ dataset_inputs: [] }),
  })
  .meta({ id: 'Run' });
export type RunWire = z.infer<typeof RunWire>;

export const FileInfoWire = z
  .object({ path: z.string(), is_dir: z.boolean().default(false), file_size: Int64.optional().describe('Absent for folders') })
  .meta({ id: 'FileInfo' });
export type FileInfoWire = z.infer<typeof FileInfoWire>;

/** The last page leaves the token out (or, from other servers, sends ""). */
export const NextPageToken = z.string().optional();

/** A page's list of results: protobuf JSON leaves an empty one out. */
export const resultList = list;

// Server side: domain -> wire.

export const tagToWire = (t: Tag): KeyValueWire => ({ key: t.key, value: t.value });

export function experimentToWire(e: Experiment): ExperimentWire {
  return {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    tags: e.tags.map(tagToWire),
  };
}

export function runInfoToWire(info: RunInfo): RunInfoWire {
  const w: RunInfoWire = {
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
  if (info.endTime !== null) w.end_time = info.endTime;
  if (info.jobId !== null) w.job_id = info.jobId;
  return w;
}

export const metricToWire = (m: Metric): MetricWire => ({ key: m.key, value: encodeDouble(m.value), timestamp: m.timestamp, step: m.step });

export function datasetInputToWire(input: DatasetInput): DatasetInputWire {
  const d = input.dataset;
  const dataset: DatasetInputWire['dataset'] = { name: d.name, digest: d.digest, source_type: d.sourceType, source: d.source };
  if (d.schema !== undefined) dataset.schema = d.schema;
  if (d.profile !== undefined) dataset.profile = d.profile;
  return { tags: input.tags.map(tagToWire), dataset };
}

export function runToWire(run: Run): RunWire {
  return {
    info: runInfoToWire(run.info),
    data: { metrics: run.data.metrics.map(metricToWire), params: run.data.params.map(tagToWire), tags: run.data.tags.map(tagToWire) },
    inputs: { dataset_inputs: run.inputs.datasetInputs.map(datasetInputToWire) },
  };
}

/** `path` is the entry's path as the listing API names it (relative to the run, or a basename). */
export function fileInfoToWire(file: FileInfo, path: string): FileInfoWire {
  const w: FileInfoWire = { path, is_dir: file.isDir };
  if (!file.isDir && file.fileSize !== undefined) w.file_size = file.fileSize;
  return w;
}

// SDK side: wire -> domain.

export function experimentFromWire(w: ExperimentWire): Experiment {
  return {
    experimentId: w.experiment_id,
    name: w.name,
    artifactLocation: w.artifact_location,
    lifecycleStage: w.lifecycle_stage,
    creationTime: w.creation_time,
    lastUpdateTime: w.last_update_time,
    tags: w.tags.map(tagToWire),
  };
}

export function runInfoFromWire(w: RunInfoWire): RunInfo {
  return {
    runId: w.run_id,
    runName: w.run_name,
    experimentId: w.experiment_id,
    userId: w.user_id,
    status: w.status,
    startTime: w.start_time,
    endTime: w.end_time ?? null,
    lifecycleStage: w.lifecycle_stage,
    artifactUri: w.artifact_uri,
    jobId: w.job_id ?? null,
  };
}

export const metricFromWire = (w: MetricWire): Metric => ({ key: w.key, value: doubleFromWire(w.value), timestamp: w.timestamp, step: w.step });

export function datasetInputFromWire(w: DatasetInputWire): DatasetInput {
  const d = w.dataset;
  return {
    tags: w.tags.map(tagToWire),
    dataset: {
      name: d.name,
      digest: d.digest,
      sourceType: d.source_type,
      source: d.source,
      ...(d.schema !== undefined ? { schema: d.schema } : {}),
      ...(d.profile !== undefined ? { profile: d.profile } : {}),
    },
  };
}

export function runFromWire(w: RunWire): Run {
  return {
    info: runInfoFromWire(w.info),
    data: { metrics: w.data.metrics.map(metricFromWire), params: w.data.params.map(tagToWire), tags: w.data.tags.map(tagToWire) },
    inputs: { datasetInputs: w.inputs.dataset_inputs.map(datasetInputFromWire) },
  };
}

export function fileInfoFromWire(w: FileInfoWire): FileInfo {
  return { path: w.path, isDir: w.is_dir, ...(w.file_size !== undefined ? { fileSize: w.file_size } : {}) };
}

/** A page's token, or nothing on the last page. */
export const pageTokenFromWire = (token: string | undefined): { nextPageToken?: string } => (token ? { nextPageToken: token } : {});
