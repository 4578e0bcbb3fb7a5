import { nowMs } from '../../core/clock.js';
import type { DatasetProfile, TableProfile } from '../../core/data-types.js';
import { openSandbox } from './duckdb-sandbox.js';
import { profileImages } from './image-profile.js';
import { profileTable } from './table-profile.js';
import { extensionOf, tabularFormatOf } from './tabular-format.js';

export interface VersionFile {
  /** The file's path in the dataset version; its extension picks the reader. */
  path: string;
  /** Where its bytes are on this machine (an object file, which has no extension). */
  localPath: string;
  size: number;
}

export interface ProfileOptions {
  /** Rows kept as each table's sample (default 20). */
  sampleRows?: number;
  /** Tables profiled at most (default 50): the largest by bytes; the rest only count in fileTypes. */
  maxTables?: number;
  /** Image headers read at most (default 10,000), spread over the images. */
  maxImages?: number;
  /** Tables with at most this many rows get exact distinct counts, quantiles and top values (default 1,000,000). */
  exactRowLimit?: number;
  /** DuckDB's memory limit while profiling (default 2GB). */
  memoryLimit?: string;
}

export const DEFAULT_SAMPLE_ROWS = 20;
export const DEFAULT_MAX_TABLES = 50;
export const DEFAULT_EXACT_ROW_LIMIT = 1_000_000;

/**
 * The profile of a version's files: each table (CSV/TSV, Parquet, JSON lines, by the dataset
 * path's extension) with its columns' statistics and a sample, the images' sizes read from
 * their headers, and counts and bytes per extension. A table that cannot be read is listed
 * with `error`; it does not fail the profile.
 *
 * Work is capped: when a version has more than `maxTables` tables, the largest are profiled
 * (they hold most of the data; a folder of many small shards gets its biggest ones), and
 * `tables` lists the profiled ones in path order. fileTypes is ordered by bytes, largest first.
 *
 * @example
 *   const profile = await profileFiles([{ path: 'labels.csv', localPath: '/objects/ab/cd/abcd…', size: 1234 }]);
 */
export async function profileFiles(files: VersionFile[], options: ProfileOptions = {}): Promise<DatasetProfile> {
  const maxTables = Math.max(0, options.maxTables ?? DEFAULT_MAX_TABLES);
  const chosen = files
    .filter((f) => tabularFormatOf(f.path) !== undefined)
    .sort((a, b) => b.size - a.size || comparePaths(a.path, b.path))
    .slice(0, maxTables)
    .sort((a, b) => comparePaths(a.path, b.path));

  const tables: TableProfile[] = [];
  if (chosen.length > 0) {
    const sandbox = await openSandbox({
      readablePaths: chosen.map((f) => f.localPath),
      ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
    });
    try {
      for (const file of chosen) {
        tables.push(
          await profileTable(sandbox.connection, file, {
            sampleRows: options.sampleRows ?? DEFAULT_SAMPLE_ROWS,
            exactRowLimit: options.exactRowLimit ?? DEFAULT_EXACT_ROW_LIMIT,
          }),
        );
      }
    } finally {
      sandbox.close();
    }
  }

  const images = await profileImages(files, options.maxImages === undefined ? {} : { maxImages: options.maxImages });
  return { computedTime: nowMs(), tables, images, fileTypes: fileTypes(files) };
}

function fileTypes(files: VersionFile[]): DatasetProfile['fileTypes'] {
  const byExtension = new Map<string, { extension: string; count: number; bytes: number }>();
  for (const file of files) {
    const extension = extensionOf(file.path);
    const entry = byExtension.get(extension) ?? { extension, count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += file.size;
    byExtension.set(extension, entry);
  }
  return [...byExtension.values()].sort((a, b) => b.bytes - a.bytes || comparePaths(a.extension, b.extension));
}

/** Bytewise-ish order (UTF-16 code units), the same on every machine, unlike localeCompare. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
