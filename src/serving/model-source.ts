import type { ModelFiles, ModelFormat } from './runtime/runtime-types.js';

/** A registered model version, as much as serving needs of it. */
export interface ServableVersion {
  name: string;
  /** MLflow's version numbers are strings ("3"). */
  version: string;
  format: ModelFormat;
}

/**
 * Where the inference server gets models: in `fw server` the registry in-process; in
 * `fw serve` the registry of a Flywheel server over HTTP (FW_TRACKING_URI).
 */
export interface ModelSource {
  /** `ref`: a version number, an alias (`production`), or `latest` (the newest version). Throws NOT_FOUND. */
  resolve(name: string, ref: string): Promise<ServableVersion>;
  /** The version's files, verified. */
  files(name: string, version: string): Promise<ModelFiles>;
}
