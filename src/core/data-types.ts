/**
 * The data domain (versioned datasets), shared by the server (src/data) and the SDK, which
 * may import nothing but src/core. Hashes are sha256, lowercase hex. Times are epoch ms.
 */

/** One file of a dataset version. `mode` is the permission bits (0o644, 0o755). */
export interface ManifestEntry {
  path: string;
  hash: string;
  size: number;
  mode: number;
}

/**
 * The manifest as stored (an object in the blob store, addressed by the sha256 of these
 * exact bytes): `{"format":"flywheel.manifest/1","files":[[path,hash,size,mode],...]}`,
 * files sorted by path (UTF-8 bytewise), no whitespace. Canonical, so the same tree always
 * gives the same manifest hash, and arrays keep 100k entries near 10 MB.
 */
export const MANIFEST_FORMAT = 'flywheel.manifest/1';

export interface DatasetVersion {
  dataset: string;
  version: number;
  manifestHash: string;
  /** What a run records as its input's digest (MLflow log-inputs): the first 32 hex of the manifest hash. */
  digest: string;
  message: string;
  author: string;
  createdTime: number;
  /** The version this one was made from; null for the first. */
  parent: number | null;
  tags: string[];
  fileCount: number;
  totalBytes: number;
}

export interface Dataset {
  name: string;
  createdTime: number;
  latestVersion: number | null;
  versionCount: number;
}

export interface DiffEntry {
  path: string;
  /** Absent for an added file. */
  old?: { hash: string; size: number; mode: number };
  /** Absent for a removed file. */
  new?: { hash: string; size: number; mode: number };
}

export interface DatasetDiff {
  added: DiffEntry[];
  removed: DiffEntry[];
  modified: DiffEntry[];
  summary: { added: number; removed: number; modified: number; unchanged: number; bytesAdded: number; bytesRemoved: number };
}

/** A run whose inputs record a dataset version (lineage). */
export interface DatasetRun {
  runId: string;
  runName: string;
  experimentId: string;
  status: string;
  startTime: number;
  endTime: number | null;
}

/** A dataset reference as users write it: `pets`, `pets@2`, `pets@latest`, `pets@train-v3`. */
export interface DatasetRef {
  dataset: string;
  /** A version number, a tag, or 'latest'. */
  ref: string;
}

export function parseDatasetRef(text: string): DatasetRef | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]{0,127})(?:@([A-Za-z0-9._-]{1,128}))?$/.exec(text);
  if (!m) return undefined;
  return { dataset: m[1]!, ref: m[2] ?? 'latest' };
}

export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Tags may not look like version numbers, which they would shadow. */
export const DATASET_TAG = /^(?!\d+$)(?!latest$)[A-Za-z0-9._-]{1,128}$/;

/** Profile of a version's files (computed once, stored as an object). */
export interface DatasetProfile {
  computedTime: number;
  tables: TableProfile[];
  images: ImageProfile | null;
  /** Files by extension: count and bytes. */
  fileTypes: { extension: string; count: number; bytes: number }[];
}

/** The tabular formats a profile reads. */
export const TABLE_FORMATS = ['csv', 'parquet', 'jsonl'] as const;

export interface TableProfile {
  path: string;
  format: (typeof TABLE_FORMATS)[number];
  rowCount: number;
  columns: ColumnProfile[];
  /** The first rows, as JSON values. */
  sample: Record<string, unknown>[];
  /** Why it could not be read, when it could not. */
  error?: string;
}

export interface ColumnProfile {
  name: string;
  type: string;
  missing: number;
  distinct: number;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  /** p5, p25, p50, p75, p95 for numeric columns. */
  quantiles?: { p: number; value: number }[];
  /** Numeric columns: equal-width bins. */
  histogram?: { from: number; to: number; count: number }[];
  /** Other columns: the most frequent values. */
  topValues?: { value: string; count: number }[];
}

export interface ImageProfile {
  count: number;
  formats: { format: string; count: number }[];
  /** Pixel sizes read from the file headers. */
  widths: { min: number; max: number; mean: number } | null;
  heights: { min: number; max: number; mean: number } | null;
  /** Bytes per image. */
  bytes: { min: number; max: number; mean: number };
}
