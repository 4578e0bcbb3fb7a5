// The wire shapes of the tracking API (MLflow's JSON, snake_case), as the UI reads them.
// NaN and ±Infinity arrive as the strings "NaN", "Infinity", "-Infinity".
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
  tags?: KeyValue[];
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunInfo {
  run_id: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: 'active' | 'deleted';
  job_id?: string;
}

export interface MetricPoint {
  key: string;
  value: WireNumber;
  timestamp: number;
  step: number;
}

export interface DatasetInput {
  tags?: KeyValue[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

export interface Run {
  info: RunInfo;
  data: { metrics?: MetricPoint[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: DatasetInput[] };
}

export interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export interface Series {
  run_id: string;
  key: string;
  steps: number[];
  timestamps: number[];
  values: WireNumber[];
  total_points: number;
}

export interface TailPoint extends MetricPoint {
  run_id: string;
}

/** Decodes a wire number (NaN/±Infinity come as strings). */
export function num(v: WireNumber): number {
  return typeof v === 'number' ? v : v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : -Infinity;
}
