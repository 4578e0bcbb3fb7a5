// The wire shapes of the model registry (docs/models-api.md): MLflow's RegisteredModel and
// ModelVersion messages, with Flywheel's fields beside MLflow's, as the UI reads them.
// Versions are strings and times epoch milliseconds, as MLflow sends them.

export interface RegistryTag {
  key: string;
  value: string;
}

export interface ModelAliasRef {
  alias: string;
  version: string;
}

export interface TensorSpec {
  name: string;
  /** An OIP datatype: FP32, INT64, BYTES, ... */
  datatype: string;
  /** -1 for a dynamic dimension. */
  shape: number[];
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  status: string;
  status_message: string;
  tags: RegistryTag[];
  /** The aliases that point at this version. */
  aliases: string[];
  /** `onnx` | `tfjs-layers` | `tfjs-graph`. */
  format: string;
  signature: ModelSignature;
  /** The source run's latest metrics at registration; NaN and ±Infinity arrive as strings. */
  metrics: Record<string, number | string>;
  /** The source run's dataset inputs. */
  datasets: { name: string; digest: string }[];
  /** How many files the version has. */
  files: number;
  size_bytes: number;
}

export interface RegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  /** The newest version of each stage (MLflow's latest_versions). */
  latest_versions: ModelVersion[];
  tags: RegistryTag[];
  aliases: ModelAliasRef[];
}

/** One move of an alias (alias-history), newest first. */
export interface AliasEvent {
  alias: string;
  action: 'set' | 'delete';
  /** Null when the alias did not exist before. */
  from_version: string | null;
  /** Null for a delete. */
  to_version: string | null;
  user_id: string;
  time: number;
}

/**
 * A gate in its file form (snake_case), a one-key map: `{metric: {metric, op, value}}`,
 * `{beats_current: {...}}` or `{latency: {p99_ms, batch_size, runs}}`.
 */
export type GateSpec =
  | { metric: { metric: string; op: string; value: number } }
  | {
      beats_current: {
        dataset: string;
        file: string;
        label: string;
        features?: string[];
        classes?: string[];
        metric: string;
        min_improvement: number;
      };
    }
  | { latency: { p99_ms: number; batch_size: number; runs: number } };

export interface GateResult {
  gate: GateSpec;
  passed: boolean;
  /** What was measured and against what: "val_acc 0.967 >= 0.9". */
  detail: string;
}

/** The outcome of checking an alias's gates for a version. */
export interface GateReport {
  name: string;
  version: string;
  alias: string;
  passed: boolean;
  results: GateResult[];
}

export interface ModelFile {
  path: string;
  size: number;
  sha256: string;
}
