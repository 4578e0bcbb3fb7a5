export { profileFiles } from './profile-version.js';
export { queryFiles } from './query-version.js';

/** Files a profile reads: tables and images. Other files count only in `fileTypes`. */
export const PROFILED_EXTENSIONS = /\.(csv|tsv|parquet|jsonl|ndjson|png|jpe?g|gif|webp|bmp)$/i;
/** Files a query can name. */
export const TABULAR_EXTENSIONS = /\.(csv|tsv|parquet|jsonl|ndjson)$/i;
