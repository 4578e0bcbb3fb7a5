import type { Dataset, DatasetDiff, DatasetProfile, DatasetVersion, DiffEntry, ManifestEntry } from '../../core/data-types.js';
import type { RunInfo } from '../../core/tracking-types.js';

export const versionJson = (v: DatasetVersion) => ({
  dataset: v.dataset,
  version: v.version,
  manifest_hash: v.manifestHash,
  digest: v.digest,
  message: v.message,
  author: v.author,
  created_time: v.createdTime,
  parent: v.parent,
  tags: v.tags,
  file_count: v.fileCount,
  total_bytes: v.totalBytes,
});

export const datasetJson = (d: Dataset) => ({
  name: d.name,
  created_time: d.createdTime,
  latest_version: d.latestVersion,
  version_count: d.versionCount,
});

export const fileJson = (e: ManifestEntry) => ({ path: e.path, hash: e.hash, size: e.size, mode: e.mode });

const diffEntryJson = (e: DiffEntry) => ({ path: e.path, ...(e.old ? { old: e.old } : {}), ...(e.new ? { new: e.new } : {}) });

export const diffJson = (d: DatasetDiff) => ({
  added: d.added.map(diffEntryJson),
  removed: d.removed.map(diffEntryJson),
  modified: d.modified.map(diffEntryJson),
  summary: {
    added: d.summary.added,
    removed: d.summary.removed,
    modified: d.summary.modified,
    unchanged: d.summary.unchanged,
    bytes_added: d.summary.bytesAdded,
    bytes_removed: d.summary.bytesRemoved,
  },
});

export const runJson = (r: RunInfo) => ({
  run_id: r.runId,
  run_name: r.runName,
  experiment_id: r.experimentId,
  status: r.status,
  start_time: r.startTime,
  end_time: r.endTime,
});

/** The profile in snake_case; sample rows keep their column names as they are. */
export const profileJson = (p: DatasetProfile) => ({
  computed_time: p.computedTime,
  file_types: p.fileTypes,
  images: p.images && {
    count: p.images.count,
    formats: p.images.formats,
    widths: p.images.widths,
    heights: p.images.heights,
    bytes: p.images.bytes,
  },
  tables: p.tables.map((t) => ({
    path: t.path,
    format: t.format,
    row_count: t.rowCount,
    ...(t.error ? { error: t.error } : {}),
    sample: t.sample,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      missing: c.missing,
      distinct: c.distinct,
      ...(c.min !== undefined ? { min: c.min } : {}),
      ...(c.max !== undefined ? { max: c.max } : {}),
      ...(c.mean !== undefined ? { mean: c.mean } : {}),
      ...(c.quantiles ? { quantiles: c.quantiles } : {}),
      ...(c.histogram ? { histogram: c.histogram } : {}),
      ...(c.topValues ? { top_values: c.topValues } : {}),
    })),
  })),
});
