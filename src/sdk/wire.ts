import { decodeNumber, decodeOptionalNumber, encodeNumber, type WireNumber } from './json-numbers.js';
import type {
  DatasetInput,
  Experiment,
  FileInfo,
  LifecycleStage,
  Metric,
  MetricSeries,
  Param,
  Run,
  RunInfo,
  RunStatus,
  Tag,
  TailResult,
} from './types.js';

/**
 * MLflow's JSON shapes (snake_case) and the mappers to and from the SDK's types. Readers are
 * lenient: protobuf's JSON mapping omits empty lists and default values, so every field may
 * be missing.
 */
export interface WireMetric {
  key: string;
  value: WireNumber;
  timestamp: number;
  step: number;
}

export interface WireKeyValue {
  key: string;
  value: string;
}

export interface WireDatasetInput {
  tags: WireKeyValue[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

/** One runs/log-batch body. */
export interface LogBatchBody {
  run_id: string;
  metrics: WireMetric[];
  params: WireKeyValue[];
  tags: WireKeyValue[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export const metricToWire = (m: Metric): WireMetric => ({
  key: m.key,
  value: encodeNumber(m.value),
  timestamp: m.timestamp,
  step: m.step,
});

export function metricFromWire(v: unknown): Metric {
  const m = obj(v);
  return {
    key: str(m.key),
    value: decodeNumber(m.value),
    timestamp: decodeNumber(m.timestamp ?? 0),
    step: decodeNumber(m.step ?? 0),
  };
}

export const keyValueFromWire = (v: unknown): Tag & Param => {
  const kv = obj(v);
  return { key: str(kv.key), value: str(kv.value) };
};

export const keyValuesToWire = (items: ReadonlyArray<Tag | Param>): WireKeyValue[] =>
  items.map(({ key, value }) => ({ key, value }));

export function experimentFromWire(v: unknown): Experiment {
  const e = obj(v);
  return {
    experimentId: str(e.experiment_id),
    name: str(e.name),
    artifactLocation: str(e.artifact_location),
    lifecycleStage: (str(e.lifecycle_stage) || 'active') as LifecycleStage,
    creationTime: decodeNumber(e.creation_time ?? 0),
    lastUpdateTime: decodeNumber(e.last_update_time ?? e.creation_time ?? 0),
    tags: list(e.tags).map(keyValueFromWire),
  };
}

export function runInfoFromWire(v: unknown): RunInfo {
  const i = obj(v);
  return {
    // MLflow still sends the deprecated run_uuid beside run_id; older servers send only it.
    runId: str(i.run_id ?? i.run_uuid),
    runName: str(i.run_name),
    experimentId: str(i.experiment_id),
    userId: str(i.user_id),
    status: (str(i.status) || 'RUNNING') as RunStatus,
    startTime: decodeNumber(i.start_time ?? 0),
    endTime: decodeOptionalNumber(i.end_time),
    lifecycleStage: (str(i.lifecycle_stage) || 'active') as LifecycleStage,
    artifactUri: str(i.artifact_uri),
    // Flywheel's addition to MLflow's RunInfo: the compute job that launched the run.
    jobId: typeof i.job_id === 'string' ? i.job_id : null,
  };
}

export function datasetInputFromWire(v: unknown): DatasetInput {
  const di = obj(v);
  const d = obj(di.dataset);
  return {
    tags: list(di.tags).map(keyValueFromWire),
    dataset: {
      name: str(d.name),
      digest: str(d.digest),
      sourceType: str(d.source_type),
      source: str(d.source),
      ...(typeof d.schema === 'string' ? { schema: d.schema } : {}),
      ...(typeof d.profile === 'string' ? { profile: d.profile } : {}),
    },
  };
}

export const datasetInputToWire = (di: DatasetInput): WireDatasetInput => ({
  tags: keyValuesToWire(di.tags),
  dataset: {
    name: di.dataset.name,
    digest: di.dataset.digest,
    source_type: di.dataset.sourceType,
    source: di.dataset.source,
    ...(di.dataset.schema !== undefined ? { schema: di.dataset.schema } : {}),
    ...(di.dataset.profile !== undefined ? { profile: di.dataset.profile } : {}),
  },
});

export function runFromWire(v: unknown): Run {
  const r = obj(v);
  const data = obj(r.data);
  return {
    info: runInfoFromWire(r.info),
    data: {
      metrics: list(data.metrics).map(metricFromWire),
      params: list(data.params).map(keyValueFromWire),
      tags: list(data.tags).map(keyValueFromWire),
    },
    inputs: { datasetInputs: list(obj(r.inputs).dataset_inputs).map(datasetInputFromWire) },
  };
}

export function fileInfoFromWire(v: unknown): FileInfo {
  const f = obj(v);
  return {
    path: str(f.path),
    isDir: f.is_dir === true,
    ...(f.file_size !== undefined && f.file_size !== null ? { fileSize: decodeNumber(f.file_size) } : {}),
  };
}

export function seriesFromWire(v: unknown): MetricSeries {
  const s = obj(v);
  const values = list(s.values).map(decodeNumber);
  return {
    runId: str(s.run_id),
    key: str(s.key),
    steps: list(s.steps).map(decodeNumber),
    timestamps: list(s.timestamps).map(decodeNumber),
    values,
    totalPoints: s.total_points === undefined ? values.length : decodeNumber(s.total_points),
    rangePoints: s.range_points === undefined ? values.length : decodeNumber(s.range_points),
    cursor: s.cursor === undefined ? 0 : decodeNumber(s.cursor),
  };
}

export function tailFromWire(v: unknown): TailResult {
  const t = obj(v);
  return {
    points: list(t.points).map((p) => ({ ...metricFromWire(p), runId: str(obj(p).run_id) })),
    cursor: decodeNumber(t.cursor ?? 0),
  };
}

/** The next page token, or nothing: protobuf JSON sends "" or omits it on the last page. */
export const pageToken = (v: unknown): { nextPageToken?: string } => {
  const token = obj(v).next_page_token;
  return typeof token === 'string' && token !== '' ? { nextPageToken: token } : {};
};
