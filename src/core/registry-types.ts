/**
 * The model registry's domain types (MLflow's registered models and model versions, with
 * Flywheel's additions). They live in core so the SDK shares them without the server.
 * Times are epoch milliseconds.
 */

export const MODEL_VERSION_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelVersionStage = (typeof MODEL_VERSION_STAGES)[number];

/** Registration is synchronous here, so versions are READY; the others exist for MLflow's clients. */
export const MODEL_VERSION_STATUSES = ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

export interface RegistryTag {
  key: string;
  value: string;
}

export interface ModelAlias {
  alias: string;
  version: number;
}

export interface RegisteredModel {
  name: string;
  description: string;
  creationTime: number;
  lastUpdatedTime: number;
  tags: RegistryTag[];
  aliases: ModelAlias[];
  /** The newest version of each stage (MLflow's latest_versions). */
  latestVersions: ModelVersion[];
}

export interface ModelTensorSpec {
  name: string;
  datatype: string;
  shape: number[];
}

export interface ModelVersionSignature {
  inputs: ModelTensorSpec[];
  outputs: ModelTensorSpec[];
}

export interface ModelVersion {
  name: string;
  version: number;
  creationTime: number;
  lastUpdatedTime: number;
  description: string;
  userId: string;
  source: string;
  runId: string;
  status: ModelVersionStatus;
  statusMessage: string;
  currentStage: ModelVersionStage;
  tags: RegistryTag[];
  /** The aliases that point at this version. */
  aliases: string[];
  /** `onnx` | `tfjs-layers` | `tfjs-graph`. */
  format: string;
  signature: ModelVersionSignature;
  /** The source run's latest metrics when the version was registered. */
  metrics: Record<string, number>;
  /** The source run's dataset inputs. */
  datasets: { name: string; digest: string }[];
  /** The manifest object listing the version's files. */
  manifestHash: string;
  files: number;
  sizeBytes: number;
}

/** One file of a model version. */
export interface ModelFileEntry {
  path: string;
  size: number;
  sha256: string;
}

export type AliasAction = 'set' | 'delete';

/** One change of an alias: the promotion history. */
export interface AliasEvent {
  name: string;
  alias: string;
  action: AliasAction;
  fromVersion: number | null;
  toVersion: number | null;
  userId: string;
  time: number;
}

export interface SearchRegistryRequest {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

/**
 * The ref of `resolve`: a version number, an alias, or `latest` (the newest version).
 * Also parsed from `name@alias` and `name/3` by the CLI.
 */
export type ModelRef = string;
