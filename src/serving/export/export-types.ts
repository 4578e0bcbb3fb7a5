import type { ModelFiles, ModelFormat, ModelSignature } from '../runtime/runtime-types.js';

/** What `fw models export` can write: a browser bundle, or a plain ONNX file. */
export const EXPORT_TARGETS = ['web', 'onnx'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/** A model version to export: as registered. */
export interface ExportableVersion {
  name: string;
  version: string;
  format: ModelFormat;
  /** Default: read from the model, by loading it in this process (which also proves it loads). */
  signature?: ModelSignature;
  files: ModelFiles;
}

/** One file written, as manifest.json lists it. */
export interface ExportedFile {
  /** Relative to the output folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

/** manifest.json of a web bundle. */
export interface WebBundleManifest {
  /** The bundle layout's version, for loaders that read older bundles. */
  flywheelBundle: 1;
  name: string;
  version: string;
  format: ModelFormat;
  signature: ModelSignature;
  /** The npm packages of the runtime, with their versions. */
  runtime: Record<string, string>;
  /** Every file of the bundle but manifest.json itself; the model's files are under `model/`. */
  files: ExportedFile[];
}

export interface ExportResult {
  target: ExportTarget;
  outDir: string;
  /** Every file written, manifest.json included. */
  files: ExportedFile[];
  sizeBytes: number;
}

export interface ExportOptions {
  /**
   * Write into a folder that is not empty. The files of an earlier export there (those its
   * manifest.json lists) are removed first; nothing else is. Default: refuse (ALREADY_EXISTS).
   */
  overwrite?: boolean;
}

export interface WebBundleOptions extends ExportOptions {
  /** The row each input's box on index.html starts with; default: a row of the input's width. */
  example?: Record<string, number[]>;
}
