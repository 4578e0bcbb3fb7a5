// The wire shapes of the data API (docs/data-api.md, snake_case), as the UI reads them.
// The domain types are in src/core/data-types.ts; these are their JSON.

export interface Dataset {
  name: string;
  created_time: number;
  /** Null while the dataset has no version. */
  latest_version: number | null;
  version_count: number;
}

export interface DatasetVersion {
  dataset: string;
  version: number;
  manifest_hash: string;
  /** What a run records as its input's digest: the first 32 hex of the manifest hash. */
  digest: string;
  message: string;
  author: string;
  created_time: number;
  /** The version this one was made from; null for the first. */
  parent: number | null;
  tags: string[];
  file_count: number;
  total_bytes: number;
}

export interface DatasetFile {
  path: string;
  hash: string;
  size: number;
  mode: number;
}

/** One level of a version's file tree; a folder's size and files count everything under it. */
export interface TreeEntry {
  name: string;
  type: 'file' | 'dir';
  size: number;
  files: number;
}

export interface DiffSide {
  hash: string;
  size: number;
  mode: number;
}

export interface DiffEntry {
  path: string;
  /** Absent for an added file. */
  old?: DiffSide;
  /** Absent for a removed file. */
  new?: DiffSide;
}

export interface DatasetDiff {
  /** Each list is capped at the request's max_results; the summary counts everything. */
  added: DiffEntry[];
  removed: DiffEntry[];
  modified: DiffEntry[];
  summary: { added: number; removed: number; modified: number; unchanged: number; bytes_added: number; bytes_removed: number };
}

/** A run whose inputs name a dataset version (lineage). */
export interface VersionRun {
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: string;
  start_time: number;
  end_time?: number | null;
}

export interface DatasetProfile {
  computed_time: number;
  tables: TableProfile[];
  images: ImageProfile | null;
  /** Files by extension. */
  file_types: { extension: string; count: number; bytes: number }[];
}

export interface TableProfile {
  path: string;
  format: string;
  row_count: number;
  columns: ColumnProfile[];
  /** The first rows. */
  sample: Record<string, unknown>[];
  /** Why the file could not be read, when it could not. */
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
  top_values?: { value: string; count: number }[];
}

export interface MinMaxMean {
  min: number;
  max: number;
  mean: number;
}

export interface ImageProfile {
  count: number;
  formats: { format: string; count: number }[];
  /** Pixel sizes from the file headers; null when none could be read. */
  widths: MinMaxMean | null;
  heights: MinMaxMean | null;
  /** Bytes per image. */
  bytes: MinMaxMean;
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** More rows matched than came back. */
  truncated: boolean;
}
